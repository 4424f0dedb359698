"""w2vlib.book.explore: 탐색기 명세의 데이터가 numpy·HuffmanTree 계산과 정확히 같은지, mime 묶음이 Jupyter가 그리는
형식인지 (커널 안에서도) 확인합니다. 브라우저에서 컨트롤을 움직이는 검사는 tests/book/test_book_explorers.py."""
from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import numpy as np
import pytest

from w2vlib.book import explore
from w2vlib.hierarchical_softmax import HuffmanTree

ROOT = Path(__file__).resolve().parents[2]


def _datasets(e):
    return e.spec["datasets"]


def _all_explorers(ptb_train=None):
    rng = np.random.default_rng(0)
    counts = rng.integers(0, 50, size=40)
    words = [f"w{i}" for i in range(40)]
    tree = HuffmanTree(counts)
    timings = [{"V": 1000, "H": 50, "N": 10, "onehot_us": 12.5, "lookup_us": 0.8}]
    return [explore.embedding_cost(timings), explore.embedding_cost(), explore.output_cost(),
            explore.unigram_power(counts, words), explore.huffman_path(tree, counts, words, word="w3"),
            explore.window_weights(window=3)]


@pytest.mark.parametrize("index", range(6))
def test_mimebundle_is_vegalite_v5_and_plain_text(index, monkeypatch):
    e = _all_explorers()[index]
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    bundle = e._repr_mimebundle_()
    assert set(bundle) == {explore.VEGALITE_MIME, "text/plain"}
    spec = bundle[explore.VEGALITE_MIME]
    assert spec["$schema"].endswith("/vega-lite/v5.json")
    assert json.loads(json.dumps(spec)) == spec                     # JSON으로 그대로 왕복
    # 모든 매개변수가 컨트롤에 묶이거나, 묶인 매개변수에서 계산됩니다 (로그 눈금 슬라이더의 V = f(log_V))
    assert all("bind" in p or "expr" in p for p in spec["params"])
    assert "탐색기" in bundle["text/plain"]


def test_colab_gets_html_fallback(monkeypatch):
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    bundle = explore.output_cost()._repr_mimebundle_()
    assert explore.VEGALITE_MIME in bundle and "vegaEmbed(" in bundle["text/html"]


def test_specs_are_deterministic_and_hold_no_floats():
    """데이터에 부동소수점이 없으면 저장된 출력이 numpy 버전·기계와 무관합니다 (시간 데이터만 예외)."""
    a, b = _all_explorers(), _all_explorers()
    for x, y in zip(a, b):
        assert x.to_json() == y.to_json()

    def floats(obj):
        if isinstance(obj, float):
            yield obj
        elif isinstance(obj, dict):
            for v in obj.values():
                yield from floats(v)
        elif isinstance(obj, list):
            for v in obj:
                yield from floats(v)
    for e in a[3:5]:
        assert not list(floats(_datasets(e))), e.summary


def test_unigram_power_groups_reproduce_every_alpha_exactly():
    rng = np.random.default_rng(1)
    counts = rng.zipf(1.3, size=500).clip(max=10**6)
    counts[:7] = 0                                                  # 말뭉치에 없는 단어는 빠져야 함
    words = [f"w{i}" for i in range(500)]
    e = explore.unigram_power(counts, words, top=5, rare=3)
    rows = _datasets(e)["unigram"]
    groups = [r for r in rows if r["m"] > 0]
    tops = [r for r in rows if r["m"] == 0]
    seen = counts[counts > 0]
    assert sum(r["m"] for r in groups) == len(seen)
    for alpha in (0.0, 0.3, 0.75, 1.0):
        z = sum(r["m"] * float(r["c"]) ** alpha for r in groups)
        assert np.isclose(z, np.sum(seen.astype(float) ** alpha), rtol=1e-12)
    order = np.argsort(-counts, kind="stable")[:5]
    assert [t["w"] for t in tops] == [words[i] for i in order]
    assert [t["c"] for t in tops] == [int(counts[i]) for i in order]
    # 순위 구간이 빈도 내림차순으로 1..V_seen을 빈틈없이 덮음
    spans = sorted((r["r0"], r["r1"]) for r in groups)
    assert spans[0][0] == 1 and spans[-1][1] == len(seen)
    assert all(b0 == a1 + 1 for (_, a1), (b0, _) in zip(spans, spans[1:]))


def test_unigram_power_rejects_bad_input():
    with pytest.raises(ValueError, match="counts"):
        explore.unigram_power(np.array([1.5, 2.0]), ["a", "b"])
    with pytest.raises(ValueError, match="alpha"):
        explore.unigram_power(np.array([1, 2]), ["a", "b"], alpha=1.5)


def _browser_path(columns, word):
    """탐색기 명세의 변환을 파이썬으로 그대로 따라 함: 단어 → (부호, 지나는 내부 노드)."""
    i = columns["w"].index(word)
    code = bin(columns["b"][i])[3:]                       # 맨 앞에 1을 붙인 이진수 → 부호 문자열 ("0b1" 뗌)
    prefixes = [bin(p)[3:] for p in columns["p"]]
    nodes = sorted((len(p), n) for n, p in enumerate(prefixes) if len(p) < len(code) and code.startswith(p))
    return code, [n for _, n in nodes]


def test_huffman_path_data_matches_tree(ptb_train):
    corpus, word_to_id, id_to_word = ptb_train
    counts = np.bincount(corpus, minlength=len(word_to_id))
    tree = HuffmanTree(counts)
    e = explore.huffman_path(tree, counts, id_to_word)
    (columns,) = _datasets(e)["huffman"]
    assert len(columns["w"]) == len(columns["b"]) == tree.vocab_size and len(columns["p"]) == tree.vocab_size - 1
    rng = np.random.default_rng(0)
    for w in [word_to_id["the"], word_to_id["company"], *rng.integers(0, tree.vocab_size, size=200)]:
        code, nodes = _browser_path(columns, id_to_word[int(w)])
        assert code == "".join(map(str, tree.codes[w]))
        assert nodes == tree.points[w].tolist()
    assert len(json.dumps(e.spec, separators=(",", ":"))) < 400_000     # 책 페이지가 지나치게 무거워지지 않게


def test_log_slider_moves_on_the_log_scale_and_hits_powers_of_ten():
    """V 슬라이더는 log10(V)를 움직입니다: 10,000은 100~100,000 트랙의 3분의 2 지점, 10의 거듭제곱은 정확히 그 값."""
    for e, lo, hi in [(explore.embedding_cost(), 100, 100_000), (explore.output_cost(), 1_000, 1_000_000)]:
        params = {p["name"]: p for p in e.spec["params"]}
        bind = params["log_V"]["bind"]
        assert (bind["min"], bind["max"]) == (np.log10(lo), np.log10(hi)) and bind["step"] == 0.01
        position = (params["log_V"]["value"] - bind["min"]) / (bind["max"] - bind["min"])
        assert position == pytest.approx((4 - np.log10(lo)) / (np.log10(hi) - np.log10(lo)))
        assert e.spec["usermeta"]["w2vReadouts"] == {"log_V": "V"}
        expr = params["V"]["expr"]
        # 식을 파이썬으로 옮겨 계산: 0.01 간격의 모든 위치에서 V는 유효숫자 두 자리, 트랙 안, 단조 증가
        values = []
        for x in np.round(np.arange(bind["min"], bind["max"] + 1e-9, 0.01), 2):
            scale = 10.0 ** (np.floor(x) - 1)
            values.append(int(np.floor(10.0 ** x / scale + 0.5) * scale + 0.5))
        assert "round(pow(10, log_V) / pow(10, floor(log_V) - 1)) * pow(10, floor(log_V) - 1)" == expr
        assert values[0] == lo and values[-1] == hi and 10_000 in values
        assert all(a <= b for a, b in zip(values, values[1:]))
        assert all(len(str(v).rstrip("0")) <= 2 for v in values)


def test_huffman_explorer_looks_up_exact_then_lower_case_and_prompts_when_empty():
    tree = HuffmanTree(np.array([5, 3, 2, 1]))
    spec = json.dumps(explore.huffman_path(tree, np.array([5, 3, 2, 1]), ["the", "N", "a", "b"]).spec,
                      ensure_ascii=False)
    assert "datum.w == trim(word) ? 2 : datum.w == lower(trim(word)) ? 1 : 0" in spec
    assert "trim(word) == '' ? '위 상자에 PTB 단어를 입력하세요" in spec


def test_huffman_path_rejects_mismatched_counts():
    tree = HuffmanTree(np.array([3, 1, 2]))
    with pytest.raises(ValueError, match="counts"):
        explore.huffman_path(tree, np.array([1, 2]), ["a", "b", "c"])


def test_window_weights_rejects_bad_window():
    with pytest.raises(ValueError, match="window"):
        explore.window_weights(window=0)


def test_embedding_cost_inlines_the_stored_grid_and_names_its_source():
    """4.1 탐색기의 측정 시간은 저장된 실행의 격자(results.lookup_grid)를 그대로 담고, 출처를 밝힙니다."""
    from w2vlib.book import results

    fake = {"rows": {"micro_lookup": {"settings": {"V": [100, 1000], "H": [4], "N": [3, 5]}, "times": {"parts": {
        f"{m}|V{V}|H4|N{N}": {"min": (V * N if m == "onehot" else 1) * 1e-7} for m in ("onehot", "lookup")
        for V in (100, 1000) for N in (3, 5)}}}}}
    grid = results.lookup_grid(fake)
    assert [(r["V"], r["N"]) for r in grid] == [(100, 3), (100, 5), (1000, 3), (1000, 5)]
    assert grid[-1] == {"V": 1000, "H": 4, "N": 5, "onehot_us": 500.0, "lookup_us": 0.1, "speedup": "5,000배"}
    e = explore.embedding_cost(grid, source="실행 'x'")
    assert e.spec["datasets"]["timings"] == grid
    text = json.dumps(e.spec, ensure_ascii=False)
    exprs = [t["calculate"] for v in e.spec["vconcat"] for t in v.get("transform", []) if "calculate" in t]
    assert any("'측정 시간 (실행 \\'x\\'에서 잰 값,'" in x for x in exprs), exprs       # Vega 문자열 안의 따옴표는 이스케이프
    assert not any("이 페이지를 만든 기계" in x for x in exprs)
    sweep = results.lookup_sweep(fake, H=4, N=5)
    assert list(sweep["V"]) == [100, 1000] and list(sweep["onehot_bytes"]) == [2000, 20000]
    assert results.lookup_ratios(fake, H=4, N=3) == pytest.approx({100: 300.0, 1000: 3000.0})
    with pytest.raises(ValueError, match="H, N"):
        results.lookup_sweep(fake, H=100, N=5)


def test_kernel_output_carries_vegalite_mime():
    """실제 IPython 커널에서 탐색기를 셀 마지막 줄에 두면 Vega-Lite v5 mime이 출력됩니다."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
                                          "from w2vlib.book import explore\nexplore.output_cost()")]
    nbclient.NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    (out,) = [o for o in nb.cells[0].outputs if o.output_type == "execute_result"]
    assert explore.VEGALITE_MIME in out.data and "text/plain" in out.data
    assert out.data[explore.VEGALITE_MIME] == explore.output_cost().spec


def test_jupyterlab_renders_this_mime():
    """설치된 JupyterLab이 이 mime의 렌더러(@jupyterlab/vega5-extension)를 가지고 있는지."""
    import sysconfig
    static = Path(sysconfig.get_paths()["data"]) / "share" / "jupyter" / "lab" / "static"
    if not static.is_dir():
        pytest.skip("JupyterLab이 설치되어 있지 않습니다")
    assert any(explore.VEGALITE_MIME in f.read_text(errors="ignore") for f in static.glob("*.js"))


def test_explore_does_not_need_altair():
    """출력이 설치된 altair 버전(Colab 5.5, 잠금 환경 6.3)과 무관하려면 altair를 import 하지 않아야 합니다."""
    import subprocess
    code = ("import sys; sys.modules['altair'] = None\n"          # import altair가 실패하게
            "from w2vlib.book import explore; explore.output_cost()._repr_mimebundle_(); print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "ok", out.stderr
