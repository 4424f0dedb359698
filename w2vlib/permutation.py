"""배열로 저장하지 않는 무작위 순열: 위치 i에 오는 원소 π(i)를 필요할 때 계산합니다.

학습 예시 n 개를 에폭마다 섞을 때 보통은 순열 (n,)을 만들어 둡니다 (PTB 93만 예시면 int32로 3.7 MB, NSMC 형태소
1,300만 예시면 52 MB). Hogwild 일꾼들이 하나의 순서를 나눠 가져가려면 그 순열을 공유 메모리에 두어야 하는데
(:class:`~w2vlib.hogwild.BatchQueue`), 다음 에폭의 순열을 미리 만들어 두려면 두 벌이 듭니다. :class:`KeyedPermutation`은
순열을 저장하지 않고, 시드에서 만든 열쇠로 위치 → 원소의 전단사를 그때그때 계산합니다. 배치 하나(위치 32,000개)에
1 ms쯤 걸립니다 (이 책의 기계).

방법은 형식 보존 암호(format-preserving encryption)에서 쓰는 것입니다.

1. **Feistel 네트워크**: 2h 비트 수 x를 앞 h 비트 L과 뒤 h 비트 R로 나누고, 라운드마다 (L, R) ← (R, L ⊕ F(R, kᵣ))로
   바꿉니다. F가 어떤 함수든 한 라운드는 되돌릴 수 있으므로(L = R' ⊕ F(L', kᵣ)) 여러 라운드를 거친 것도 0..2²ʰ−1의
   전단사입니다. F는 곱셈과 xorshift로 섞은 64비트 해시의 위 h 비트이고, 라운드 열쇠 kᵣ는 시드의 난수 생성기에서 뽑습니다.
   Luby–Rackoff는 F가 의사 난수 함수이면 3–4라운드로 의사 난수 순열이 됨을 보였습니다. 여기의 F는 간단한 해시라 6라운드를
   돌고, 원소의 자리와 이웃한 자리의 쌍이 고르게 퍼지는지는 테스트가 카이제곱으로 확인합니다.
2. **순환 걷기(cycle walking)**: 2²ʰ은 n 이상인 4의 거듭제곱 가운데 가장 작은 것(4 이상)이라, n이 3 이상이면 n의 4배
   미만입니다. π(i)가 n 이상이면 n 미만이 나올 때까지 같은 전단사를 다시 적용합니다. 전단사의 순환을 따라가다 처음 만나는
   n 미만의 수이므로 결과도 0..n−1의 전단사이고, 적용 횟수는 평균 4번 미만입니다.
"""
from __future__ import annotations

import numpy as np

from ._checks import positive_int

_MIX = (0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9)
"""라운드 함수의 두 곱셈 상수 (2⁶⁴/φ (φ는 황금비)와 SplitMix64의 상수: 곱셈이 아래 비트를 위로 고루 퍼뜨림)."""


class KeyedPermutation:
    """0..n−1의 무작위 순열 π. 배열로 저장하지 않고 ``perm(positions)``가 그 위치의 원소를 계산합니다.

    Parameters
    ----------
    n : 원소 수 (1 이상)
    seed : ``np.random.default_rng``에 줄 수 있는 시드 (정수, 정수 열 등). 같은 (n, seed)면 같은 순열입니다.

    ``perm(positions)`` : positions (M,) int, 0 ≤ i < n → (M,) int64, π(positions). 위치가 모두 다르면 원소도 모두
    다르고, ``perm(np.arange(n))``은 0..n−1을 한 번씩 담은 순열입니다. 범위 밖의 위치는 ValueError입니다.
    """

    ROUNDS = 6
    """Feistel 라운드 수 (모듈 설명)."""

    def __init__(self, n: int, seed):
        self.n = positive_int("n", n)
        bits = max(2, (self.n - 1).bit_length())
        self._half = np.uint64((bits + 1) // 2)                           # 2h ≥ bits: 정의역 0..2²ʰ−1 ⊇ 0..n−1
        self._mask = np.uint64((1 << int(self._half)) - 1)
        self._top = np.uint64(64 - int(self._half))
        self._mix = tuple(np.uint64(c) for c in _MIX)
        self._keys = np.random.default_rng(seed).integers(0, 2**64, size=self.ROUNDS, dtype=np.uint64)

    def _encrypt(self, x: np.ndarray) -> np.ndarray:
        """0..2²ʰ−1의 전단사 (Feistel 네트워크). x : (M,) uint64 → (M,) uint64 (새 배열)."""
        left, right = x >> self._half, x & self._mask
        for key in self._keys:
            z = (right + key) * self._mix[0]                  # uint64 배열 연산은 2⁶⁴로 나눈 나머지 (넘침 경고 없음)
            z ^= z >> np.uint64(29)
            z *= self._mix[1]
            left, right = right, left ^ (z >> self._top)  # 위 h 비트
        return (left << self._half) | right

    def __call__(self, positions) -> np.ndarray:
        positions = np.asarray(positions)
        if positions.dtype.kind not in "iu":
            raise TypeError(f"positions: 정수 배열이어야 합니다 (받은 dtype: {positions.dtype}).")
        if positions.size and (positions.min() < 0 or positions.max() >= self.n):
            raise ValueError(f"positions: 0 이상 n = {self.n} 미만이어야 합니다 "
                             f"(받은 범위: {positions.min()}..{positions.max()}).")
        y = self._encrypt(positions.astype(np.uint64).reshape(-1))
        walking = np.flatnonzero(y >= self.n)              # 순환 걷기: n 미만이 나올 때까지 다시
        while len(walking):
            y[walking] = self._encrypt(y[walking])
            walking = walking[y[walking] >= self.n]
        return y.astype(np.int64).reshape(positions.shape)

    def __repr__(self) -> str:
        return f"KeyedPermutation(n={self.n})"
