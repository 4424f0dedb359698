"""저장된 벤치마크 실행(이슈 19): 패키지 사본이 저장소의 결과 파일과 같은지, 파일이 약속한 구조(기계, 행마다 커밋·날짜·
명시적인 설정·시간·품질·비용 모형)를 갖는지, 읽는 도우미(:mod:`w2vlib.book.results`)가 그 숫자를 그대로 쓰는지 확인합니다.
시간을 재지 않습니다."""
from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path

import pytest

from w2vlib.book import results

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_COPY = ROOT / "w2vlib" / "book" / "data" / "benchmark.json"


def _suite():
    """``benchmarks/suite.py`` (패키지가 아니므로 파일에서 읽음; 데이터클래스가 모듈을 찾도록 sys.modules에 등록)."""
    if "bench_suite" not in sys.modules:
        spec = importlib.util.spec_from_file_location("bench_suite", ROOT / "benchmarks" / "suite.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["bench_suite"] = module
        spec.loader.exec_module(module)
    return sys.modules["bench_suite"]


@pytest.fixture(scope="module")
def data():
    return results.load()


def test_package_copy_equals_the_committed_results_file(data):
    source = ROOT / "benchmarks" / "results" / f"{data['run']}.json"
    assert source.is_file(), f"패키지 사본의 실행 {data['run']!r}에 해당하는 결과 파일이 없습니다"
    assert PACKAGE_COPY.read_bytes() == source.read_bytes()
    assert results.load(source) == data


def test_machine_object_names_the_machine(data):
    m = data["machine"]
    assert m["cpu_model"] and m["cpu_model"] == m["cpu_model"].strip()
    assert m["cores"] >= 1 and m["memory_gb"] > 0
    for key in ("python", "numpy", "scipy", "gensim"):
        assert m[key]
    assert m["blas"]["vendor"] and m["blas"]["threads"] >= 1
    for key in ("sgemm_flops", "cache_copy_bytes_per_s", "dram_copy_bytes_per_s"):
        assert m["throughput"][key] > 0


EXPLICIT = {"batch_size", "optimizer", "lr", "window", "workers", "reuse_memory", "blas_threads"}


def test_every_row_of_the_suite_is_stored_with_explicit_settings(data):
    suite = _suite()
    names = [r.name for r in suite._rows()]
    assert list(data["rows"]) == [n for n in names if n in data["rows"]], "행 순서는 스위트의 순서"
    assert set(names) == set(data["rows"]), "스위트의 모든 행이 결과 파일에 있어야 합니다"
    for name, r in data["rows"].items():
        assert r["commit"] and r["date"].endswith("Z"), name
        if r["kind"] != "micro":
            assert EXPLICIT <= set(r["settings"]), (name, EXPLICIT - set(r["settings"]))
            t = r["times"]
            assert len(t["all"]) == r["repeats"] and t["min"] == min(t["all"]) and t["spread"] >= 0
            assert r["cost_model"]["distance"] == pytest.approx(t["per_epoch_min"] / r["cost_model"]["bound_s_per_epoch"])
        else:
            for p in r["times"]["parts"].values():
                assert p["min"] == min(p["all"]) > 0
        if r["kind"] in ("train", "gensim", "long"):
            q = r["quality"]
            assert 0 <= q["analogy"] <= 1 and -1 <= q["ws353"] <= 1 and -1 <= q["simlex"] <= 1, name


def test_stage_rows_change_one_thing_each_and_run_in_order(data):
    from w2vlib.book.speedup_steps import STAGES

    keys = [s.key for s in STAGES]
    stages = [r for r in data["rows"].values() if r["kind"] == "stage" and r["settings"]["stage"] in keys]
    assert [r["settings"]["stage"] for r in stages] == keys
    assert keys.index("float32") + 1 == keys.index("inplace"), "float(lr_t)와 제자리 Adam은 따로 한 단계씩"
    for s in STAGES:                                         # 메모리 재사용은 그 단계부터 명시적으로 켜져 있음
        assert s.reuse_memory == (keys.index(s.key) >= keys.index("memory")), s.key


def test_book_setting_quality_row_uses_the_books_arithmetic(data):
    r = data["rows"]["book_setting_quality"]
    s = r["settings"]
    assert (s["batch_size"], s["lr"], s["window"]) == (100, 0.001, "fixed")
    if not data["run"].startswith("dev-"):               # 개발용 실행(공유 기계)만 짧게 학습할 수 있음
        assert s["epochs"] == 10 and "max_steps" not in s
    assert s["exact"] and "밀집 Adam" in s["optimizer"]


def test_reader_prints_the_stored_numbers(data):
    box = results.machine_box(data).data
    assert data["machine"]["cpu_model"] in box and data["run"] in box and data["date"] in box
    assert results.seconds("w2vlib_cbow", data) == data["rows"]["w2vlib_cbow"]["times"]["min"]
    table = results.training_table(["w2vlib_cbow", "gensim_cbow_w1"], data, baseline="gensim_cbow_w1").data
    assert table.count("\n") == 3 and "gensim" in table
    stage = results.stage_table(data).data
    from w2vlib.book.speedup_steps import STAGES
    assert stage.count("\n") == 1 + len(STAGES)
    rows = results.stage_rows(data)
    assert rows[0]["vs_book"] == 1 and math.isclose(rows[-1]["vs_book"], rows[0]["seconds"] / rows[-1]["seconds"])


def test_compare_sentence_says_equal_within_spread_and_orders_otherwise():
    def fake(ta, tb, spread):
        row = lambda t, title: {"title": title, "times": {"per_epoch_min": t, "spread": spread}}  # noqa: E731
        return {"rows": {"a": row(ta, "A"), "b": row(tb, "B")}}
    assert "같습니다" in results.compare("a", "b", fake(1.03, 1.0, 0.01))
    assert "같습니다" in results.compare("a", "b", fake(1.08, 1.0, 0.2))
    unsure = results.compare("a", "b", fake(1.15, 1.0, 0.2))
    assert "1.15배 빨랐지만" in unsure and "단정할 수 없습니다" in unsure and "같습니다" not in unsure
    assert "1.50배 느립니다" in results.compare("a", "b", fake(1.5, 1.0, 0.01))
    assert "2.00배 빠릅니다" in results.compare("a", "b", fake(1.0, 2.0, 0.01))


def test_unknown_row_is_a_clear_error(data):
    with pytest.raises(KeyError, match="없습니다"):
        results.row("no_such_row", data)


def test_merge_replaces_rows_by_name_and_keeps_the_others(tmp_path, monkeypatch):
    suite = _suite()
    monkeypatch.setattr(suite, "RESULTS_DIR", tmp_path)
    first = {"w2vlib_cbow": {"date": "2026-01-01T00:00:00Z", "v": 1}, "gensim_cbow_w1": {"date": "2026-01-01T00:00:00Z"}}
    suite.merge_and_write("t", {"cpu_model": "X"}, first)
    suite.merge_and_write("t", None, {"w2vlib_cbow": {"date": "2026-01-02T00:00:00Z", "v": 2}})
    saved = json.loads((tmp_path / "t.json").read_text())
    assert saved["rows"]["w2vlib_cbow"]["v"] == 2 and "gensim_cbow_w1" in saved["rows"]
    assert saved["machine"] == {"cpu_model": "X"} and saved["date"] == "2026-01-02"


@pytest.mark.parametrize("doc", ["README.md", "intro.md"])
def test_readme_and_intro_quote_the_stored_run(data, doc):
    """README와 intro의 벤치마크 문단은 저장된 실행에서 만든 글 그대로입니다 (``suite.py --publish``가 새로 씀)."""
    text = (ROOT / doc).read_text(encoding="utf-8")
    assert results.doc_block(data) in text
    assert data["machine"]["cpu_model"] in results.headline(data)


@pytest.mark.parametrize("word,expected", [("고정 윈도우", "고정 윈도우가"), ("w2vlib CBOW (기본값)", "w2vlib CBOW (기본값)이"),
                                           ("workers=2", "workers=2가"), ("윈도우 8", "윈도우 8이"), ("gensim", "gensim이"),
                                           ("SGD", "SGD가"), ("HTML", "HTML이")])
def test_generated_sentences_pick_the_particle_by_the_last_sound(word, expected):
    assert results._josa(word, "이", "가") == expected
