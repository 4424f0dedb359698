"""단어 벡터 평가: 유사 단어, 유추(책의 방식과 표준 방식), 벤치마크 데이터셋.

유추 점수 방식 (a : b = c : ?, 답 d)
-----------------------------------
- ``'book'`` : 책의 ``analogy`` 그대로. 질의 b − a + c 만 정규화하고 단어 행렬은 정규화하지 않은 채 내적
  하므로, 길이가 긴(대개 빈도가 높은) 벡터가 유리합니다.
- ``'3cosadd'`` : 모든 벡터를 단위 길이로 정규화한 뒤 cos(d, b − a + c) (Mikolov 외, 2013).
- ``'3cosmul'`` : cos 를 [0, 1] 로 옮긴 뒤 cos(d,b)·cos(d,c) / (cos(d,a) + 0.001) (Levy & Goldberg, 2014).
세 방식 모두 질의 단어 a, b, c 는 답 후보에서 뺍니다 (책도 뺍니다).

평가 데이터(구글 유추 문제, WordSim-353, SimLex-999)는 ``gensim`` 패키지의 테스트 데이터에 들어 있습니다.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np

METHODS = ("book", "3cosadd", "3cosmul")
SEMANTIC_SECTIONS = ("capital-common-countries", "capital-world", "currency", "city-in-state", "family")


def gensim_test_data(name: str) -> Path:
    """gensim 휠에 들어 있는 테스트 데이터 파일의 경로 (gensim 을 import 하지 않고 찾음)."""
    spec = importlib.util.find_spec("gensim")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("gensim 이 설치되어 있지 않습니다: pip install gensim")
    path = Path(spec.submodule_search_locations[0]) / "test" / "test_data" / name
    if not path.is_file():
        raise FileNotFoundError(f"gensim 테스트 데이터에 {name} 이 없습니다: {path}")
    return path


def normalize(x: np.ndarray) -> np.ndarray:
    """행(또는 벡터)을 단위 길이로. x : (V, H) 또는 (H,) → 같은 shape. 길이 0 인 행은 0 으로 둡니다."""
    norm = np.linalg.norm(x, axis=-1, keepdims=True)
    return np.divide(x, norm, out=np.zeros_like(x), where=norm > 0)


def cos_similarity(x: np.ndarray, y: np.ndarray, eps: float = 1e-8) -> float:
    """책과 같은 코사인 유사도. x, y : (H,)."""
    nx = x / (np.sqrt(np.sum(x ** 2)) + eps)
    ny = y / (np.sqrt(np.sum(y ** 2)) + eps)
    return float(np.dot(nx, ny))


def _word_id(word: str, word_to_id: dict) -> int:
    if word not in word_to_id:
        raise KeyError(f"'{word}' 은(는) 어휘에 없는 단어입니다.")
    return word_to_id[word]


def most_similar(query: str, word_to_id: dict, id_to_word: dict, word_matrix: np.ndarray, top: int = 5):
    """코사인 유사도가 가장 높은 단어 ``top`` 개를 [(단어, 유사도), …] 로 돌려줍니다 (질의 단어 제외).

    word_matrix : (V, H) float
    """
    q = _word_id(query, word_to_id)
    sims = normalize(word_matrix) @ normalize(word_matrix[q])
    sims[q] = -np.inf
    best = np.argsort(-sims, kind="stable")[:top]
    return [(id_to_word[int(i)], float(sims[i])) for i in best]


def _analogy_scores(a: np.ndarray, b: np.ndarray, c: np.ndarray, word_matrix: np.ndarray, method: str,
                    unit: np.ndarray | None = None) -> np.ndarray:
    """질문 Q 개의 (a, b, c) ID 배열 (Q,) → 모든 단어의 점수 (Q, V). 질의 단어는 −inf."""
    if method not in METHODS:
        raise ValueError(f"method: {METHODS} 가운데 하나여야 합니다 (받은 값: {method!r}).")
    if method == "book":
        query = normalize(word_matrix[b] - word_matrix[a] + word_matrix[c])
        scores = query @ word_matrix.T
    else:
        unit = normalize(word_matrix) if unit is None else unit
        if method == "3cosadd":
            scores = (unit[b] - unit[a] + unit[c]) @ unit.T
        else:
            cos = lambda i: (unit[i] @ unit.T + 1.0) / 2.0       # noqa: E731  [0, 1] 로 옮긴 코사인
            scores = cos(b) * cos(c) / (cos(a) + 1e-3)
    rows = np.arange(len(a))
    for ids in (a, b, c):
        scores[rows, ids] = -np.inf
    return scores


def analogy(a: str, b: str, c: str, word_to_id: dict, id_to_word: dict, word_matrix: np.ndarray,
            top: int = 5, method: str = "book"):
    """a : b = c : ? 의 답 후보 ``top`` 개를 [(단어, 점수), …] 로 돌려줍니다. ``method`` 는 모듈 설명 참고."""
    ids = [np.array([_word_id(w, word_to_id)]) for w in (a, b, c)]
    scores = _analogy_scores(*ids, word_matrix, method)[0]
    best = np.argsort(-scores, kind="stable")[:top]
    return [(id_to_word[int(i)], float(scores[i])) for i in best]


def analogy_rank(a: str, b: str, c: str, d: str, word_to_id: dict, word_matrix: np.ndarray,
                 method: str = "book") -> int:
    """정답 d 의 순위 (1 이 가장 좋음). 질의 단어는 후보에서 뺍니다."""
    ids = [np.array([_word_id(w, word_to_id)]) for w in (a, b, c)]
    scores = _analogy_scores(*ids, word_matrix, method)[0]
    return int(np.sum(scores > scores[_word_id(d, word_to_id)])) + 1


def load_analogy_questions(path: Path | str | None = None, lowercase: bool = True):
    """구글 유추 문제 파일을 [(절 이름, a, b, c, d), …] 로 읽습니다 (기본: gensim 의 questions-words.txt)."""
    path = gensim_test_data("questions-words.txt") if path is None else Path(path)
    section, out = None, []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(":"):
            section = line[1:].strip()
        elif line.strip():
            words = line.lower().split() if lowercase else line.split()
            out.append((section, *words))
    return out


def evaluate_analogies(word_matrix: np.ndarray, word_to_id: dict, path=None, method: str = "3cosadd",
                       chunk: int = 1000) -> dict:
    """구글 유추 문제 가운데 네 단어가 모두 어휘에 있는 문제만으로 top-1 정답률을 잽니다.

    Returns
    -------
    dict : ``overall``, ``semantic``, ``syntactic`` (정답률 0..1), ``n_overall``, ``n_semantic``,
        ``n_syntactic`` (평가한 문제 수), ``n_total`` (파일의 전체 문제 수),
        ``sections`` (절 이름 → (정답률, 문제 수)), ``correct`` (평가한 문제마다 맞혔는지, bool 배열)
    """
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
    """
    from scipy.stats import spearmanr

    path = Path(path)
    if not path.is_file():
        path = gensim_test_data(str(path))
    unit = normalize(word_matrix)
    model, human, oov = [], [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        w1, w2, score = line.split("\t")[:3]
        if lowercase:
            w1, w2 = w1.lower(), w2.lower()
        if w1 not in word_to_id or w2 not in word_to_id:
            oov += 1
            continue
        model.append(float(unit[word_to_id[w1]] @ unit[word_to_id[w2]]))
        human.append(float(score))
    rho = spearmanr(model, human).statistic if len(model) > 1 else float("nan")
    return {"spearman": float(rho), "n_pairs": len(model), "n_oov": oov}


def benchmark_scores(word_matrix: np.ndarray, word_to_id: dict, method: str = "3cosadd") -> dict:
    """이 책이 쓰는 평가 점수 묶음: 구글 유추(전체·의미·문법, 문제 수), WordSim-353 ρ, SimLex-999 ρ."""
    an = evaluate_analogies(word_matrix, word_to_id, method=method)
    return {"analogy": an["overall"], "semantic": an["semantic"], "syntactic": an["syntactic"],
            "n_analogy": an["n_overall"],
            "ws353": evaluate_word_pairs(word_matrix, word_to_id, "wordsim353.tsv")["spearman"],
            "simlex": evaluate_word_pairs(word_matrix, word_to_id, "simlex999.txt")["spearman"]}
