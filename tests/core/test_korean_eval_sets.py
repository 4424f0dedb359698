"""w2vlib.korean_eval: 평가 데이터 읽기(해시 확인, 오프라인 폴더, 내려받기)와 평가(ρ, 절마다 유추 정답률)."""
from __future__ import annotations

import os
import shutil

import numpy as np
import pytest
from scipy.stats import spearmanr

from w2vlib import korean_eval as ke
from w2vlib.korean_eval import KoreanEvalError

from conftest import find_shared_data
from local_http import local_server, only_localhost  # noqa: F401  (autouse fixture)


_REAL_DIR = find_shared_data(os.environ.get(ke.ENV_DIR), "korean-eval", ke.FILES)   # monkeypatch 전에


@pytest.fixture
def real_dir(monkeypatch):
    folder = _REAL_DIR
    if folder is None:
        pytest.skip(f"한국어 평가 데이터가 없습니다 ({ke.ENV_DIR}를 설정하세요; CI는 ../shared/data/korean-eval).")
    monkeypatch.setenv(ke.ENV_DIR, str(folder))
    return folder


def test_real_files(real_dir):
    pairs = ke.load_wordsim()
    assert len(pairs) == 353 and pairs[0] == ("사랑", "섹스", 6.42)
    questions = ke.load_analogies()
    assert len(questions) == 10_000
    assert [s for s in dict.fromkeys(q[0] for q in questions)] == list(ke.SECTION_NAMES)
    assert questions[0] == ("sem1_capital-conturies", "아테네", "그리스", "바그다드", "이라크")


def test_wrong_hash_in_offline_folder(real_dir, tmp_path, monkeypatch):
    shutil.copyfile(real_dir / ke.WORDSIM, tmp_path / ke.WORDSIM)
    with open(tmp_path / ke.WORDSIM, "a", encoding="utf-8") as f:
        f.write("영화,배우,5.00\n")
    monkeypatch.setenv(ke.ENV_DIR, str(tmp_path))
    with pytest.raises(KoreanEvalError, match="git blob SHA-1"):
        ke.load_wordsim()
    with pytest.raises(KoreanEvalError, match=ke.ENV_DIR):                # 다른 파일은 폴더에 없음
        ke.load_analogies()


def test_download_verifies_blob_hash(real_dir, tmp_path, monkeypatch):
    good = (real_dir / ke.WORDSIM).read_bytes()
    routes = {f"/good/{ke.WORDSIM}": (good, len(good)),
              f"/bad/{ke.WORDSIM}": (good.replace(b"6.42", b"6.43"), len(good)),
              f"/trunc/{ke.WORDSIM}": (good[:100], len(good))}
    monkeypatch.delenv(ke.ENV_DIR)
    monkeypatch.setenv("W2VLIB_CACHE_DIR", str(tmp_path))
    with local_server(routes) as srv:
        for route, match in (("bad", "git blob SHA-1 값이 다릅니다"), ("trunc", "끊겼")):
            monkeypatch.setenv(ke.ENV_URL, f"{srv.base}/{route}")
            with pytest.raises(KoreanEvalError, match=match):
                ke.load_wordsim()
            assert list((tmp_path / "korean-eval").iterdir()) == []
        monkeypatch.setenv(ke.ENV_URL, f"{srv.base}/good/")
        assert len(ke.load_wordsim()) == 353
    assert [p.name for p in (tmp_path / "korean-eval").iterdir()] == [ke.WORDSIM]
    assert len(ke.load_wordsim()) == 353                                   # 서버 없이 캐시에서


def test_wordsim_rho_and_coverage(real_dir):
    pairs = ke.load_wordsim()
    words = sorted({w for p in pairs[:100] for w in p[:2]})
    w2i = {w: i for i, w in enumerate(words)}
    vecs = np.random.default_rng(0).standard_normal((len(words), 8))
    result = ke.evaluate_wordsim(vecs, w2i)
    unit = vecs / np.linalg.norm(vecs, axis=1, keepdims=True)
    kept = [(a, b, s) for a, b, s in pairs if a in w2i and b in w2i]
    want = spearmanr([unit[w2i[a]] @ unit[w2i[b]] for a, b, _ in kept], [s for *_, s in kept]).statistic
    assert result["n_pairs"] == len(kept) >= 100 and result["n_total"] == 353
    assert result["spearman"] == pytest.approx(want) and result["coverage"] == pytest.approx(len(kept) / 353)


def test_analogies_by_section(real_dir):
    """남성–여성 절에서 서로 겹치지 않는 (남성, 여성) 쌍을 골라, 여성 = 남성 + 공통 방향이 되게 벡터를 만들면
    두 쌍이 모두 고른 쌍인 문제는 3CosAdd가 다 맞힙니다. 어휘에 없는 절은 결과에 나오지 않습니다."""
    questions = [q for q in ke.load_analogies() if q[0] == "sem2_male-female"]
    chosen, used = {}, set()
    for _, a, b, c, d in questions:
        for m, f in ((a, b), (c, d)):
            if m not in used and f not in used:
                chosen[m] = f
                used |= {m, f}
    rng = np.random.default_rng(0)
    males = list(chosen)
    base = rng.standard_normal((len(males), 64))
    vecs = np.vstack([base, base + 3 * rng.standard_normal(64)])
    w2i = {w: i for i, w in enumerate(males + [chosen[m] for m in males])}
    result = ke.evaluate_korean_analogies(vecs, w2i, "3cosadd")
    kept = [q for q in questions if all(w in w2i for w in q[1:])]
    planted = np.array([chosen.get(a) == b and chosen.get(c) == d for _, a, b, c, d in kept])
    assert list(result["sections"]) == ["sem2_male-female"]
    assert result["sections"]["sem2_male-female"][1] == len(kept) and planted.sum() >= 100
    assert result["correct"][planted].all()
    assert result["n_syntactic"] == 0 and result["n_semantic"] == len(kept)
    cov = ke.coverage(w2i)
    assert cov["sem2_male-female"] == len(kept) and cov["syn1_case"] == 0


def test_report_lines(real_dir):
    pairs = ke.load_wordsim()
    words = sorted({w for p in pairs for w in p[:2]})
    w2i = {w: i for i, w in enumerate(words)}
    vecs = np.random.default_rng(0).standard_normal((len(words), 8))
    lines = ke.report_lines(vecs, w2i)
    ws = ke.evaluate_wordsim(vecs, w2i)
    assert lines[0] == f"한국어 WordSim-353 ρ = {ws['spearman']:.3f} (353/353쌍)"
    assert len(lines) == 3 and all("nan" not in line for line in lines)


def test_unknown_file_name_names_the_argument():
    with pytest.raises(ValueError, match="name: .*WS353_korean.csv.* 중 하나") as err:
        ke.eval_path("ws353.csv")
    assert err.value.argument == "name"
