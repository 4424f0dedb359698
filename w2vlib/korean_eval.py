"""한국어 단어 벡터 평가: 한국어 WordSim-353 (스피어만 ρ와 쌍 포함률)과 한국어 유추 문제 10,000개(절마다 정답률).

평가 데이터는 Park 외(ACL 2018, *Subword-level Word Vector Representations for Korean*)가 공개한 GitHub 저장소
``SungjoonPark/KoreanWordVectors``의 커밋 :data:`COMMIT`에 있는 두 파일입니다 (:data:`FILES`).

어디서 읽는가 (:mod:`w2vlib.ptb`와 같은 규칙)
-------------------------------------------
1. 환경 변수 ``W2VLIB_KOREAN_EVAL_DIR``이 폴더를 가리키면 그 폴더에서만 읽습니다 (CI: ``../shared/data/korean-eval``).
2. 아니면 캐시 폴더(:func:`cache_dir`)에서 읽고, 없으면 :data:`BASE_URL` (다른 주소는 ``W2VLIB_KOREAN_EVAL_URL``)에서
   원자적으로 내려받습니다. 어느 경우든 git blob SHA-1을 확인합니다 (잘못되면 :class:`KoreanEvalError`).

유추 문제의 절은 의미 5개(``sem1``–``sem5``)와 문법 5개(``syn1``–``syn5``), 각 1,000문제입니다. 문법 절은 어미·조사가
붙은 어절로 쓰여 있어서(자동차 / 자동차를, 가다 / 갔다) 형태소로 나눈 말뭉치에는 그런 토큰이 없습니다.
"""
from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import numpy as np

from ._checks import one_of
from .download import ENV_CACHE, DataError, GitBlobHash, cache_root, git_blob_sha1, make_dir
from .download import download as _download
from .evaluation import evaluate_analogies, word_pairs_spearman

COMMIT = "7a815fa9ea63c940249ed9dedac0e6a97d61e8c6"
BASE_URL = f"https://raw.githubusercontent.com/SungjoonPark/KoreanWordVectors/{COMMIT}/"
"""실제 사용자가 내려받는 주소 (그 커밋의 원본 파일)."""
WORDSIM = "WS353_korean.csv"
ANALOGIES = "word_analogy_korean.txt"
FILES = {WORDSIM: "3861fa5eb5f8e41d0c8e1f2b523be7a6906e321b",
         ANALOGIES: "6f4dc9a8c41b52cc71ce44330de854841fb13c3d"}
"""파일 이름 → git blob SHA-1."""
ENV_DIR = "W2VLIB_KOREAN_EVAL_DIR"
ENV_URL = "W2VLIB_KOREAN_EVAL_URL"
MAX_DOWNLOAD_BYTES = 4 * 2**20
SECTION_NAMES = {
    "sem1_capital-conturies": "수도–나라", "sem2_male-female": "남성–여성", "sem3_name-nationality": "인물–국적",
    "sem4_country-language": "나라–언어", "sem5_misc": "기타(새끼 이름·직업 등)",
    "syn1_case": "격조사", "syn2_tense": "시제", "syn3_voice": "피동·사동", "syn4_form": "활용형", "syn5_honorific": "높임",
}
"""유추 문제 파일의 절 이름 → 한국어 이름 (파일 순서)."""
SEMANTIC_SECTIONS = tuple(s for s in SECTION_NAMES if s.startswith("sem"))
METHODS = ("3cosadd", "3cosmul")


class KoreanEvalError(DataError):
    """한국어 평가 데이터를 구하거나 확인하지 못했을 때의 오류."""


def cache_dir() -> Path:
    """내려받은 평가 데이터를 두는 캐시 폴더: :func:`w2vlib.download.cache_root` 아래 ``korean-eval``."""
    return cache_root() / "korean-eval"


def eval_path(name: str) -> Path:
    """평가 데이터 파일 하나의 경로 (필요하면 내려받고, 언제나 git blob SHA-1을 확인)."""
    one_of("name", name, FILES)
    if os.environ.get(ENV_DIR):
        path = Path(os.environ[ENV_DIR]).expanduser() / name
        if not path.is_file():
            raise KoreanEvalError(f"{ENV_DIR}={os.environ[ENV_DIR]} 폴더에 {name} 파일이 없습니다. "
                                  "폴더 경로를 확인하거나 변수를 지워 자동으로 내려받게 하세요.")
        if _blob(path) != FILES[name]:
            raise KoreanEvalError(f"{path}의 git blob SHA-1이 KoreanWordVectors 커밋 {COMMIT[:7]}의 파일과 다릅니다 "
                                  f"(기대값 {FILES[name]}). 다른 판본이거나 손상된 파일입니다.")
        return path
    path = cache_dir() / name
    if path.is_file() and _blob(path) == FILES[name]:
        return path
    make_dir(cache_dir(), "평가 데이터 캐시 폴더", f"다른 폴더를 환경 변수 {ENV_CACHE}로 주거나, 파일이 있는 "
             f"폴더를 {ENV_DIR}로 알려 주세요.", KoreanEvalError)
    base = os.environ.get(ENV_URL) or BASE_URL
    return _download(base.rstrip("/") + "/" + name, path, expected=FILES[name], new_hash=GitBlobHash,
                     hash_name="git blob SHA-1", label="한국어 평가 데이터", max_bytes=MAX_DOWNLOAD_BYTES,
                     error=KoreanEvalError, help_text=f"네트워크를 확인하거나, 다른 주소를 환경 변수 {ENV_URL}로, "
                                                      f"파일이 있는 폴더를 {ENV_DIR}로 알려 주세요.")


def _blob(path: Path) -> str:
    try:
        return git_blob_sha1(path.read_bytes())
    except OSError as e:
        raise KoreanEvalError(f"{path}을(를) 읽지 못했습니다 ({e.strerror or e}). 파일 권한을 확인하세요.") from None


def load_wordsim() -> list[tuple[str, str, float]]:
    """한국어 WordSim-353: [(단어1, 단어2, 사람 점수 0–10), …] 353쌍 (파일 순서)."""
    path = eval_path(WORDSIM)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    return [(w1.strip(), w2.strip(), float(score)) for w1, w2, score in rows[1:] if w1.strip()]


def load_analogies() -> list[tuple[str, str, str, str, str]]:
    """한국어 유추 문제: [(절 이름, a, b, c, d), …] 10,000개 (a : b = c : d)."""
    from .evaluation import load_analogy_questions

    return load_analogy_questions(eval_path(ANALOGIES), lowercase=False)


def evaluate_wordsim(word_matrix: np.ndarray, word_to_id: dict) -> dict:
    """한국어 WordSim-353의 스피어만 ρ. Returns : ``spearman``, ``n_pairs`` (두 단어가 모두 어휘에 있는 쌍),
    ``n_total`` (353), ``coverage`` (n_pairs / n_total)."""
    pairs = load_wordsim()
    result = word_pairs_spearman(word_matrix, word_to_id, pairs)
    return result | {"n_total": len(pairs), "coverage": result["n_pairs"] / len(pairs)}


def evaluate_korean_analogies(word_matrix: np.ndarray, word_to_id: dict, method: str = "3cosadd") -> dict:
    """한국어 유추 문제의 top-1 정답률 (질의 단어 a, b, c는 답에서 뺌; 네 단어가 모두 어휘에 있는 문제만).

    Returns : :func:`w2vlib.evaluation.evaluate_analogies`와 같은 dict (``sections``: 절 이름 → (정답률, 문제 수),
    ``semantic``·``syntactic``: 의미·문법 절 전체). 문제가 하나도 없는 절은 ``sections``에 없습니다.
    """
    return evaluate_analogies(word_matrix, word_to_id, path=eval_path(ANALOGIES), method=method,
                              semantic_sections=SEMANTIC_SECTIONS)


def coverage(word_to_id: dict) -> dict:
    """어휘가 평가 데이터를 얼마나 덮는지: ``wordsim`` (두 단어가 다 있는 쌍 수), 절마다 네 단어가 다 있는 문제 수."""
    pairs = load_wordsim()
    out = {"wordsim": sum(w1 in word_to_id and w2 in word_to_id for w1, w2, _ in pairs)}
    for section, *words in load_analogies():
        out[section] = out.get(section, 0) + all(w in word_to_id for w in words)
    return out


def report_lines(word_matrix: np.ndarray, word_to_id: dict) -> list[str]:
    """명령줄 도구가 학습 뒤에 보여 주는 한국어 평가 요약 (WordSim-353 ρ와 쌍 수, 방식마다 의미·문법·남성–여성)."""
    ws = evaluate_wordsim(word_matrix, word_to_id)
    lines = [f"한국어 WordSim-353 ρ = {ws['spearman']:.3f} ({ws['n_pairs']}/{ws['n_total']}쌍)"]
    for method in METHODS:
        r = evaluate_korean_analogies(word_matrix, word_to_id, method)
        if not r["n_overall"]:
            lines.append(f"한국어 유추 ({method}): 어휘 안의 문제가 없습니다")
            continue
        acc, n = r["sections"].get("sem2_male-female", (0.0, 0))
        part = {k: f"{r[k]:.2%} ({r[f'n_{k}']:,}개)" if r[f"n_{k}"] else "– (0개)" for k in ("semantic", "syntactic")}
        lines.append(f"한국어 유추 ({method}, 문제 {r['n_overall']:,}개): 의미 {part['semantic']}, "
                     f"문법 {part['syntactic']}, 남성–여성 {round(acc * n)}/{n}")
    return lines


def benchmark_scores(word_matrix: np.ndarray, word_to_id: dict, method: str = "3cosadd") -> dict:
    """벤치마크가 NSMC 행에 적는 한국어 점수 묶음 (:func:`w2vlib.evaluation.benchmark_scores`의 한국어판).

    Returns : ``ws353_ko`` (ρ), ``ws353_ko_pairs`` (평가한 쌍), ``ws353_ko_total`` (353), ``male_female`` (남성–여성 절의
    정답률, 문제가 없으면 NaN), ``n_male_female`` (그 절에서 평가한 문제 수), ``semantic``, ``n_semantic`` (의미 절 전체)."""
    ws = evaluate_wordsim(word_matrix, word_to_id)
    an = evaluate_korean_analogies(word_matrix, word_to_id, method)
    acc, n = an.get("sections", {}).get("sem2_male-female", (float("nan"), 0))
    return {"ws353_ko": float(ws["spearman"]), "ws353_ko_pairs": int(ws["n_pairs"]), "ws353_ko_total": int(ws["n_total"]),
            "male_female": float(acc), "n_male_female": int(n), "semantic": float(an["semantic"]),
            "n_semantic": int(an["n_semantic"])}
