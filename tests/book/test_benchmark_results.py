"""저장된 벤치마크 실행(이슈 19): 패키지 사본이 저장소의 결과 파일과 같은지, 파일이 약속한 구조(기계, 행마다 커밋·날짜·
명시적인 설정·시간·품질·비용 모형)를 갖는지, 읽는 도우미(:mod:`w2vlib.book.results`)가 그 숫자를 그대로 쓰는지 확인합니다.
시간을 재지 않습니다."""
from __future__ import annotations

import ast
import functools
import importlib.util
import json
import math
import re
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


def test_cost_model_text_gives_the_throughput_its_bounds_used(data):
    """책이 적는 처리량(results.throughput_text)으로 비용 모형 표의 모든 행의 하한을 다시 계산하면 표의 하한이 나옵니다.
    (따로 재는 NSMC 행을 나중에 재면 결과 파일의 machine.throughput은 그때 다시 잰 값이라 PTB 행의 하한과 맞지 않았음.)"""
    m = results.row_throughput(data=data)
    text = results.throughput_text(data)
    assert f"{m['cache_copy_bytes_per_s'] / 1e9:.1f} GB/s" in text and f"{m['sgemm_flops'] / 1e9:.1f} GFLOP/s" in text
    for name in ("stage_book", "w2vlib_cbow", "gensim_cbow_w1", "w2vlib_cbow_hs"):
        c = data["rows"][name]["cost_model"]
        assert math.isclose(c["bytes_per_epoch"] / m["cache_copy_bytes_per_s"], c["cache_bound_s"], rel_tol=1e-9)
        assert math.isclose(c["flops_per_epoch"] / m["sgemm_flops"], c["compute_bound_s"], rel_tol=1e-9)


EXPLICIT = {"batch_size", "optimizer", "lr", "window", "workers", "reuse_memory", "blas_threads"}


def test_every_row_of_the_suite_is_stored_with_explicit_settings(data):
    suite = _suite()
    names = [r.name for r in suite._rows()]
    assert list(data["rows"]) == [n for n in names if n in data["rows"]], "행 순서는 스위트의 순서"
    assert set(names) == set(data["rows"]), "스위트의 모든 행이 결과 파일에 있어야 합니다"
    for name, r in data["rows"].items():
        assert r["commit"] and r["date"].endswith("Z"), name
        if r["settings"].get("program") == "tokenize":                  # NSMC 토큰화 행: 학습이 아님
            assert r["times"]["min"] == min(r["times"]["all"]) > 0 and r["tokens"] > r["reviews"] > 0, name
        elif r["kind"] != "micro":
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


def test_stage_table_names_workers_once(data):
    """단계가 모두 같은 workers로 재었으면 표에 그 열이 없고 4.3.4의 본문이 그 값을 말합니다. 단계마다 다르면 열이 생깁니다.
    마지막 열은 잰 반복 / 에폭당 반복 (늘려 잡은 행은 앞 수가 작음)."""
    import copy

    from w2vlib.book.speedup_steps import STAGES
    workers = results.stage_workers(data)
    table = results.stage_table(data).data
    header = table.splitlines()[0]
    prose = "".join("".join(c["source"]) for c in json.loads((ROOT / "chapters" / "4_3b_speedup_steps.ipynb").read_text())["cells"]
                    if c["cell_type"] == "markdown")
    if workers is not None:
        assert "workers" not in header and f"`workers={workers}`" in prose
    for line, r in zip(table.splitlines()[2:], results.stage_rows(data)):
        t = r["times"]
        timed, per_epoch = (int(x.replace(",", "")) for x in line.rstrip(" |").rsplit("|", 1)[1].split("/"))
        assert per_epoch == t["iterations_per_epoch"] and (timed < per_epoch) == bool(t["extrapolated"])
    mixed = copy.deepcopy(data)
    mixed["rows"][f"stage_{STAGES[-1].key}"]["settings"]["workers"] = 2
    assert results.stage_workers(mixed) is None
    mixed_table = results.stage_table(mixed).data
    assert "| workers |" in mixed_table.splitlines()[0] and mixed_table.splitlines()[-1].count("| 2 |") == 1


def test_compare_sentence_says_equal_within_spread_and_orders_otherwise():
    def fake(ta, tb, spread):
        row = lambda t, title: {"title": title, "times": {"per_epoch_min": t, "spread": spread}}  # noqa: E731
        return {"rows": {"a": row(ta, "A"), "b": row(tb, "B")}}
    assert "같습니다" in results.compare("a", "b", fake(1.03, 1.0, 0.01))
    assert "같습니다" in results.compare("a", "b", fake(1.08, 1.0, 0.2))
    unsure = results.compare("a", "b", fake(1.15, 1.0, 0.2))
    assert "1.15배 빨랐지만" in unsure and "단정할 수 없습니다" in unsure and "같습니다" not in unsure
    # 문장의 순서(빠른 B, 느린 A)대로 괄호 안의 시간도 (B의 1초, A의 1.15초)
    assert unsure.startswith("이 실행에서는 B가 A보다") and "(에폭당 1.0초 대 1.1초)" in unsure, unsure
    unsure_ab = results.compare("a", "b", fake(1.0, 1.15, 0.2))
    assert unsure_ab.startswith("이 실행에서는 A가 B보다") and "(에폭당 1.0초 대 1.1초)" in unsure_ab, unsure_ab
    assert "1.50배 느립니다" in results.compare("a", "b", fake(1.5, 1.0, 0.01))
    assert "2.00배 빠릅니다" in results.compare("a", "b", fake(1.0, 2.0, 0.01))


def test_nsmc_rows_state_their_corpus_and_korean_quality(data):
    suite = _suite()
    rows = {r.name: r for r in suite.nsmc_rows()}
    assert {r.kind for r in rows.values()} == {"nsmc"}
    # 토큰화는 한 번, 학습 행은 PTB 행처럼 --repeats 번 번갈아 (한 번씩 잰 두 실행에서 같은 행이 27%까지 달랐음)
    assert rows["nsmc_tokenize"].max_repeats == 1 and all(r.max_repeats is None for n, r in rows.items()
                                                          if n != "nsmc_tokenize")
    for name in rows:
        r = data["rows"][name]
        s = r["settings"]
        assert s["corpus"] == "nsmc" and s["tokens"] == "morph", name
        if not data["run"].startswith("dev-"):              # 개발용 실행(공유 기계)만 말뭉치·에폭을 줄일 수 있음
            assert s["reviews"] is None and s.get("epochs", 5) == 5, name
        if s["program"] == "tokenize":
            continue
        q = r["quality"]
        assert -1 <= q["ws353_ko"] <= 1 and 0 < q["ws353_ko_pairs"] <= q["ws353_ko_total"] == 353, name
        assert 0 <= q["male_female"] <= 1 and q["n_male_female"] > 0, name
        assert r["times"]["process_min"] >= r["times"]["min"] > 0 and r["tokens"] > 0, name


def test_korean_chapter_reads_the_nsmc_rows_or_says_how_to_measure_them(data):
    from w2vlib.book import korean

    table = korean.benchmark_table(data).data
    assert table.count("\n") == 1 + 4 and "gensim" in table and "w2vlib" in table
    assert "gensim" in korean.benchmark_summary(data)
    without = {**data, "rows": {k: v for k, v in data["rows"].items() if k != "nsmc_gensim_w2"}}
    with pytest.raises(KeyError, match="nsmc_gensim_w2.*--kind nsmc.*--publish"):
        korean.benchmark_table(without)


_ONCE = "; 한 번씩 잰 값이라 PTB 행의 실행 사이 흔들림(4.4절 표의 괄호)보다 작은 차이는 단정할 수 없음"


_SAME = "로, 책이 모든 비교에서 흔들림으로 치는 최소 5%보다 작아 같은 수준"


@pytest.mark.parametrize("repeats, spread, ours, says", [
    (1, 0.0, 100.0, "차이 0.0%" + _SAME), (1, 0.0, 104.0, "차이 4.0%" + _SAME), (1, 0.0, 96.0, "차이 4.2%" + _SAME),
    (1, 0.0, 110.0, "gensim보다 시간이 약 10% 더 걸림" + _ONCE), (1, 0.0, 80.0, "gensim보다 시간이 약 20% 짧음" + _ONCE),
    (3, 0.02, 104.0, "차이 4.0%로, 두 행의 실행 사이 흔들림 5% 안이라 같은 수준"),
    (3, 0.08, 107.0, "차이 7.0%로, 두 행의 실행 사이 흔들림 8% 안이라 같은 수준"),
    (3, 0.15, 112.0, "gensim보다 시간이 약 12% 더 걸림; 두 행의 실행 사이 흔들림(15%)이 그만큼 커서 이 실행만으로는 단정할 수 없음"),
    (3, 0.03, 90.0, "gensim보다 시간이 약 10% 짧음; 두 행의 실행 사이 흔들림 5%보다 큰 차이")])
def test_korean_summary_does_not_give_a_direction_to_a_difference_inside_the_spread(data, repeats, spread, ours, says):
    """흔들림 안의 차이에 "1.00배 빠름"처럼 방향을 붙이지 않습니다: 한 번씩 잰 행은 최소 흔들림(SPREAD_FLOOR)으로,
    여러 번 잰 행은 두 행의 실행 사이 흔들림으로 판단합니다. 요약은 반복 횟수를 적습니다."""
    import copy

    from w2vlib.book import korean

    changed = copy.deepcopy(data)
    for name, minimum in (("nsmc_gensim_w1", 100.0), ("nsmc_w2vlib_w1", ours)):
        changed["rows"][name]["times"].update(min=minimum, spread=spread)
        changed["rows"][name]["repeats"] = repeats
    assert f"코어 1개: w2vlib {ours:,.1f}초, gensim 100.0초 ({says})." in korean.benchmark_summary(changed)
    for name in ("nsmc_gensim_w2", "nsmc_w2vlib_w2"):
        changed["rows"][name]["repeats"] = repeats
    assert ("표의 학습 행은 한 번씩 잰 값입니다." if repeats == 1 else
            f"표의 학습 행은 w2vlib과 gensim을 번갈아 {repeats}번 잰 가운데 가장 짧은 시간입니다.") \
        in korean.benchmark_summary(changed)


def test_take_from_moves_rows_of_one_separate_kind(tmp_path, monkeypatch):
    suite = _suite()
    monkeypatch.setattr(suite, "RESULTS_DIR", tmp_path)
    day = "2026-01-01T00:00:00Z"
    suite.merge_and_write("other", {"cpu_model": "Y"}, {"book_setting_quality": {"kind": "long", "date": day},
                                                        "nsmc_tokenize": {"kind": "nsmc", "date": day},
                                                        "w2vlib_cbow": {"kind": "train", "date": day}})
    suite.merge_and_write("t", {"cpu_model": "X"}, {"w2vlib_cbow": {"kind": "train", "date": day, "v": 1}})
    suite.take_rows("t", "other:nsmc")
    saved = json.loads((tmp_path / "t.json").read_text())
    assert set(saved["rows"]) == {"w2vlib_cbow", "nsmc_tokenize"} and saved["machine"] == {"cpu_model": "X"}
    suite.take_rows("t", "other")                                     # 종류를 빼면 따로 재는 종류 모두
    saved = json.loads((tmp_path / "t.json").read_text())
    assert set(saved["rows"]) == {"w2vlib_cbow", "nsmc_tokenize", "book_setting_quality"}
    assert saved["rows"]["w2vlib_cbow"]["v"] == 1                     # 빠른 행은 옮기지 않음
    for bad, match in (("other:train", "종류"), ("missing", "없습니다")):
        with pytest.raises(SystemExit, match=match):
            suite.take_rows("t", bad)


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


@pytest.mark.parametrize("word,expected", [("고정 윈도우", "고정 윈도우가"), ("w2vlib CBOW (기본값)", "w2vlib CBOW (기본값)가"),
                                           ("w2vlib (한 코어)", "w2vlib (한 코어)이"), ("고정 윈도우 (책)", "고정 윈도우 (책)가"),
                                           ("(괄호뿐)", "(괄호뿐)이"),
                                           ("gensim 4 Word2Vec (C, workers=1)", "gensim 4 Word2Vec (C, workers=1)이"),
                                           ("workers=2", "workers=2가"), ("윈도우 8", "윈도우 8이"), ("gensim", "gensim이"),
                                           ("SGD", "SGD가"), ("HTML", "HTML이")])
def test_generated_sentences_pick_the_particle_by_the_last_sound(word, expected):
    assert results._josa(word, "이", "가") == expected


# --------------------------------------------------------------------------- 책을 만들 때 시간을 재는 셀, 본문의 속도 숫자

RETIME_MARK = "# 이 컴퓨터에서 다시 재기"
"""독자의 기계에서 다시 재는 셀의 첫 줄. 책 페이지에도 코드 첫 줄로 그대로 보이고, 이 테스트가 찾습니다."""
MAX_RETIME_CELLS = 4
"""노트북 하나에 둘 수 있는 다시 재기 셀의 수 (적게)."""
CLOCK_FUNCS = {"time": {"time", "time_ns", "perf_counter", "perf_counter_ns", "process_time", "process_time_ns",
                        "monotonic", "monotonic_ns"},
               "timeit": None}                     # timeit 모듈은 무엇이든 (timeit, repeat, Timer, default_timer)
RECORDED_DURATIONS = {"elapsed", "total_train_time"}
"""학습이 스스로 잰 시간을 담는 속성 (w2vlib ``Trainer.elapsed``, gensim ``total_train_time``): 읽으면 시간을 쓰는 것."""
INCIDENTAL = {"w2vlib.cli._main"}
"""스스로 걸린 시간을 재서 명령줄 사용자에게 보이기만 하는 함수 (노트북이 부르지 않음). 걸린 시간을 ``elapsed`` 속성에
적기만 하는 학습 함수(``Trainer.fit`` 등)는 자동으로 뺍니다: 학습 자체는 시간 재기가 아니고, 그 값을 읽는 셀은
:data:`RECORDED_DURATIONS`로 잡습니다."""
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
PENDING: dict[str, str] = {}
"""아직 책을 만들 때 시간을 재는 노트북 → 이유. ``strict`` xfail이라 고쳐지면 테스트가 실패해 이 표시를 지우게 합니다."""


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(tree, module: str = "", is_package: bool = False) -> dict[str, str]:
    """이름 → 완전한 이름 (``import a.b as c``, ``from .x import y``)."""
    out = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                out[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                pkg = module.split(".") if is_package else module.split(".")[:-1]
                pkg = pkg[:len(pkg) - node.level + 1]
                base = ".".join(pkg + ([node.module] if node.module else []))
            for a in node.names:
                out[a.asname or a.name] = f"{base}.{a.name}"
    return out


def _dotted(node, names: dict[str, str]) -> str | None:
    """``a.b.c`` 꼴의 식을 import 이름표로 풀어 완전한 이름으로 (풀 수 없으면 None)."""
    attrs = []
    while isinstance(node, ast.Attribute):
        attrs.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name) and node.id in names:
        return ".".join([names[node.id], *reversed(attrs)])
    return None


def _uses_clock(tree, names: dict[str, str]) -> list[str]:
    """시계를 직접 쓰는 곳: time·timeit 모듈의 함수, 기록된 학습 시간 속성 읽기."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Attribute, ast.Name)):
            full = _dotted(node, names)
            if full:
                mod, _, attr = full.partition(".")
                if mod in CLOCK_FUNCS and attr and (CLOCK_FUNCS[mod] is None or attr in CLOCK_FUNCS[mod]):
                    found.append(full)
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load) and node.attr in RECORDED_DURATIONS:
            found.append(f".{node.attr}")
    return found


@functools.cache
def _library_timers() -> frozenset[str]:
    """``w2vlib``에서 (호출을 따라가며) 시간을 재는 함수의 완전한 이름들. :data:`INCIDENTAL`은 뺍니다."""
    calls, direct, aliases = {}, set(), {}
    for path in sorted((ROOT / "w2vlib").rglob("*.py")):
        module = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = _imports(tree, module, path.name == "__init__.py")
        defs = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
        for alias, full in names.items():                       # 다시 내보낸 이름: w2vlib.train.train_word2vec
            aliases[f"{module}.{alias}"] = full
        local = names | {d: f"{module}.{d}" for d in defs}
        funcs = [(f"{module}.{n.name}", n, None) for n in tree.body if isinstance(n, ast.FunctionDef)]
        funcs += [(f"{module}.{c.name}.{n.name}", n, c.name) for c in tree.body if isinstance(c, ast.ClassDef)
                  for n in c.body if isinstance(n, ast.FunctionDef)]
        for full, fn, cls in funcs:
            records = any(isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Store) and n.attr in RECORDED_DURATIONS
                          for n in ast.walk(fn))
            if _uses_clock(fn, local) and not records:
                direct.add(full)
            targets = set()                                     # 부르거나 넘기는(콜백) 함수들
            for node in ast.walk(fn):
                if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self" and cls:
                    targets.add(f"{module}.{cls}.{node.attr}")
                elif isinstance(node, (ast.Attribute, ast.Name)) and (t := _dotted(node, local)):
                    targets.add(t)
            calls[full] = targets

    def resolve(name):
        seen = set()
        while name in aliases and name not in seen:
            seen.add(name)
            name = aliases[name]
        return name

    timers = direct - INCIDENTAL
    assert INCIDENTAL <= set(calls), f"없는 함수: {INCIDENTAL - set(calls)}"
    while True:
        more = {f for f, ts in calls.items() if f not in timers and f not in INCIDENTAL
                and any(resolve(t) in timers for t in ts)}
        if not more:
            return frozenset(timers)
        timers |= more


def timing_uses(source: str, names: dict[str, str]) -> list[str]:
    """코드 셀 하나가 시간을 재는 곳: 시계, 기록된 학습 시간, 시간을 재는 w2vlib 함수, ``%time``·``%timeit``."""
    found = [line.split()[0] for line in source.splitlines() if re.match(r"\s*%%?time", line)]
    code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())
    tree = ast.parse(code)
    names.update(_imports(tree))
    found += _uses_clock(tree, names)
    timers = _library_timers()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Attribute, ast.Name)) and (full := _dotted(node, names)):
            full = full.replace("w2vlib.train.train_word2vec", "w2vlib.trainer.train_word2vec")
            if full in timers:
                found.append(full)
    return found


def notebook_timing_cells(nb: dict) -> list[tuple[str, list[str], bool]]:
    """코드 셀마다 (셀 id, 시간을 재는 곳, 다시 재기 표시가 있는지) — 시간을 재거나 표시가 있는 셀만."""
    names: dict[str, str] = {}
    out = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        uses = timing_uses(source, names)
        marked = source.startswith(RETIME_MARK)
        if uses or marked:
            out.append((cell["id"], uses, marked))
    return out


def test_library_timers_are_found_through_calls():
    timers = _library_timers()
    assert "w2vlib.book.timing.best_time" in timers                    # 시계를 직접 씀
    assert "w2vlib.book.onehot_cost.compare_widget" in timers          # compare → measure → best_time
    assert "w2vlib.book.loss_cost.measure_per_word" in timers
    assert "w2vlib.trainer.train_word2vec" not in timers               # 학습은 시간 재기가 아님 (elapsed만 적음)
    assert "w2vlib.book.results.lookup_grid" not in timers             # 저장된 실행을 읽기만 함


@pytest.mark.parametrize("source, expected", [
    ("from w2vlib.book.timing import best_time\nbest_time(lambda: 1)", True),
    ("from w2vlib.book import onehot_cost as oc\noc.sweep = oc.measure_grid((10,), (2,), (3,))", True),
    ("import time\nt = time.perf_counter()", True),
    ("from time import perf_counter as pc\npc()", True),
    ("%timeit x = 1", True),
    ("model, trainer = train_word2vec(c, 10, cfg)\nprint(trainer.elapsed)", True),
    ("from w2vlib.train import train_word2vec\nmodel, trainer = train_word2vec(c, 10, cfg)", False),
    ("from w2vlib.book import results\nresults.lookup_grid()", False),
    ("import time\n# 주석 안의 time.perf_counter()", False),
])
def test_timing_detector(source, expected):
    assert bool(timing_uses(source, {})) == expected, timing_uses(source, {})


@pytest.mark.parametrize("path", [pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=PENDING[p.stem]))
                                  if p.stem in PENDING else p for p in CHAPTERS], ids=lambda p: p.stem)
def test_no_cell_times_anything_during_the_build_unless_labelled_a_retiming_cell(path):
    """책을 만들 때 도는 셀은 시간을 재지 않습니다 (속도 숫자는 저장된 실행에서). 독자의 기계에서 다시 재는 셀만 예외이고,
    그 셀은 첫 줄이 :data:`RETIME_MARK`, 출력은 nbval이 비교하지 않으며(``nbval-ignore-output``), 책에서 코드가 보이고
    (숨기지 않음), 저장된 실행과 견주며(``results.retime``), 노트북마다 몇 개뿐입니다."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = {c["id"]: c for c in nb["cells"]}
    found = notebook_timing_cells(nb)
    unlabelled = [(cid, uses) for cid, uses, marked in found if uses and not marked]
    assert not unlabelled, f"{path.name}: 표시 없이 시간을 재는 셀 (첫 줄 {RETIME_MARK!r}이 필요하거나, 저장된 실행에서 읽어야 함)"
    retime = [cid for cid, _, marked in found if marked]
    assert len(retime) <= MAX_RETIME_CELLS, f"{path.name}: 다시 재기 셀이 너무 많습니다: {retime}"
    for cid, uses, marked in found:
        if not marked:
            continue
        tags = set(cells[cid].get("metadata", {}).get("tags", []))
        assert uses, f"{path.name} {cid}: 다시 재기 표시가 있지만 시간을 재지 않습니다"
        assert "nbval-ignore-output" in tags, f"{path.name} {cid}: 다시 재기 셀의 출력은 실행마다 다릅니다"
        assert not tags & {"remove-cell", "remove-input", "hide-input", "hide-cell"}, f"{path.name} {cid}: 표시가 책에서 보여야 합니다"
        source = "".join(cells[cid]["source"])
        assert "retime(" in source or "w2v-needs-kernel" in source, \
            f"{path.name} {cid}: 저장된 실행과 견주거나(results.retime) 커널이 필요한 위젯이어야 합니다"


SPEED_NUMBER = re.compile(
    r"\d[\d,]*(?:\.\d+)?\s*(?:초|밀리초|마이크로초|나노초|ms|µs|ns|s|h|시간|분(?!의))(?![A-Za-z])"   # 잰 시간
    r"|\d[\d,]*(?:\.\d+)?\s*배\s*(?:더\s*|쯤\s*|정도\s*|가량\s*|이상\s*)?(?:빠|느|빨)"                   # 속도 배율
    r"|×\s*\d[\d,]*(?:\.\d+)?(?!\s*\d)\s*(?:빠|느|빨|속도|speed)|\d[\d,]*(?:\.\d+)?×")


def prose_speed_numbers(text: str) -> list[str]:
    """손으로 쓴 글에서 속도 숫자(잰 시간, 속도 배율)를 찾습니다. 코드 블록·인라인 코드·수식과, 저장된 실행에서 만든
    벤치마크 문단(:data:`w2vlib.book.results.DOC_BEGIN` ~ ``DOC_END``)은 뺍니다."""
    start, end = text.find(results.DOC_BEGIN), text.find(results.DOC_END)
    if 0 <= start < end:
        text = text[:start] + text[end + len(results.DOC_END):]
    text = re.sub(r"(?ms)^(```|~~~).*?^\1", "", text)
    text = re.sub(r"\$\$.*?\$\$|\$[^$\n]*\$|`[^`\n]*`", "", text, flags=re.S)
    return [m.group(0) for m in SPEED_NUMBER.finditer(text)]


@pytest.mark.parametrize("text, found", [
    ("책의 코드로는 10에폭에 1.3시간, w2vlib은 9.6초가 걸립니다.", ["1.3시간", "9.6초"]),
    ("w2vlib이 303배 빠릅니다. 줄어드는 윈도우는 ×1.4 빨라집니다.", ["303배 빠", "×1.4 빨"]),
    ("계산 비율은 1,666.7배이고 계산량이 1,666분의 1이어도, 2코어 기계에서 10에폭", []),
    ("`time 1.5 s`와 $10^6$초, 그리고\n```\n# 약 17분\n```\n", []),
])
def test_prose_speed_number_detector(text, found):
    assert prose_speed_numbers(text) == found


def _prose_sources():
    for path in CHAPTERS:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                yield f"{path.name} {cell['id']}", "".join(cell["source"])
    for path in [*sorted((ROOT / "chapters").glob("*.md")), ROOT / "intro.md", ROOT / "README.md"]:
        yield path.name, path.read_text(encoding="utf-8")


def test_prose_quotes_no_hand_written_speed_numbers():
    """본문(마크다운 셀, intro, README, 용어집)의 속도 숫자는 모두 저장된 실행에서 옵니다: 손으로 쓴 글에는 잰 시간이나 속도
    배율이 없고, 숫자는 저장된 결과를 읽는 셀의 출력이나 ``--publish``가 만든 벤치마크 문단에만 있습니다."""
    found = {where: nums for where, text in _prose_sources() if (nums := prose_speed_numbers(text))}
    assert not found, f"손으로 쓴 속도 숫자: {found}"


def test_hogwild_quality_table_and_sentence_follow_the_stored_seeds():
    """4.4의 Hogwild 품질 표·문장: 시드마다 한 행, workers=1의 최소–최대와 workers=2의 평균, 그리고 그 평균이 범위
    안인지 밖인지를 저장된 값에서 (가짜 결과로 두 경우 모두)."""
    def fake(two_analogy):
        one = [{"seed": s, "analogy": a, "wordsim353": w} for s, a, w in [(1, 0.04, 0.30), (2, 0.05, 0.20), (3, 0.06, 0.25)]]
        two = [{"seed": s, "analogy": a, "wordsim353": 0.24} for s, a in zip((1, 2, 3), two_analogy)]
        verdict = {}
        for key in ("analogy", "wordsim353"):
            lo, hi = min(r[key] for r in one), max(r[key] for r in one)
            verdict[key] = {"workers1_min": lo, "workers1_max": hi,
                            "workers2_mean": sum(r[key] for r in two) / len(two)}
        return {"run": "fake", "hogwild_quality": {"epochs": 10, "settings": "PTB CBOW-NS(기본값, workers만 1과 2)",
                                                   "w2vlib_cbow_ns_w1": one, "w2vlib_cbow_ns_w2": two,
                                                   "verdict": verdict}}

    inside = fake([0.05, 0.05, 0.05])
    table = results.hogwild_quality_table(inside).data
    assert table.count("\n") == 1 + 3 + 1, table                     # 머리·구분, 시드 3, 평균
    assert "| 2 | 5.00% | 0.200 | 5.00% | 0.240 |" in table
    assert "| 평균 | 5.00% | 0.250 | 5.00% | 0.240 |" in table         # 두 workers의 평균 (범위는 문장이 말함)
    text = results.hogwild_quality_sentence(inside)
    assert text.startswith("시드 3개로 PTB CBOW-NS(기본값, workers만 1과 2)를 10에폭씩")
    assert "평균 5.00%가 workers=1의 범위 4.00%–6.00% 안에 들고" in text
    assert "평균 0.240이 workers=1의 범위 0.200–0.300 안에 듭니다." in text
    # 두 평균의 차이(workers=2 − workers=1)를 책 전체의 시드 흔들림과 견줌: 유추 0, ρ 0.24 − 0.25
    assert text.endswith("두 평균의 차이(workers=2 − workers=1)를 "
                         + results.seed_spread_sentence({"analogy": 0.0, "ws353": 0.24 - 0.25}))
    outside = results.hogwild_quality_sentence(fake([0.07, 0.07, 0.07]))
    assert "평균 7.00%가 workers=1의 범위 4.00%–6.00% 밖이고" in outside and "안에 듭니다." in outside
    assert "유추 차이(+2.00%p)는 흔들림보다 크고" in outside
    with pytest.raises(KeyError, match="hogwild_quality"):
        results.hogwild_quality({"run": "x", "rows": {}})


def test_model_workers_table_and_summary_follow_the_stored_rows(data):
    """4.4의 모델 × 코어 표: 여섯 행, 시간 비와 흔들림, 최대 메모리. 문장은 흔들림 밖·안과 메모리의 크고 작음을 값에서
    고릅니다 (행의 값을 바꾸면 문장이 바뀜)."""
    import copy

    table = results.model_workers_table(data).data
    assert table.count("\n") == 1 + 6 and "| skip-gram-NS 2코어 |" in table
    changed = copy.deepcopy(data)
    for key, _ in results.MODEL_WORKER_ROWS:
        for w in (1, 2):
            ours, theirs = changed["rows"][f"w2vlib_{key}_w{w}"]["times"], changed["rows"][f"gensim_{key}_w{w}"]["times"]
            ours.update(process_min=5.0, spread=0.0, peak_pss_mib_min=100.0)
            theirs.update(process_min=10.0, spread=0.0, peak_pss_mib_min=200.0)
    hs = changed["rows"]["w2vlib_cbow_hs_w1"]["times"]
    hs.update(process_min=12.0, peak_pss_mib_min=300.0)                   # 흔들림(5%) 밖에서 느리고 메모리도 큼
    assert "| CBOW-HS 1코어 | 12.0 / 10.0 | 1.20 (±5%) | 300 / 200 |" in results.model_workers_table(changed).data
    text = results.model_workers_summary(changed)
    assert text.startswith("프로세스 전체 시간의 비가 1보다 작은(w2vlib이 빠른) 설정은 6개 가운데 5개이고, 1보다 큰 설정은 "
                           "CBOW-HS 1코어입니다.")
    assert "CBOW-HS 1코어에서는 흔들림보다 큰 차이로 느리고" in text and "CBOW-NS 1코어, CBOW-NS 2코어" in text
    assert ("최대 메모리는 1코어에서는 CBOW-NS, skip-gram-NS가 gensim 이하이고 CBOW-HS가 gensim보다 크고, "
            "2코어에서는 세 모델 모두 gensim 이하입니다.") in text
    for i, (key, _) in enumerate(results.MODEL_WORKER_ROWS):             # 학습 호출만의 시간: 비 0.5–1.5, 빠른 설정 3개
        for w in (1, 2):
            changed["rows"][f"w2vlib_{key}_w{w}"]["times"]["min"] = 2.0 + i
            changed["rows"][f"gensim_{key}_w{w}"]["times"]["min"] = 4.0 if i == 0 else 2.0 if i == 1 else 3.0
    assert results.model_workers_summary(changed).endswith(
        "학습 호출만의 시간(w2vlib은 train_word2vec, gensim은 어휘 만들기를 포함한 Word2Vec(...))으로 보면 "
        "비는 0.50–1.50이고, w2vlib이 빠른 설정은 6개 가운데 2개입니다.")
    hs.update(process_min=10.2)                                            # 흔들림(5%) 안
    text = results.model_workers_summary(changed)
    assert "큰 차이로 느리고" not in text and "나머지는 차이가 흔들림(표의 괄호) 안입니다." in text
    assert "6개 설정 모두에서" not in text
    hs.update(process_min=5.0)                                             # 여섯 설정 모두 흔들림 밖에서 빠름: "나머지" 없음
    text = results.model_workers_summary(changed)
    assert "6개 설정 모두에서 차이가 흔들림(표의 괄호)보다 큽니다." in text and "나머지" not in text
    for r in changed["rows"].values():
        r["times"]["spread"] = 1.0                                        # 모든 행이 크게 흔들리면 단정하지 않음
    assert "다만 모든 설정에서 그 차이가 실행 사이 흔들림(표의 괄호)보다 크지 않아" in results.model_workers_summary(changed)


def test_seed_spread_sentence_uses_the_one_seed_spread_of_the_book(monkeypatch):
    """학습한 두 모델의 품질 차이를 견주는 문장은 책 전체의 흔들림 값(results.SEED_SPREAD) 하나만 씁니다 (부록이 예전에
    ρ의 흔들림을 다른 값으로 적었음). 경계 양쪽과 마지막 절의 어미를 봅니다."""
    band = results.SEED_SPREAD["ws353"]
    text = results.seed_spread_sentence({"analogy": -0.004, "ws353": -(band + 0.001)})
    assert text == (f"시드에 따른 흔들림(유추 약 ±{100 * results.SEED_SPREAD['analogy']:.1f}%p, WordSim-353 ρ 약 "
                    f"±{band:.2f})과 견주면 유추 차이(-0.40%p)는 흔들림 안에 있고, WordSim-353 ρ 차이"
                    f"({-(band + 0.001):+.3f})는 흔들림보다 큽니다.")
    assert results.seed_spread_sentence({"ws353": band}).endswith("흔들림 안에 있습니다.")
    both = results.seed_spread_sentence({"analogy": -0.001, "ws353": 0.01})        # 같은 판정은 한 번만 말함
    assert both.endswith("유추 차이(-0.10%p)와 WordSim-353 ρ 차이(+0.010)는 모두 흔들림 안에 있습니다.")
    assert results.seed_spread_sentence({"analogy": 0.02, "ws353": 0.2}).endswith("는 모두 흔들림보다 큽니다.")
    monkeypatch.setitem(results.SEED_SPREAD, "ws353", 0.2)            # 값이 바뀌면 문장도 따라 바뀜
    assert "WordSim-353 ρ 약 ±0.20" in results.seed_spread_sentence({"ws353": 0.1})
    assert results.seed_spread_sentence({"ws353": 0.1}).endswith("흔들림 안에 있습니다.")


def test_retime_of_the_training_loop_says_it_is_shorter_than_the_table(data):
    """``field='fit_min'``(학습 반복만)으로 견주는 다시 재기 문장은, 표의 시간(학습 호출 전체)과 다른 값임을 밝힙니다
    (같은 학습이 두 숫자로 읽히지 않게)."""
    fit = results.retime(1.0, "w2vlib_cbow", field="fit_min", epochs=10, data=data)
    whole = results.retime(1.0, "w2vlib_cbow", epochs=10, data=data)
    assert "학습 반복만" in fit and "학습 반복만" not in whole
    assert results.format_duration(data["rows"]["w2vlib_cbow"]["times"]["fit_min"] / 10) in fit


@pytest.mark.parametrize("slow, fast", [(7.0, 10.0), (10.0, 7.0)])
def test_spread_verdict_does_not_depend_on_which_row_is_divided_by_which(data, slow, fast):
    """흔들림과 견주는 것은 느린 쪽 ÷ 빠른 쪽 − 1입니다: 시간 7초와 10초(비 0.70 또는 1.43, 차이 43%)는 흔들림 35%의
    밖이므로, 두 행을 어느 순서로 넘겨도 "단정할 수 없다"고 쓰지 않고 배율을 말합니다."""
    import copy

    changed = copy.deepcopy(data)
    a, b = changed["rows"]["gensim_cbow_w2"]["times"], changed["rows"]["gensim_cbow_w1"]["times"]
    a.update(per_epoch_min=slow, spread=0.35)
    b.update(per_epoch_min=fast, spread=0.35)
    text = results.compare("gensim_cbow_w2", "gensim_cbow_w1", changed, what_slow="두 스레드", what_fast="한 스레드")
    assert "단정할 수 없습니다" not in text and "1.43배" in text
    assert results._gap(0.7) == pytest.approx(results._gap(1 / 0.7)) == pytest.approx(3 / 7)
