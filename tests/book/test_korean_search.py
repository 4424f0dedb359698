"""book_ext/korean_search.py: 한국어 검색 분리기·어간 추출기 (파이썬 쪽). 자바스크립트 쪽과 실제 검색은
tests/book/test_book_search.py가 헤드리스 Chromium으로 확인합니다."""
from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "book_ext"))
import korean_search as ks  # noqa: E402

# 이 책에 나오는 명사들 (끝 음절이 조사와 같은 것 포함: 허프만, 속도, 결과, 길이, 하나, 평가)
NOUNS = ["임베딩", "슬라이더", "위젯", "옵티마이저", "샘플러", "기울기", "허프만", "부호", "말뭉치", "계층", "속도",
         "결과", "길이", "하나", "평가", "단어", "맥락", "타깃", "분포", "부호화"]
PARTICLES = ["은", "는", "이", "가", "을", "를", "에", "에서", "으로", "로", "와", "과", "의", "도", "만", "까지",
             "부터", "이라고도", "이라고", "라고", "처럼", "보다", "마다", "이나", "나", "에서는", "으로는", "들을"]


@pytest.mark.parametrize("text, expected", [
    ("PTB에서", ["PTB", "에서"]),
    ("word2vec의 CBOW를", ["word2vec", "의", "CBOW", "를"]),
    ("임베딩이라고도 부릅니다.", ["임베딩이라고도", "부릅니다"]),
    ("V=10,000일 때 float32로", ["V", "10", "000", "일", "때", "float32", "로"]),
    ("negative_sample 메서드를", ["negative_sample", "메서드를"]),
])
def test_split_separates_hangul_from_latin_and_digits(text, expected):
    assert ks.split_korean(text) == expected


@pytest.mark.parametrize("noun, particle", list(itertools.product(NOUNS, PARTICLES)))
def test_noun_with_particle_stems_like_bare_noun(noun, particle):
    assert ks.stem_korean(noun + particle) == ks.stem_korean(noun)


def test_stem_examples_and_at_least_one_syllable():
    assert ks.stem_korean("임베딩이라고도") == "임베딩"
    assert ks.stem_korean("말뭉치에서") == "말뭉치"
    assert ks.stem_korean("기울기를") == "기울기"
    assert ks.stem_korean("PTB") == "ptb"          # 라틴 문자는 소문자로만
    for particle in PARTICLES:                        # 조사뿐인 단어도 한 음절은 남습니다
        assert len(ks.stem_korean(particle)) >= 1


def test_distinct_nouns_keep_distinct_stems():
    stems = {noun: ks.stem_korean(noun) for noun in ["임베딩", "슬라이더", "위젯", "옵티마이저", "샘플러", "기울기",
                                                      "허프만", "부호", "말뭉치", "부호화"]}
    assert len(set(stems.values())) == len(stems), stems


def test_particles_are_stopwords_not_indexed():
    lang = ks.SearchKorean({})
    assert not lang.word_filter(lang.stem("에서"))
    assert not lang.word_filter(lang.stem("을"))
    assert lang.word_filter(lang.stem("말뭉치에서"))
    assert lang.word_filter(lang.stem("ptb"))
    assert "에서" in lang.stopwords and "말뭉치" not in lang.stopwords


def test_particles_sorted_longest_first():
    lengths = [len(p) for p in ks.PARTICLES]
    assert lengths == sorted(lengths, reverse=True)
