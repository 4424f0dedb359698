"""단어 벡터 평가: 유사 단어, 유추(책의 방식과 표준 방식), 벤치마크 데이터셋.

유추 점수 방식 (a : b = c : ?, 답 d)
-----------------------------------
- ``'book'`` : 책의 ``analogy`` 그대로. 질의 b − a + c만 정규화하고 단어 행렬은 정규화하지 않은 채 내적
  하므로, 길이가 긴(대개 빈도가 높은) 벡터가 유리합니다.
- ``'3cosadd'`` : 모든 벡터를 단위 길이로 정규화한 뒤 cos(d, b − a + c) (Mikolov 외, 2013).
- ``'3cosmul'`` : cos를 [0, 1]로 옮긴 뒤 cos(d,b)·cos(d,c) / (cos(d,a) + 0.001) (Levy & Goldberg, 2014).
세 방식 모두 질의 단어 a, b, c는 답 후보에서 뺍니다 (책도 뺍니다).

평가 데이터(구글 유추 문제, WordSim-353, SimLex-999)는 ``gensim`` 패키지의 테스트 데이터에 들어 있습니다
(:data:`GENSIM_TEST_FILES`). gensim은 핵심 의존성이 아니라 ``w2vlib[book]`` 선택 의존성이므로, 없으면
:func:`gensim_test_data`가 무엇을 설치하면 되는지 밝힌 한국어 오류를 냅니다 (gensim을 import 하지는 않습니다).
"""
from __future__ import annotations

import importlib.metadata
import importlib.util
import re
from pathlib import Path

import numpy as np

from ._checks import as_float_array, one_of, positive_int

METHODS = ("book", "3cosadd", "3cosmul")
SEMANTIC_SECTIONS = ("capital-common-countries", "capital-world", "currency", "city-in-state", "family")


GENSIM_TEST_FILES = ("questions-words.txt", "wordsim353.tsv", "simlex999.txt")
"""이 책의 영어 평가 데이터: 구글 유추 문제, WordSim-353, SimLex-999 (gensim 휠의 ``gensim/test/test_data``)."""


def gensim_install_command() -> str:
    """gensim을 설치하는 pip 명령 (설치된 w2vlib의 선택 의존성에 적힌 버전 범위로, 모르면 이름만)."""
    spec = "gensim"
    try:
        for requirement in importlib.metadata.requires("w2vlib") or []:
            if re.match(r"gensim\b", requirement, re.I):
                spec = requirement.split(";")[0].strip()
                break
    except importlib.metadata.PackageNotFoundError:      # 설치하지 않은 소스 폴더에서 import 한 경우
        pass
    return f'pip install "{spec}"'


def gensim_test_data(name: str) -> Path:
    """gensim 휠에 들어 있는 테스트 데이터 파일의 경로 (gensim을 import 하지 않고 찾음).

    gensim이 없으면 설치 명령을 밝힌 ImportError, 파일이 없으면 FileNotFoundError입니다."""
    spec = importlib.util.find_spec("gensim")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"평가 데이터(구글 유추 문제, WordSim-353, SimLex-999)는 gensim 패키지에 들어 있는데, "
                          f"gensim이 설치되어 있지 않습니다. {gensim_install_command()}로 설치하세요 (노트북에 "
                          f'필요한 것까지 한 번에 설치하려면 pip install "w2vlib[book]").')
    path = Path(spec.submodule_search_locations[0]) / "test" / "test_data" / name
    if not path.is_file():
        raise FileNotFoundError(f"gensim 테스트 데이터에 {name} 파일이 없습니다: {path}")
    return path


def normalize(x: np.ndarray) -> np.ndarray:
    """행(또는 벡터)을 단위 길이로. x : (V, H) 또는 (H,) → 같은 shape. 길이 0인 행은 0으로 둡니다."""
    norm = np.linalg.norm(x, axis=-1, keepdims=True)
    return np.divide(x, norm, out=np.zeros_like(x), where=norm > 0)


def _check_word_matrix(word_matrix, word_to_id: dict | None = None) -> np.ndarray:
    """단어 벡터 행렬 (V, H)를 검사합니다: 실수, 2차원, NaN/inf 없음, ``word_to_id``의 ID가 모두 V 미만."""
    word_matrix = as_float_array("word_matrix", word_matrix, ndim=2)
    if word_to_id:
        top_id = max(word_to_id.values())
        if top_id >= len(word_matrix):
            raise IndexError(f"word_to_id: 단어 ID가 word_matrix의 행 수({len(word_matrix)}) 미만이어야 합니다 "
                             f"(받은 ID 중 {top_id}).")
    return word_matrix


def _check_top(top, available: int) -> int:
    """답 후보 수 ``top``이 1 이상 ``available`` 이하의 정수인지 검사합니다."""
    top = positive_int("top", top)
    if top > available:
        raise ValueError(f"top: 후보 수({available}) 이하여야 합니다 (받은 값: {top}).")
    return top


def cos_similarity(x: np.ndarray, y: np.ndarray, eps: float = 1e-8) -> float:
    """책과 같은 코사인 유사도. x, y : (H,) 실수 (NaN/inf는 ValueError).

    책처럼 각 벡터를 ``노름 + eps``로 나누되, 그 전에 벡터를 가장 큰 절댓값으로 나눠 둡니다 (코사인은 배율과
    무관). 그래서 1e200처럼 큰 값의 제곱이 넘쳐 inf가 되거나 1e-200처럼 작은 값의 제곱이 0이 되지 않습니다.
    """
    x = as_float_array("x", np.asarray(x, dtype=float) if isinstance(x, (list, tuple)) else x, ndim=1)
    y = as_float_array("y", np.asarray(y, dtype=float) if isinstance(y, (list, tuple)) else y, ndim=1)
    if x.shape != y.shape:
        raise ValueError(f"x와 y의 shape가 같아야 합니다 (x: {x.shape}, y: {y.shape}).")
    x = x / sx if (sx := np.max(np.abs(x), initial=0)) > 0 else x
    y = y / sy if (sy := np.max(np.abs(y), initial=0)) > 0 else y
    nx = x / (np.sqrt(np.sum(x ** 2)) + eps)
    ny = y / (np.sqrt(np.sum(y ** 2)) + eps)
    return float(np.dot(nx, ny))


def _word_id(word: str, word_to_id: dict) -> int:
    if word not in word_to_id:
        raise KeyError(f"'{word}'은(는) 어휘에 없는 단어입니다.")
    return word_to_id[word]


def most_similar(query: str, word_to_id: dict, id_to_word: dict, word_matrix: np.ndarray, top: int = 5):
    """코사인 유사도가 가장 높은 단어 ``top`` 개를 [(단어, 유사도), …]로 돌려줍니다 (질의 단어 제외).

    word_matrix : (V, H) float (NaN/inf는 ValueError)
    top : 1 이상 V − 1 이하의 정수 (아니면 ValueError)
    """
    word_matrix = _check_word_matrix(word_matrix)
    q = _word_id(query, word_to_id)
    top = _check_top(top, len(word_matrix) - 1)
    sims = normalize(word_matrix) @ normalize(word_matrix[q])
    sims[q] = -np.inf
    order = np.argsort(-sims, kind="stable")
    best = order[order != q][:top]
    return [(id_to_word[int(i)], float(sims[i])) for i in best]


def _analogy_scores(a: np.ndarray, b: np.ndarray, c: np.ndarray, word_matrix: np.ndarray, method: str,
                    unit: np.ndarray | None = None) -> np.ndarray:
    """질문 Q 개의 (a, b, c) ID 배열 (Q,) → 모든 단어의 점수 (Q, V). 질의 단어는 −inf."""
    one_of("method", method, METHODS)
    if method == "book":
        query = normalize(word_matrix[b] - word_matrix[a] + word_matrix[c])
        scores = query @ word_matrix.T
    else:
        unit = normalize(word_matrix) if unit is None else unit
        if method == "3cosadd":
            scores = (unit[b] - unit[a] + unit[c]) @ unit.T
        else:
            cos = lambda i: (unit[i] @ unit.T + 1.0) / 2.0       # noqa: E731  [0, 1]로 옮긴 코사인
            scores = cos(b) * cos(c) / (cos(a) + 1e-3)
    rows = np.arange(len(a))
    for ids in (a, b, c):
        scores[rows, ids] = -np.inf
    return scores


def analogy(a: str, b: str, c: str, word_to_id: dict, id_to_word: dict, word_matrix: np.ndarray,
            top: int = 5, method: str = "book"):
    """a : b = c : ? 의 답 후보 ``top`` 개를 [(단어, 점수), …]로 돌려줍니다. ``method``는 모듈 설명 참고.

    top : 1 이상 V 이하의 정수. 질의 단어는 점수 −inf로 맨 뒤에 오므로, top이 (V − 질의 단어 수)보다
        크면 끝에 점수 −inf인 질의 단어가 붙습니다 (모든 점수를 보고 싶을 때 top=V).
    """
    word_matrix = _check_word_matrix(word_matrix)
    ids = [np.array([_word_id(w, word_to_id)]) for w in (a, b, c)]
    top = _check_top(top, len(word_matrix))
    scores = _analogy_scores(*ids, word_matrix, method)[0]
    best = np.argsort(-scores, kind="stable")[:top]
    return [(id_to_word[int(i)], float(scores[i])) for i in best]


def analogy_rank(a: str, b: str, c: str, d: str, word_to_id: dict, word_matrix: np.ndarray,
                 method: str = "book") -> int:
    """정답 d의 순위 (1이 가장 좋음). 질의 단어는 후보에서 뺍니다."""
    word_matrix = _check_word_matrix(word_matrix)
    ids = [np.array([_word_id(w, word_to_id)]) for w in (a, b, c)]
    scores = _analogy_scores(*ids, word_matrix, method)[0]
    return int(np.sum(scores > scores[_word_id(d, word_to_id)])) + 1


def load_analogy_questions(path: Path | str | None = None, lowercase: bool = True):
    """구글 유추 문제 파일을 [(절 이름, a, b, c, d), …]로 읽습니다 (기본: gensim의 questions-words.txt).

    파일 형식: UTF-8, ``: 절 이름`` 줄이 절을 시작하고, 나머지 빈 줄이 아닌 줄은 공백으로 나눈 네 단어입니다.
    네 단어가 아닌 줄이나 UTF-8이 아닌 파일은 줄 번호를 밝힌 ValueError입니다.
    """
    path = gensim_test_data("questions-words.txt") if path is None else Path(path)
    section, out = None, []
    for lineno, line in enumerate(_read_lines(path), start=1):
        if line.startswith(":"):
            section = line[1:].strip()
        elif line.strip():
            words = line.lower().split() if lowercase else line.split()
            if len(words) != 4:
                raise ValueError(f"{path}:{lineno}: 유추 문제 줄은 공백으로 나눈 단어 4개(a b c d)여야 합니다 "
                                 f"(받은 단어 수: {len(words)}).")
            out.append((section, *words))
    return out


def _read_lines(path: Path) -> list[str]:
    """평가 데이터 파일을 UTF-8로 읽어 줄 목록으로 돌려줍니다 (없거나 UTF-8이 아니면 한국어 오류)."""
    if not path.is_file():
        raise FileNotFoundError(f"path: 평가 데이터 파일이 없습니다: {path}")
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as e:
        raise ValueError(f"{path}: UTF-8 텍스트 파일이어야 합니다 ({e.start}번째 바이트를 읽을 수 없습니다).") from None


def evaluate_analogies(word_matrix: np.ndarray, word_to_id: dict, path=None, method: str = "3cosadd",
                       chunk: int = 1000) -> dict:
    """구글 유추 문제 가운데 네 단어가 모두 어휘에 있는 문제만으로 top-1 정답률을 잽니다.

    Returns
    -------
    dict : ``overall``, ``semantic``, ``syntactic`` (정답률 0..1), ``n_overall``, ``n_semantic``,
        ``n_syntactic`` (평가한 문제 수), ``n_total`` (파일의 전체 문제 수),
        ``sections`` (절 이름 → (정답률, 문제 수)), ``correct`` (평가한 문제마다 맞혔는지, bool 배열)

    word_matrix에 NaN/inf가 있으면, ``chunk`` (한 번에 점수를 매길 문제 수)가 1 이상의 정수가 아니면 ValueError.
    """
    word_matrix = _check_word_matrix(word_matrix, word_to_id)
    chunk = positive_int("chunk", chunk)
    questions = load_analogy_questions(path)
    kept = [(s, *(word_to_id[w] for w in q)) for s, *q in questions if all(w in word_to_id for w in q)]
    result = {"n_total": len(questions)}
    if not kept:
        return result | {k: float("nan") for k in ("overall", "semantic", "syntactic")} | \
            {f"n_{k}": 0 for k in ("overall", "semantic", "syntactic")}
    sections = np.array([s for s, *_ in kept])
    ids = np.array([q for _, *q in kept])
    unit = normalize(word_matrix)
    correct = np.zeros(len(ids), dtype=bool)
    for start in range(0, len(ids), chunk):
        a, b, c, d = ids[start:start + chunk].T
        scores = _analogy_scores(a, b, c, word_matrix, method, unit=unit)
        correct[start:start + chunk] = np.argmax(scores, axis=1) == d
    semantic = np.isin(sections, SEMANTIC_SECTIONS)
    result["sections"] = {s: (float(correct[sections == s].mean()), int((sections == s).sum()))
                          for s in dict.fromkeys(sections.tolist())}
    result["correct"] = correct
    for name, mask in (("overall", np.ones_like(semantic)), ("semantic", semantic), ("syntactic", ~semantic)):
        result[f"n_{name}"] = int(mask.sum())
        result[name] = float(correct[mask].mean()) if mask.any() else float("nan")
    return result


def evaluate_word_pairs(word_matrix: np.ndarray, word_to_id: dict, path="wordsim353.tsv",
                        lowercase: bool = True) -> dict:
    """단어 쌍 유사도 데이터(탭 구분 "단어1 단어2 점수", # 는 주석)와 코사인 유사도의 스피어만 순위 상관.

    path : gensim 테스트 데이터 이름(``'wordsim353.tsv'``, ``'simlex999.txt'``) 또는 파일 경로
    Returns : ``spearman`` (ρ), ``n_pairs`` (평가한 쌍), ``n_oov`` (어휘에 없어 뺀 쌍)

    탭으로 나눈 칸이 3개 미만이거나 점수가 유한한 수가 아닌 줄은 줄 번호를 밝힌 ValueError입니다.
    word_matrix에 NaN/inf가 있어도 ValueError입니다.
    """
    from scipy.stats import spearmanr

    word_matrix = _check_word_matrix(word_matrix, word_to_id)
    path = Path(path)
    if not path.is_file():
        path = gensim_test_data(str(path))
    unit = normalize(word_matrix)
    model, human, oov = [], [], 0
    for lineno, line in enumerate(_read_lines(path), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 3:
            raise ValueError(f"{path}:{lineno}: 줄은 탭으로 나눈 \"단어1 단어2 점수\"여야 합니다 "
                             f"(받은 칸 수: {len(fields)}).")
        w1, w2, score = fields[:3]
        try:
            score = float(score)
        except ValueError:
            score = float("nan")
        if not np.isfinite(score):
            raise ValueError(f"{path}:{lineno}: 점수는 유한한 수여야 합니다 (받은 값: {fields[2]!r}).")
        if lowercase:
            w1, w2 = w1.lower(), w2.lower()
        if w1 not in word_to_id or w2 not in word_to_id:
            oov += 1
            continue
        model.append(float(unit[word_to_id[w1]] @ unit[word_to_id[w2]]))
        human.append(score)
    rho = spearmanr(model, human).statistic if len(model) > 1 else float("nan")
    return {"spearman": float(rho), "n_pairs": len(model), "n_oov": oov}


def benchmark_scores(word_matrix: np.ndarray, word_to_id: dict, method: str = "3cosadd") -> dict:
    """이 책이 쓰는 평가 점수 묶음: 구글 유추(전체·의미·문법, 문제 수), WordSim-353 ρ, SimLex-999 ρ."""
    an = evaluate_analogies(word_matrix, word_to_id, method=method)
    return {"analogy": an["overall"], "semantic": an["semantic"], "syntactic": an["syntactic"],
            "n_analogy": an["n_overall"],
            "ws353": evaluate_word_pairs(word_matrix, word_to_id, "wordsim353.tsv")["spearman"],
            "simlex": evaluate_word_pairs(word_matrix, word_to_id, "simlex999.txt")["spearman"]}
