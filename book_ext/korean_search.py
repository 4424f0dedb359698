"""Sphinx 검색 언어 ``ko``: 한글과 라틴 문자·숫자를 나누고 조사·어미를 떼어 색인합니다.

Sphinx에는 한국어 검색 언어가 없어 기본 분리기가 공백으로만 나눕니다. 그러면 "임베딩이라고도", "PTB에서"가
통째로 한 단어로 색인되어 "임베딩", "PTB"로는 찾을 수 없습니다. 이 확장은

- **분리기**: 단어 문자(``\\w``)의 연속을 다시 한글 부분과 그 밖의 부분(라틴 문자·숫자·``_``)으로 나눕니다
  ("PTB에서" → "PTB", "에서").
- **어간 추출기**: 한글 단어 끝의 조사·어미를 가장 긴 것부터 되풀이해 떼어 냅니다. 한 음절은 반드시 남깁니다
  ("임베딩이라고도" → "임베딩", "말뭉치에서" → "말뭉치").
- **불용어**: 조사·어미 자체(라틴 단어 뒤에서 떨어져 나온 "에서", "를" …)는 색인하지도, 질의에 쓰지도 않습니다.

같은 규칙을 자바스크립트(``splitQuery``, ``Stemmer``)로도 제공해 질의도 색인과 똑같이 처리됩니다. 그래서 맨
명사로 찾으면 조사가 붙은 형태가 있는 모든 페이지가, 조사를 붙여 찾으면 맨 명사가 있는 페이지가 나옵니다.

사용: ``_config.yml``의 ``sphinx: local_extensions: {korean_search: book_ext/}`` (``language: ko``와 함께).
"""
from __future__ import annotations

import json
import re

from sphinx.search import SearchLanguage

#: 떼어 낼 조사·어미 (긴 것부터 맞춰 봅니다). 명사 끝 음절과 겹치는 것(예: "허프만"의 "만")도 있지만, 색인과
#: 질의에 같은 규칙이 적용되므로 찾는 데는 문제가 없습니다 (같은 어간으로 모일 뿐입니다).
PARTICLES: tuple[str, ...] = tuple(sorted({
    # 격조사
    "이", "가", "은", "는", "을", "를", "에", "에서", "에게", "에게서", "한테", "께", "께서", "으로", "로",
    "으로써", "로써", "으로서", "로서", "으로부터", "로부터", "와", "과", "의", "도", "만", "까지", "부터",
    "처럼", "보다", "마다", "이나", "나", "이든", "든", "이든지", "든지", "이라도", "라도", "조차", "마저", "뿐",
    "만큼", "밖에", "씩", "들", "랑", "이랑", "하고",
    # 겹친 조사
    "에는", "에서는", "에서도", "에서의", "에도", "에만", "에게는", "으로는", "로는", "으로도", "로도", "으로의",
    "로의", "과의", "와의", "과는", "와는", "과도", "와도", "까지의", "까지는", "부터는", "만의", "만은", "만을",
    "보다는", "에서만", "으로만", "로만", "처럼은", "만으로", "만으로도",
    # 인용·서술격
    "이라고도", "라고도", "이라고", "라고", "이라는", "라는", "이란", "란", "이라", "라", "이며", "며", "이고",
    "이다", "입니다", "이지만", "이므로", "이면", "이어서", "이었습니다", "였습니다", "인", "일", "임",
}, key=lambda s: (-len(s), s)))

_PARTICLE_SET = frozenset(PARTICLES)
_HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"
_WORD_RE = re.compile(r"\w+")
_PART_RE = re.compile(f"[{_HANGUL}]+|[^\\W{_HANGUL}]+")
_HANGUL_RE = re.compile(f"^[{_HANGUL}]+$")


def split_korean(text: str) -> list[str]:
    """``text``를 단어로 나눕니다: ``\\w``의 연속을 한글 부분과 그 밖의 부분으로 다시 나눕니다."""
    return [part for word in _WORD_RE.findall(text) for part in _PART_RE.findall(word)]


def stem_korean(word: str) -> str:
    """한글 단어 끝의 조사·어미를 떼어 냅니다 (가장 긴 것부터, 되풀이, 한 음절은 남김). 한글이 아니면 소문자만."""
    word = word.lower()
    if not _HANGUL_RE.match(word):
        return word
    changed = True
    while changed and len(word) > 1:
        changed = False
        for particle in PARTICLES:
            if len(word) > len(particle) and word.endswith(particle):
                word = word[: -len(particle)]
                changed = True
                break
    return word


_JS_SPLITTER = r"""
/* korean_search: splitQuery는 Python의 split_korean과 같은 규칙입니다. */
var splitQuery = (query) => {
  const parts = [];
  query.split(/[^\p{Letter}\p{Number}_]+/gu).forEach((word) => {
    (word.match(/[HANGUL]+|[^HANGUL]+/gu) || []).forEach((part) => koreanSplitCompound(part).forEach((p) => parts.push(p)));
  });
  return parts;
};
""".replace("HANGUL", "\\uac00-\\ud7a3\\u1100-\\u11ff\\u3130-\\u318f")

_JS_COMPOUND_AND_SUMMARY = r"""
/* korean_search: 띄어 쓰지 않은 복합어 질의("네거티브샘플링")는, 통째로는 색인에 없고 두 부분(각 두 글자 이상)이
   모두 색인에 있으면 두 낱말로 나눠 찾습니다 ("네거티브" + "샘플링"). */
var koreanSplitCompound = (part) => {
  const index = (typeof Search !== "undefined") ? Search._index : null;
  if (!index || !/^[HANGUL]+$/u.test(part) || typeof Stemmer === "undefined") return [part];
  const stemmer = new Stemmer();
  const known = (w) => {
    const stem = stemmer.stemWord(w.toLowerCase());
    return stopwords.indexOf(stem) === -1 && (stem in index.terms || stem in (index.titleterms || {}));
  };
  if (known(part)) return [part];
  for (let i = 2; i <= part.length - 2; i++) {
    const head = part.slice(0, i), tail = part.slice(i);
    if (known(head) && known(tail)) return [head, tail];
  }
  return [part];
};

/* korean_search: 검색 결과 요약은 페이지 HTML의 글자로 만듭니다. 수식은 빌드 때 MathML로 바뀌어 TeX 원문이 없고
   (book_ext/mathml_render.py), 그 글자(토큰)는 띄어쓰기 없이 이어지므로, 요약을 만들기 전에 수식의 앞뒤를 띄우고
   보이지 않는 연산자(함수 적용 U+2061 등)를 뺍니다 (요약: "… V−1에 비례 …"). */
if (typeof Search !== "undefined" && Search.htmlToText && !Search.koreanMathText) {
  const originalHtmlToText = Search.htmlToText;
  Search.koreanMathText = true;
  Search.htmlToText = (htmlString, anchor) => {
    const doc = new DOMParser().parseFromString(htmlString, "text/html");
    doc.querySelectorAll(".math").forEach((el) => {
      el.textContent = " " + el.textContent.replace(/[\u2061-\u2064]/g, "").replace(/\s+/g, " ").trim() + " ";
    });
    return originalHtmlToText(doc.documentElement.outerHTML, anchor);
  };
}
""".replace("HANGUL", "\\uac00-\\ud7a3\\u1100-\\u11ff\\u3130-\\u318f")

_JS_STEMMER = r"""
/* korean_search: Stemmer는 Python의 stem_korean과 같은 규칙입니다. */
var KoreanParticles = PARTICLES_JSON;
var Stemmer = function() {
  this.stemWord = function(w) {
    const original = w.toLowerCase();
    let word = original;
    if (!/^[HANGUL]+$/u.test(word)) return word;
    let changed = true;
    while (changed && word.length > 1) {
      changed = false;
      for (const p of KoreanParticles) {
        if (word.length > p.length && word.endsWith(p)) {
          word = word.slice(0, word.length - p.length);
          changed = true;
          break;
        }
      }
    }
    /* 색인 쪽과 같게: 어간이 불용어가 되면 (예: "도로" -> "도") 원래 단어를 씁니다. */
    if (stopwords.indexOf(word) !== -1 && stopwords.indexOf(original) === -1) return original;
    return word;
  };
};
""".replace("PARTICLES_JSON", json.dumps(list(PARTICLES), ensure_ascii=False)).replace(
    "HANGUL", "\\uac00-\\ud7a3\\u1100-\\u11ff\\u3130-\\u318f")


class SearchKorean(SearchLanguage):
    """한국어 검색 언어: 한글/라틴 분리, 조사·어미 제거, 조사 자체는 불용어."""

    lang = "ko"
    language_name = "Korean"
    stopwords = set(PARTICLES)
    js_splitter_code = _JS_SPLITTER + _JS_COMPOUND_AND_SUMMARY
    js_stemmer_code = _JS_STEMMER

    def split(self, input: str) -> list[str]:
        return split_korean(input)

    def stem(self, word: str) -> str:
        return stem_korean(word)

    def word_filter(self, word: str) -> bool:
        return bool(word) and word.lower() not in _PARTICLE_SET


def setup(app):
    app.add_search_language(SearchKorean)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
