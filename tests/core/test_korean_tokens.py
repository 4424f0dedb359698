"""w2vlib.tokenizers와 nsmc.load_tokens: 어절·형태소 토큰, 학습용 말뭉치(min_count, 빈도순 ID), 토큰화 캐시."""
from __future__ import annotations

import sys
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from w2vlib import nsmc, tokenizers
from w2vlib._checks import ArgumentError
from w2vlib.tokenizers import TokenizedCorpus, tokenize_docs, word_tokens

SAMPLES = ["전체관람가는\u3000아닌것 같아요", "디렉터스컷으로봐서 거의 3시간짜리인데 참 흡인력있다",
           "인생 최고의 영화. 말이 필요없음. 감독판은 감동이 좀 덜함.", "ㅋㅋㅋ 10점!! good", "", "   ", "영화가\t영화를\n영화는"]


def test_word_tokens_split_on_whitespace():
    assert word_tokens("영화가\t영화를\n영화는  ") == ["영화가", "영화를", "영화는"]


def test_morph_tokens_equal_the_public_api():
    mecab = pytest.importorskip("mecab")
    tok = tokenizers.MorphTokenizer()
    public = mecab.MeCab()
    for text in SAMPLES:
        assert tok(text) == [p for t in public.morphs(text) for p in t.split()]
        assert all(t and not any(c.isspace() for c in t) for t in tok(text))   # 전각 공백 같은 토큰 없음
    assert tok("영화가 재미있다") [:2] == ["영화", "가"]                    # 품사 표지 없는 표면형
    assert tok.version.startswith("mecab-ko-")


def test_missing_analyzer_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "mecab", None)                       # import mecab → ImportError
    with pytest.raises(ImportError, match=r'w2vlib\[korean\].*tokens="word"'):
        tokenizers.get_tokenizer("morph")


def test_unknown_tokens_name():
    with pytest.raises(ArgumentError, match="tokens: 'word', 'morph' 중 하나") as err:
        tokenizers.get_tokenizer("jamo")
    assert err.value.argument == "tokens" and isinstance(err.value, ValueError)


def _naive_training_corpus(docs, min_count):
    counts = Counter(t for d in docs for t in d)
    first = {}
    for d in docs:
        for t in d:
            first.setdefault(t, len(first))
    kept = sorted((t for t in counts if counts[t] >= min_count), key=lambda t: (-counts[t], first[t]))
    w2i = {t: i for i, t in enumerate(kept)}
    return [w2i[t] for d in docs for t in d if t in w2i], w2i


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from("가나다라마바사아"), max_size=12), min_size=1, max_size=20),
       st.integers(1, 4))
def test_training_corpus_matches_naive(docs, min_count):
    corpus = tokenize_docs([" ".join(d) for d in docs], word_tokens, progress=False)
    assert corpus.docs() == docs
    ids, w2i, i2w = corpus.training_corpus(min_count)
    want_ids, want_w2i = _naive_training_corpus(docs, min_count)
    assert ids.tolist() == want_ids and w2i == want_w2i and ids.dtype == np.int32
    assert all(w2i[w] == i for i, w in i2w.items())


def test_head_and_bad_arguments():
    corpus = tokenize_docs(["a b", "b c", "c d"], word_tokens, progress=False)
    head = corpus.head(2)
    assert head.n_docs == 2 and head.docs() == [["a", "b"], ["b", "c"]]
    # 앞 문서들만 토큰화한 것과 같음 (전체 캐시에서 잘라도 어휘 수·빈도가 같게)
    alone = tokenize_docs(["a b", "b c"], word_tokens, progress=False)
    assert head.vocab == alone.vocab == ["a", "b", "c"] and (head.counts() == alone.counts()).all()
    for bad in (0, 4, True, 1.0):
        with pytest.raises(ValueError, match="n_docs") as err:
            corpus.head(bad)
        assert err.value.argument == "n_docs"
    for bad in (0, True, 2.0):
        with pytest.raises(ArgumentError, match="min_count") as err:
            corpus.training_corpus(bad)
        assert err.value.argument == "min_count"


@pytest.fixture
def tiny_nsmc(tmp_path, monkeypatch):
    """리뷰 세 개짜리 캐시 (압축 파일 없이 풀어 낸 리뷰 파일만 캐시에 둠)."""
    monkeypatch.setenv("W2VLIB_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv(nsmc.ENV_DIR, raising=False)
    (tmp_path / "nsmc").mkdir()
    lines = ['[10, "영화가 좋다"]', '[1, "영화를 보다"]', '[5, "좋다 좋다"]']
    (tmp_path / "nsmc" / f"reviews-{nsmc.RAW_TREE_SHA1[:12]}.jsonl").write_text("\n".join(lines) + "\n")
    return tmp_path / "nsmc"


def test_load_tokens_cache(tiny_nsmc, monkeypatch):
    corpus = nsmc.load_tokens("word", limit=2, progress=False)
    assert corpus.docs() == [["영화가", "좋다"], ["영화를", "보다"]]
    names = sorted(p.name for p in tiny_nsmc.glob("tokens-*"))
    assert names == [f"tokens-{nsmc.RAW_TREE_SHA1[:12]}-word-2.npz"]
    full = nsmc.load_tokens("word", progress=False)
    assert full.n_docs == 3
    monkeypatch.setattr(tokenizers, "tokenize_docs", None)               # 이제는 캐시에서만 읽어야 함
    assert nsmc.load_tokens("word", limit=2, progress=False).docs() == corpus.docs()
    assert nsmc.load_tokens("word", progress=False).docs()[2] == ["좋다", "좋다"]


def test_tokenized_corpus_round_trip(tmp_path):
    corpus = TokenizedCorpus(np.array([0, 1, 1, 2], dtype=np.int32), np.array([0, 3, 4]), ["영화", "가", "재미"])
    nsmc._write_tokens(tmp_path / "t.npz", corpus)
    back = nsmc._read_tokens(tmp_path / "t.npz")
    assert back.docs() == corpus.docs() and back.vocab == corpus.vocab
