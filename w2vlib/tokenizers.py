"""한국어 토큰화: 어절(띄어쓰기 단위)과 형태소, 그리고 토큰화한 말뭉치(:class:`TokenizedCorpus`).

- ``"word"`` (어절): 공백으로 나눕니다. "영화가", "영화를", "영화는"이 서로 다른 토큰입니다. 설치할 것이 없습니다.
- ``"morph"`` (형태소): 형태소 분석기 MeCab-ko(``python-mecab-ko`` + 사전 ``python-mecab-ko-dic``)로 나눈
  **표면형**입니다 ("영화가" → "영화", "가"). 품사 표지는 토큰에 붙이지 않으므로 평가 데이터의 낱말과 바로
  맞춰 볼 수 있습니다. 분석기는 선택 의존성 ``korean``에 있습니다: ``pip install "w2vlib[korean]"``.

왜 MeCab-ko인가: 이 책의 기계(한 코어)에서 NSMC 리뷰 3만 개를 나눠 보니 MeCab-ko가 Kiwi(``kiwipiepy``)보다
3–4배 빨랐고(CPU 시간), Kiwi는 "아닌" → "아니", "ᆫ"처럼 표면형이 아닌 형태(기본형, 자모)를 돌려주어
평가 데이터의 낱말과 맞지 않습니다. 둘 다 Java 없이 pip wheel로 설치되지만, MeCab-ko는 Python 3.13 이상의
wheel이 없습니다. 그런 곳에서는 어절 토큰(``"word"``)을 쓰거나 Python 3.11/3.12를 쓰라는 오류를 냅니다.
"""
from __future__ import annotations

import importlib.metadata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from ._checks import argument_error, one_of, positive_int

TOKENIZERS = ("word", "morph")
"""토큰 단위: 어절(공백으로 나눔)과 형태소(MeCab-ko의 표면형)."""
MORPH_RULES = 2
"""형태소 토큰을 만드는 규칙의 판 (바꾸면 토큰화 캐시의 열쇠가 바뀝니다). 2: 공백 문자 토큰을 뺌."""


def word_tokens(text: str) -> list[str]:
    """어절 토큰: 공백(띄어쓰기, 탭, 줄바꿈)으로 나눕니다."""
    return text.split()


class MorphTokenizer:
    """MeCab-ko 형태소 분석기로 나눈 표면형 토큰. ``tokenizer(text) -> list[str]``.

    분석기(``mecab`` 모듈)는 처음 만들 때 불러옵니다. 없으면 설치 방법과 대안을 밝힌 한국어 ``ImportError``.
    결과는 ``mecab.MeCab().morphs(text)``와 같고, 형태소 객체를 만들지 않는 빠른 길(약 2배)로 구합니다.
    """

    def __init__(self):
        try:
            import mecab
        except ImportError:
            raise ImportError(
                "형태소 분석기 MeCab-ko가 설치되어 있지 않습니다: pip install \"w2vlib[korean]\" (또는 pip install "
                "python-mecab-ko python-mecab-ko-dic). MeCab-ko의 wheel은 Python 3.12까지만 있으므로, Python 3.13 "
                "이상에서는 Python 3.11·3.12를 쓰거나 형태소 대신 어절 토큰(tokens=\"word\", 명령줄 --tokens word)을 "
                "쓰세요.") from None
        self._mecab = mecab.MeCab()
        self._fast = self._fast_parser()

    def _fast_parser(self) -> Callable[[str], list[str]] | None:
        """표면형만 꺼내는 빠른 길 (python-mecab-ko의 내부 API). 없는 버전이면 None (공개 API를 씀)."""
        try:
            from mecab.utils import create_lattice
            tagger = self._mecab._tagger
        except (ImportError, AttributeError):
            return None

        def parse(text: str) -> list[str]:
            lattice = create_lattice(text)
            if not tagger.parse(lattice):
                return self._mecab.morphs(text)           # 오류 메시지는 공개 API가 냅니다
            # 한 줄에 "표면형\t특성", 마지막 줄은 EOS
            return [line.split("\t", 1)[0] for line in lattice.to_string().splitlines()[:-1]]
        return parse

    def __call__(self, text: str) -> list[str]:
        if not text or text.isspace():
            return []
        tokens = self._fast(text) if self._fast is not None else self._mecab.morphs(text)
        # MeCab은 전각 공백(U+3000) 같은 공백 문자도 형태소로 돌려줍니다: 토큰에는 공백이 없어야 합니다
        return [part for token in tokens for part in token.split()]

    @property
    def version(self) -> str:
        """분석기와 사전의 버전 (토큰화 결과 캐시의 열쇠에 들어갑니다)."""
        return "mecab-ko-" + importlib.metadata.version("python-mecab-ko") + "-dic-" + \
            importlib.metadata.version("python-mecab-ko-dic") + f"-r{MORPH_RULES}"


def get_tokenizer(tokens: str) -> tuple[Callable[[str], list[str]], str]:
    """토큰 단위 이름 → (토큰화 함수, 캐시 열쇠에 쓸 이름과 버전)."""
    one_of("tokens", tokens, TOKENIZERS)
    if tokens == "word":
        return word_tokens, "word"
    tokenizer = MorphTokenizer()
    return tokenizer, tokenizer.version


@dataclass
class TokenizedCorpus:
    """토큰화한 문서(리뷰) 묶음. 토큰은 처음 나온 순서의 ID로 저장합니다.

    Attributes
    ----------
    ids : (T,) int32, 모든 문서의 토큰 ID를 이어 붙인 열
    offsets : (D + 1,) int64, 문서 d의 토큰은 ``ids[offsets[d]:offsets[d + 1]]``
    vocab : list[str], ID → 토큰 (처음 나온 순서)
    """

    ids: np.ndarray
    offsets: np.ndarray
    vocab: list[str]

    @property
    def n_docs(self) -> int:
        return len(self.offsets) - 1

    def head(self, n_docs: int) -> TokenizedCorpus:
        """앞의 ``n_docs``개 문서만: 그 문서들만 토큰화한 것과 같습니다 (어휘도 그 문서들에 나온 토큰만).

        ID가 처음 나온 순서이므로 앞 문서들에 나온 토큰은 ``vocab``의 앞부분 (ID 0..k−1)입니다."""
        if isinstance(n_docs, bool) or not isinstance(n_docs, int) or not 1 <= n_docs <= self.n_docs:
            raise argument_error(ValueError, "n_docs", f"1 이상 {self.n_docs:,} 이하의 정수여야 합니다 "
                                 f"(받은 값: {n_docs!r}).")
        ids = self.ids[: self.offsets[n_docs]]
        n_types = int(ids.max()) + 1 if len(ids) else 0
        return TokenizedCorpus(ids, self.offsets[: n_docs + 1], self.vocab[:n_types])

    def counts(self) -> np.ndarray:
        """(len(vocab),) int64, 토큰마다 나온 횟수."""
        return np.bincount(self.ids, minlength=len(self.vocab))

    def training_corpus(self, min_count: int = 5) -> tuple[np.ndarray, dict[str, int], dict[int, str]]:
        """학습용 말뭉치: ``min_count``번 미만 나온 토큰을 빼고(gensim의 기본 5와 같은 규칙), 빈도가 높은
        순서(같으면 처음 나온 순서)로 ID를 다시 매깁니다. 문서들은 이어 붙입니다.

        Returns
        -------
        corpus : (T',) int32 단어 ID 열
        word_to_id : dict[str, int], id_to_word : dict[int, str] (ID 0이 가장 흔한 토큰)
        """
        min_count = positive_int("min_count", min_count)
        counts = self.counts()
        kept = np.flatnonzero(counts >= min_count)
        kept = kept[np.argsort(-counts[kept], kind="stable")]
        new_id = np.full(len(self.vocab), -1, dtype=np.int32)
        new_id[kept] = np.arange(len(kept), dtype=np.int32)
        mapped = new_id[self.ids]
        corpus = mapped[mapped >= 0]
        id_to_word = {i: self.vocab[old] for i, old in enumerate(kept.tolist())}
        return corpus, {w: i for i, w in id_to_word.items()}, id_to_word

    def docs(self) -> list[list[str]]:
        """문서마다 토큰 문자열 목록 (gensim처럼 문자열을 받는 도구에 넘길 때)."""
        words = np.array(self.vocab, dtype=object)
        return [words[self.ids[a:b]].tolist() for a, b in zip(self.offsets[:-1], self.offsets[1:])]


def tokenize_docs(texts: Iterable[str], tokenizer: Callable[[str], list[str]], total: int | None = None,
                  progress: bool = True) -> TokenizedCorpus:
    """문서 문자열들을 ``tokenizer``로 나눠 :class:`TokenizedCorpus`로 (진행 막대: tqdm, ``total``은 문서 수)."""
    from array import array

    from tqdm.auto import tqdm

    vocab: dict[str, int] = {}
    ids, offsets = array("i"), array("q", [0])
    lookup = vocab.setdefault
    for text in tqdm(texts, total=total, desc="토큰화", unit="문서", disable=not progress, mininterval=1.0):
        ids.extend([lookup(t, len(vocab)) for t in tokenizer(text)])
        offsets.append(len(ids))
    return TokenizedCorpus(np.frombuffer(ids, dtype=np.int32).copy(), np.frombuffer(offsets, dtype=np.int64).copy(),
                           list(vocab))
