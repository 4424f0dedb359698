"""책(밑바닥부터 시작하는 딥러닝 2)의 4장 코드를 **그대로 옮긴** 비교용 구현.

빠른 구현(:mod:`w2vlib.layers`, :mod:`w2vlib.negative_sampling`, :mod:`w2vlib.models`)이 같은 값을 내는지
확인하고, 어디서 시간이 드는지 재기 위한 기준입니다. 학습에는 쓰지 마세요: 일부러 느립니다.
책과 다른 점은 재현성을 위한 난수 생성기 인자(``rng``, 기본은 책처럼 전역 ``np.random``)뿐입니다.

책 원본과 같은 성질
--------------------
- ``Embedding.backward``: (V, H) 밀집 기울기를 매번 0으로 채우고 2차원 ``np.add.at``.
- ``UnigramSampler.get_negative_sample``: 행마다 확률 벡터를 복사해 ``np.random.choice(replace=False)``.
- ``NegativeSamplingLoss``: 정답 1개 + 부정적 예 k 개에 계층을 하나씩 (k+1개) 두고 파이썬 루프.
- ``CBOW``: 맥락 위치마다 Embedding 계층 하나 (2·window 개, 모두 같은 W_in 공유).
- ``Adam``: ``lr_t``가 np.float64 라서 NumPy 2에서는 float32 매개변수 갱신 전체가 float64로 계산됩니다.
"""
from __future__ import annotations

import numpy as np


def cross_entropy_error(y, t):
    """책의 ``common/functions.py`` 그대로 (1e-7을 더해 log(0)을 피함)."""
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size


class Embedding:
    """책의 ``common/layers.py`` Embedding."""

    def __init__(self, W):
        self.params = [W]
        self.grads = [np.zeros_like(W)]
        self.idx = None

    def forward(self, idx):
        W, = self.params
        self.idx = idx
        return W[idx]

    def backward(self, dout):
        dW, = self.grads
        dW[...] = 0
        np.add.at(dW, self.idx, dout)
        return None


class SigmoidWithLoss:
    """책의 ``common/layers.py`` SigmoidWithLoss. x, t : (N,)."""

    def __init__(self):
        self.params, self.grads = [], []
        self.loss = None
        self.y = None
        self.t = None

    def forward(self, x, t):
        self.t = t
        self.y = 1 / (1 + np.exp(-x))
        self.loss = cross_entropy_error(np.c_[1 - self.y, self.y], self.t)
        return self.loss

    def backward(self, dout=1):
        batch_size = self.t.shape[0]
        return (self.y - self.t) * dout / batch_size


class EmbeddingDot:
    """책의 ``ch04/negative_sampling_layer.py`` EmbeddingDot. h : (N, H), idx : (N,)."""

    def __init__(self, W):
        self.embed = Embedding(W)
        self.params = self.embed.params
        self.grads = self.embed.grads
        self.cache = None

    def forward(self, h, idx):
        target_W = self.embed.forward(idx)
        out = np.sum(target_W * h, axis=1)
        self.cache = (h, target_W)
        return out

    def backward(self, dout):
        h, target_W = self.cache
        dout = dout.reshape(dout.shape[0], 1)
        self.embed.backward(dout * h)
        return dout * target_W


class UnigramSampler:
    """책의 UnigramSampler (CPU 판). ``rng``에 ``np.random.RandomState``를 주면 재현됩니다."""

    def __init__(self, corpus, power, sample_size, rng=None):
        self.sample_size = sample_size
        counts = np.bincount(corpus)              # 책은 collections.Counter 루프: 결과는 같습니다
        self.vocab_size = len(counts)
        self.word_p = np.power(counts.astype(np.float64), power)
        self.word_p /= np.sum(self.word_p)
        self.rng = np.random if rng is None else rng

    def get_negative_sample(self, target):
        batch_size = target.shape[0]
        negative_sample = np.zeros((batch_size, self.sample_size), dtype=np.int32)
        for i in range(batch_size):
            p = self.word_p.copy()
            target_idx = target[i]
            p[target_idx] = 0
            p /= p.sum()
            negative_sample[i, :] = self.rng.choice(self.vocab_size, size=self.sample_size, replace=False, p=p)
        return negative_sample


class NegativeSamplingLoss:
    """책의 NegativeSamplingLoss: 계층 (k+1) 개와 파이썬 루프.

    ``forward(h, target, negative_sample=None)``: 비교를 위해 부정적 예를 밖에서 줄 수 있게 한 것 말고는
    책과 같습니다. ``negative_column(negative_sample, i)``는 i 번째 부정적 예의 열을 고릅니다 (흔한
    ``[:, 1]`` 버그를 재현할 때 이 메서드만 바꿔 끼웁니다).
    """

    def __init__(self, W, corpus, power=0.75, sample_size=5, rng=None):
        self.sample_size = sample_size
        self.sampler = UnigramSampler(corpus, power, sample_size, rng=rng)
        self.loss_layers = [SigmoidWithLoss() for _ in range(sample_size + 1)]
        self.embed_dot_layers = [EmbeddingDot(W) for _ in range(sample_size + 1)]
        self.params, self.grads = [], []
        for layer in self.embed_dot_layers:
            self.params += layer.params
            self.grads += layer.grads

    @staticmethod
    def negative_column(negative_sample, i):
        return negative_sample[:, i]

    def forward(self, h, target, negative_sample=None):
        batch_size = target.shape[0]
        if negative_sample is None:
            negative_sample = self.sampler.get_negative_sample(target)

        # 긍정적 예 순전파
        score = self.embed_dot_layers[0].forward(h, target)
        correct_label = np.ones(batch_size, dtype=np.int32)
        loss = self.loss_layers[0].forward(score, correct_label)

        # 부정적 예 순전파
        negative_label = np.zeros(batch_size, dtype=np.int32)
        for i in range(self.sample_size):
            negative_target = self.negative_column(negative_sample, i)
            score = self.embed_dot_layers[1 + i].forward(h, negative_target)
            loss += self.loss_layers[1 + i].forward(score, negative_label)
        return loss

    def backward(self, dout=1):
        dh = 0
        for l0, l1 in zip(self.loss_layers, self.embed_dot_layers):
            dscore = l0.backward(dout)
            dh += l1.backward(dscore)
        return dh


class CBOW:
    """책의 ``ch04/cbow.py``: 맥락 위치마다 Embedding 계층, 밀집 기울기."""

    def __init__(self, vocab_size, hidden_size, window_size, corpus, rng=None):
        V, H = vocab_size, hidden_size
        randn = (np.random if rng is None else rng).randn
        W_in = 0.01 * randn(V, H).astype("f")
        W_out = 0.01 * randn(V, H).astype("f")
        self.in_layers = [Embedding(W_in) for _ in range(2 * window_size)]
        self.ns_loss = NegativeSamplingLoss(W_out, corpus, power=0.75, sample_size=5, rng=rng)
        self.params, self.grads = [], []
        for layer in self.in_layers + [self.ns_loss]:
            self.params += layer.params
            self.grads += layer.grads
        self.word_vecs = W_in

    def forward(self, contexts, target):
        h = 0
        for i, layer in enumerate(self.in_layers):
            h += layer.forward(contexts[:, i])
        h *= 1 / len(self.in_layers)
        return self.ns_loss.forward(h, target)

    def backward(self, dout=1):
        dout = self.ns_loss.backward(dout)
        dout *= 1 / len(self.in_layers)
        for layer in self.in_layers:
            layer.backward(dout)
        return None


class Adam:
    """책의 ``common/optimizer.py`` Adam (밀집, 모든 행을 매번 갱신)."""

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        self.lr, self.beta1, self.beta2 = lr, beta1, beta2
        self.iter = 0
        self.m = None
        self.v = None

    def update(self, params, grads):
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.iter += 1
        lr_t = self.lr * np.sqrt(1.0 - self.beta2 ** self.iter) / (1.0 - self.beta1 ** self.iter)
        for i in range(len(params)):
            self.m[i] += (1 - self.beta1) * (grads[i] - self.m[i])
            self.v[i] += (1 - self.beta2) * (grads[i] ** 2 - self.v[i])
            params[i] -= lr_t * self.m[i] / (np.sqrt(self.v[i]) + 1e-7)


class AdamFloatLR(Adam):
    """비교 실험용(4.3절): 책의 ``Adam.update``를 그대로 옮기고, ``lr_t``를 파이썬 float로 만드는 한 줄만 바꿨습니다.

    NumPy 2에서 책의 ``lr_t``는 ``np.float64``이므로 float32 배열과 곱하면 계산 전체가 float64가 됩니다."""

    def update(self, params, grads):
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.iter += 1
        lr_t = float(self.lr * np.sqrt(1.0 - self.beta2 ** self.iter) / (1.0 - self.beta1 ** self.iter))
        for i in range(len(params)):
            self.m[i] += (1 - self.beta1) * (grads[i] - self.m[i])
            self.v[i] += (1 - self.beta2) * (grads[i] ** 2 - self.v[i])
            params[i] -= lr_t * self.m[i] / (np.sqrt(self.v[i]) + 1e-7)


def remove_duplicate(params, grads):
    """책의 ``common/trainer.py``: 공유 가중치의 기울기를 하나로 더합니다 (밀집 V×H 덧셈)."""
    params, grads = params[:], grads[:]
    while True:
        find_flg = False
        L = len(params)
        for i in range(0, L - 1):
            for j in range(i + 1, L):
                if params[i] is params[j]:
                    grads[i] += grads[j]
                    find_flg = True
                    params.pop(j)
                    grads.pop(j)
                elif params[i].ndim == 2 and params[j].ndim == 2 and \
                        params[i].T.shape == params[j].shape and np.all(params[i].T == params[j]):
                    grads[i] += grads[j].T
                    find_flg = True
                    params.pop(j)
                    grads.pop(j)
                if find_flg:
                    break
            if find_flg:
                break
        if not find_flg:
            break
    return params, grads


def train_step(model, optimizer, contexts, target):
    """책의 ``Trainer.fit`` 한 반복: 순전파, 역전파, 공유 가중치 정리, 갱신. 손실을 돌려줍니다."""
    loss = model.forward(contexts, target)
    model.backward()
    params, grads = remove_duplicate(model.params, model.grads)
    optimizer.update(params, grads)
    return loss
