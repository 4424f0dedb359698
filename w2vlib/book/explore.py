"""탐색기(explorer): 파이썬이 준비한 데이터 위에서 브라우저가 직접 계산하는 대화형 그림.

함수 하나가 그림 하나를 돌려줍니다. 돌려받은 :class:`Explorer`를 셀의 마지막 줄에 두면 Vega-Lite v5 명세
(``application/vnd.vegalite.v5+json``)와 한 줄 요약(``text/plain``)으로 표시됩니다.

- 슬라이더·검색 상자는 Vega-Lite의 바인딩된 매개변수(``params`` + ``bind``)이고, 값이 바뀌면 브라우저가
  ``transform`` 식을 다시 계산합니다. 커널이 필요 없으므로 정적 HTML 책(``file://``, 오프라인)에서도,
  JupyterLab·Jupyter Notebook 7에서도 움직입니다. 책에서는 ``book_ext/vegalite_render.py``가 책이 직접
  제공하는 vega·vega-lite로 그립니다.
- 명세는 이 모듈이 일반 ``dict``로 만듭니다. altair를 쓰지 않으므로 설치된 altair 버전(Colab 5.5, 책 6.3)이나
  그 유무와 관계없이 출력이 바이트 단위로 같고, strict nbval로 비교할 수 있습니다.
- Colab은 Vega-Lite mime을 직접 그리지 않으므로, Colab 커널 안에서만 ``text/html`` (CDN에서 vega를 읽는
  작은 HTML, altair의 ``colab`` 렌더러와 같은 방식)을 덧붙입니다. 저장된 출력에는 들어가지 않습니다.

데이터에는 정수와 문자열만 넣고, 부동소수점 계산(거듭제곱, 비율, 로그)은 모두 브라우저에서 합니다.
그래서 저장된 출력이 numpy 버전이나 기계와 관계없이 결정적입니다. 측정 시간(:func:`embedding_cost`의 ``timings``)은
저장된 벤치마크 실행에서 읽은 값이므로 역시 결정적입니다 (이 모듈은 시간을 재지 않습니다).
"""
from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Sequence

import numpy as np

VEGALITE_MIME = "application/vnd.vegalite.v5+json"
SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"   # 식별자일 뿐, 어디서도 내려받지 않습니다

# 색각 이상에도 구별되는 Okabe–Ito 팔레트
BLUE, ORANGE, VERMILLION, GREEN, GRAY = "#0072B2", "#E69F00", "#D55E00", "#009E73", "#8C8C8C"
WIDTH = 270          # 그림 영역의 폭(px): 축 이름과 막대 이름표를 더해도 400 px 화면에 들어갑니다
FONT = "NanumGothic, 'Noto Sans CJK KR', 'Malgun Gothic', 'Apple SD Gothic Neo', sans-serif"

_CDN = "https://cdn.jsdelivr.net/npm"


class Explorer:
    """Vega-Lite v5 명세 하나를 Jupyter의 mime 묶음으로 보여 주는 객체.

    Parameters
    ----------
    spec : dict, Vega-Lite v5 명세 (JSON으로 직렬화할 수 있는 값만)
    summary : str, ``text/plain``으로 보일 한 줄 설명 (그림을 그리지 못하는 프런트엔드용)
    """

    def __init__(self, spec: dict, summary: str):
        self.spec = spec
        self.summary = summary

    def to_json(self) -> str:
        """명세를 JSON 문자열로 (키 순서 유지, 한글 그대로)."""
        return json.dumps(self.spec, ensure_ascii=False)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        bundle = {VEGALITE_MIME: self.spec, "text/plain": self.summary}
        if "google.colab" in sys.modules:      # Colab에서만: Vega-Lite mime 대신 그릴 HTML
            bundle["text/html"] = _colab_html(self.to_json())
        return bundle

    def __repr__(self) -> str:
        return self.summary


def _colab_html(spec_json: str) -> str:
    div = "w2v-" + hashlib.sha1(spec_json.encode()).hexdigest()[:12]
    spec_json = spec_json.replace("</", "<\\/")
    return (
        f'<div id="{div}"></div>'
        f'<script src="{_CDN}/vega@5"></script><script src="{_CDN}/vega-lite@5"></script>'
        f'<script src="{_CDN}/vega-embed@6"></script>'
        f'<script>vegaEmbed("#{div}", {spec_json}, {{"actions": false}});</script>'
    )


def _spec(title: str, params: list, body: dict, datasets: dict | None = None) -> dict:
    spec = {"$schema": SCHEMA,
            "title": {"text": title, "anchor": "start", "fontSize": 15},
            "config": {"font": FONT, "view": {"stroke": None},
                       "axis": {"labelFontSize": 11, "titleFontSize": 12},
                       "legend": {"labelFontSize": 11, "titleFontSize": 12, "orient": "top"}},
            "params": params,
            "autosize": {"type": "pad", "resize": True},     # 데이터에 따라 높이가 바뀌면 그림 크기도 다시 계산
            # vega-embed가 읽는 표시 옵션: JupyterLab에서도 SVG로 (글자를 고를 수 있고 확대해도 선명)
            "usermeta": {"embedOptions": {"renderer": "svg"}}}
    if datasets:
        spec["datasets"] = datasets
    spec.update(body)
    return spec


def _slider(name: str, label: str, value, lo, hi, step) -> dict:
    return {"name": name, "value": value,
            "bind": {"input": "range", "min": lo, "max": hi, "step": step, "name": f"{label} "}}


def _log_slider(name: str, label: str, value: int, lo: int, hi: int) -> list[dict]:
    """로그 눈금 슬라이더: 막대는 ``log10(name)``을 0.01 간격으로 움직이고, ``name``은 유효숫자 두 자리로 반올림한 값.

    슬라이더의 위치가 로그 눈금 그림의 위치와 같아집니다 (선형 슬라이더에서는 V = 10,000이 1~100,000 범위의 0.9%
    자리에 몰립니다). 10의 거듭제곱(1,000, 10,000 …)은 정확히 그 값이 됩니다. 두 매개변수를 돌려줍니다:
    슬라이더 ``log_<name>``과 그 값에서 계산되는 ``name``. 책(``w2v-vegalite.js``)은 슬라이더 옆 숫자 자리에
    ``name``의 값을 보여 줍니다 (``usermeta.w2vReadouts``).
    """
    lo_e, hi_e, v_e = (round(float(np.log10(x)), 2) for x in (lo, hi, value))
    return [{"name": f"log_{name}", "value": v_e,
             "bind": {"input": "range", "min": lo_e, "max": hi_e, "step": 0.01, "name": f"{label} (로그 눈금) "}},
            {"name": name, "expr": f"round(pow(10, log_{name}) / pow(10, floor(log_{name}) - 1))"
                                   f" * pow(10, floor(log_{name}) - 1)"}]


def _text_view(lines: list[str], height: int | None = None, data: dict | None = None,
               transform: list | None = None, size: int = 12) -> dict:
    """식 ``lines``를 한 줄씩 보이는 텍스트 뷰. 식은 Vega 표현식(문자열)."""
    view = {"data": data or {"values": [{}]}, "width": WIDTH,
            "height": height or 18 * len(lines),
            "mark": {"type": "text", "align": "left", "baseline": "top", "fontSize": size,
                     "lineHeight": 18, "x": 0, "y": 0},
            "encoding": {"text": {"field": "lines"}}}
    view["transform"] = list(transform or []) + [
        {"calculate": "[" + ", ".join(lines) + "]", "as": "lines"}]
    return view


def _vega_string(text: str) -> str:
    """파이썬 문자열을 Vega 식의 문자열 상수로 (작은따옴표, 역슬래시와 작은따옴표는 이스케이프)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _bytes_expr(x: str) -> str:
    """바이트 수 식 x를 사람이 읽는 단위 문자열로 바꾸는 Vega 식."""
    steps = [(2 ** 40, "TiB"), (2 ** 30, "GiB"), (2 ** 20, "MiB"), (2 ** 10, "KiB")]
    expr = f"format({x}, ',') + ' B'"
    for size, unit in reversed(steps):
        expr = f"({x}) >= {size} ? format(({x}) / {size}, ',.1f') + ' {unit}' : {expr}"
    return expr


# --------------------------------------------------------------------------- 4.1 원핫 × W 대 행 읽기

def embedding_cost(timings: Sequence[dict] | None = None, V: int = 10_000, H: int = 100, N: int = 100,
                   source: str = "저장된 벤치마크 실행") -> Explorer:
    """4.1 탐색기: 슬라이더 V, H, N → 원핫 × W와 행 읽기(Embedding)의 계산·메모리, 그리고 측정 시간.

    브라우저가 정확히 계산하는 값 (float32 가중치, int64 단어 ID, float32 원핫 배치 기준):

    - 계산: 원핫 × W는 곱셈-덧셈 N·V·H 번, 행 읽기는 값 복사 N·H 번 → 비율은 언제나 V
    - 읽는 바이트: 원핫 4·N·V + 가중치 전체 4·V·H / 단어 ID 8·N + 읽은 행 4·N·H
    - 쓰는 바이트: 둘 다 결과 (N, H)의 4·N·H
    - 입력 메모리: 원핫 배치 4·N·V / 단어 ID 8·N

    Parameters
    ----------
    timings : 격자점마다 ``{"V", "H", "N"}`` (int)와 ``"onehot_us"``, ``"lookup_us"`` (float, 마이크로초), 그리고 있으면
        ``"speedup"`` (반올림 전 시간의 배율 글자; 없으면 두 시간의 비) — :func:`w2vlib.book.results.lookup_grid`
        (저장된 실행). 없으면 측정 시간 줄을 빼고 그립니다.
    V, H, N : int, 슬라이더의 처음 값
    source : str, 측정 시간 줄에 적을 출처 (예: 실행 이름과 CPU)
    """
    metrics = [("ops", "계산 횟수"), ("read", "읽는 바이트"), ("write", "쓰는 바이트"), ("mem", "입력 메모리")]
    methods = [("onehot", "원핫 × W (MatMul)"), ("lookup", "행 읽기 W[idx]")]
    formulas = {
        ("ops", "onehot"): "N * V * H", ("ops", "lookup"): "N * H",
        ("read", "onehot"): "4 * N * V + 4 * V * H", ("read", "lookup"): "8 * N + 4 * N * H",
        ("write", "onehot"): "4 * N * H", ("write", "lookup"): "4 * N * H",
        ("mem", "onehot"): "4 * N * V", ("mem", "lookup"): "8 * N",
    }
    value_expr = "0"
    for (metric, method), f in formulas.items():
        value_expr = f"datum.metric == '{metric}' && datum.method == '{method}' ? {f} : {value_expr}"
    label_expr = ("datum.metric == 'ops' ? format(datum.value, ',') + '번' : "
                  + _bytes_expr("datum.value"))
    rows = [{"metric": m, "metric_name": mn, "method": k, "method_name": kn}
            for m, mn in metrics for k, kn in methods]
    bars = {
        "data": {"values": rows},
        "transform": [{"calculate": value_expr, "as": "value"}, {"calculate": label_expr, "as": "label"}],
        "width": WIDTH - 110, "height": {"step": 17},
        "encoding": {
            "y": {"field": "metric_name", "type": "nominal", "title": None, "sort": [n for _, n in metrics],
                  "axis": {"labelFontSize": 12}},
            "yOffset": {"field": "method_name", "sort": [n for _, n in methods]},
            "x": {"field": "value", "type": "quantitative", "scale": {"type": "log"},
                  "title": "값 (로그 눈금)", "axis": {"format": "~s", "tickCount": 4}},
        },
        # 색은 막대에만: 막대 옆 값 글자는 테마의 글자색 (어두운 화면에서도 읽힘)
        "layer": [{"mark": {"type": "bar", "height": 15}, "encoding": {
                      "x2": {"datum": 1},
                      "color": {"field": "method_name", "type": "nominal", "title": None,
                                "sort": [n for _, n in methods], "scale": {"range": [VERMILLION, BLUE]},
                                "legend": {"orient": "top", "direction": "vertical"}}}},
                  {"mark": {"type": "text", "align": "left", "dx": 3, "fontSize": 10},
                   "encoding": {"text": {"field": "label"}}}],
    }
    lines = ["'V = ' + format(V, ',') + ', H = ' + format(H, ',') + ', N = ' + format(N, ',')",
             "'계산 비율: ' + format((N * V * H) / (N * H), ',') + '배 (= V)'",
             "'입력 메모리 비율: ' + format((4 * N * V) / (8 * N), ',') + '배 (= V × 4 / 8)'"]
    views = [bars, _text_view(lines)]
    datasets = None
    if timings:
        datasets = {"timings": [dict(r) for r in timings]}
        grid = {k: sorted({int(r[k]) for r in timings}) for k in ("V", "H", "N")}
        near = ("(log(datum.V) - log(V)) * (log(datum.V) - log(V)) + (log(datum.H) - log(H)) * "
                "(log(datum.H) - log(H)) + (log(datum.N) - log(N)) * (log(datum.N) - log(N))")
        t_lines = [_vega_string(f"측정 시간 ({source}에서 잰 값,"),
                   "'가장 가까운 격자점 V = ' + format(datum.best.V, ',') + ', H = ' + datum.best.H + ', N = ' + datum.best.N + ')'",
                   "'원핫 생성 + 곱 ' + format(datum.best.onehot_us, ',.1f') + ' µs, 행 읽기 ' + format(datum.best.lookup_us, ',.2f')"
                   " + ' µs'",
                   # 배율은 반올림하기 전의 시간으로 (speedup; 이 컴퓨터에서 다시 잰 timings에는 없으면 두 시간의 비)
                   "'→ 행 읽기가 ' + (isValid(datum.best.speedup) ? datum.best.speedup "
                   ": '약 ' + format(datum.best.onehot_us / datum.best.lookup_us, ',.0f') + '배') + ' 빠름'",
                   f"'격자: V ∈ {{{', '.join(f'{v:,}' for v in grid['V'])}}},'",
                   f"'H ∈ {{{', '.join(map(str, grid['H']))}}}, N ∈ {{{', '.join(map(str, grid['N']))}}}'"]
        views.append(_text_view(t_lines, data={"name": "timings"}, transform=[
            {"calculate": near, "as": "dist"},
            {"aggregate": [{"op": "argmin", "field": "dist", "as": "nearest"}]},
            {"calculate": "datum.nearest", "as": "best"}]))
    params = _log_slider("V", "어휘 수 V", V, 100, 100_000) + [
        _slider("H", "은닉층 크기 H", H, 10, 300, 10),
        _slider("N", "단어 ID 수 N", N, 1, 300, 1)]
    spec = _spec("원핫 × W 대 행 읽기: 순전파 한 번", params, {"vconcat": views, "spacing": 12}, datasets)
    spec["usermeta"]["w2vReadouts"] = {"log_V": "V"}
    return Explorer(spec, f"탐색기: 원핫 × W 대 행 읽기 (V = {V:,}, H = {H}, N = {N}; 슬라이더는 Vega-Lite가 "
                          "그려지는 곳에서 움직입니다)")


# --------------------------------------------------------------------------- 4.2.1 소프트맥스 대 k+1개의 내적

def output_cost(V: int = 10_000, H: int = 100, k: int = 5) -> Explorer:
    """4.2.1 탐색기: 은닉층 이후, 타깃 하나의 비용. 소프트맥스(모든 V 단어) 대 네거티브 샘플링(k+1개의 내적).

    브라우저가 정확히 계산하는 값: 소프트맥스는 곱셈-덧셈 H·V 번과 지수 함수 V 번, 네거티브 샘플링은
    곱셈-덧셈 (k+1)·H 번과 시그모이드 k+1번. 계산 비율은 V / (k+1)입니다. 그래프는 V = 10³ … 10⁶ 의 곡선과
    슬라이더의 V에 있는 점입니다.

    Parameters
    ----------
    V, H, k : int, 슬라이더의 처음 값 (어휘 수, 은닉층 크기, 부정적 예의 수)
    """
    curve = {
        "data": {"sequence": {"start": 3, "stop": 6.001, "step": 0.05, "as": "e"}},
        "transform": [{"calculate": "round(pow(10, datum.e))", "as": "Vx"},
                      {"calculate": "H * datum.Vx", "as": "소프트맥스 (V 개 전부)"},
                      {"calculate": "(k + 1) * H", "as": "네거티브 샘플링 (k+1개)"},
                      {"fold": ["소프트맥스 (V 개 전부)", "네거티브 샘플링 (k+1개)"], "as": ["방식", "ops"]}],
        "mark": {"type": "line", "strokeWidth": 2.5},
        "encoding": {"x": {"field": "Vx", "type": "quantitative", "scale": {"type": "log"}, "title": "어휘 수 V (로그 눈금)",
                           "axis": {"format": "~s", "tickCount": 4}},
                     "y": {"field": "ops", "type": "quantitative", "scale": {"type": "log", "domain": [10, 3e9]},
                           "title": "곱셈-덧셈 (로그 눈금)", "axis": {"format": "~s"}},
                     "color": {"field": "방식", "type": "nominal", "title": None,
                               "sort": ["소프트맥스 (V 개 전부)", "네거티브 샘플링 (k+1개)"],
                               "scale": {"range": [VERMILLION, BLUE]}},
                     "strokeDash": {"field": "방식", "type": "nominal", "legend": None,
                                    "sort": ["소프트맥스 (V 개 전부)", "네거티브 샘플링 (k+1개)"],
                                    "scale": {"range": [[1, 0], [6, 3]]}}},
    }
    point = {
        "data": {"values": [{}]},
        "transform": [{"calculate": "[H * V, (k + 1) * H]", "as": "ops"}, {"flatten": ["ops"]},
                      {"calculate": "V", "as": "Vx"}],
        "mark": {"type": "point", "filled": True, "size": 90},
        "encoding": {"x": {"field": "Vx", "type": "quantitative"}, "y": {"field": "ops", "type": "quantitative"}},
    }
    rule = {"data": {"values": [{}]}, "transform": [{"calculate": "V", "as": "Vx"}],
            "mark": {"type": "rule", "color": GRAY, "strokeDash": [2, 2]},
            "encoding": {"x": {"field": "Vx", "type": "quantitative"}}}
    chart = {"width": WIDTH - 60, "height": 190, "layer": [curve, rule, point]}
    lines = ["'V = ' + format(V, ',') + ', H = ' + format(H, ',') + ', k = ' + k + ' (타깃 하나)'",
             "'소프트맥스: 곱셈-덧셈 ' + format(H * V, ',') + '번 + 지수 함수 ' + format(V, ',') + '번'",
             "'네거티브 샘플링: 곱셈-덧셈 ' + format((k + 1) * H, ',') + '번 + 시그모이드 ' + (k + 1) + '번'",
             "'계산 비율: ' + format((H * V) / ((k + 1) * H), ',.1f') + '배 (= V / (k+1))'"]
    params = _log_slider("V", "어휘 수 V", V, 1_000, 1_000_000) + [
        _slider("H", "은닉층 크기 H", H, 50, 300, 50),
        _slider("k", "부정적 예 k", k, 1, 20, 1)]
    spec = _spec("은닉층 이후 계산: 소프트맥스 대 k+1개의 내적", params,
                 {"vconcat": [chart, _text_view(lines)], "spacing": 12})
    spec["usermeta"]["w2vReadouts"] = {"log_V": "V"}
    return Explorer(spec, f"탐색기: 소프트맥스 대 네거티브 샘플링의 계산량 (V = {V:,}, H = {H}, k = {k})")


# --------------------------------------------------------------------------- 4.2.6 지수 α와 유니그램 분포

def unigram_power(counts: np.ndarray, words: Sequence[str] | dict, alpha: float = 0.75, top: int = 10,
                  rare: int = 10) -> Explorer:
    """4.2.6 탐색기: 지수 α가 실제 유니그램 분포를 바꾸는 모습, P_α(w) = c(w)^α / Σ_v c(v)^α.

    말뭉치에 나온 단어(c(w) > 0)만 씁니다. α = 0이면 나온 단어 위의 균등 분포, α = 1이면 유니그램 빈도입니다.
    정규화 합 Σ c^α는 같은 빈도의 단어를 묶은 (빈도, 단어 수) 쌍으로 브라우저가 정확히 계산합니다.

    Parameters
    ----------
    counts : (V,) int, 단어 ID 별 빈도
    words : 단어 ID → 단어 (list 또는 ``id_to_word`` dict)
    alpha : 슬라이더의 처음 값 (0 ~ 1)
    top : 막대로 보일 흔한 단어 수
    rare : 드문 단어의 기준 (빈도가 이 값 이하) — 슬라이더의 처음 값
    """
    counts = np.asarray(counts)
    if counts.ndim != 1 or not np.issubdtype(counts.dtype, np.integer) or (counts < 0).any():
        raise ValueError("counts: 음수가 아닌 정수 빈도의 1차원 배열이어야 합니다.")
    if not 0 <= alpha <= 1:
        raise ValueError(f"alpha: 0 이상 1 이하여야 합니다 (받은 값: {alpha}).")
    seen = counts[counts > 0]
    values, n_words = np.unique(seen, return_counts=True)           # 빈도 오름차순
    order = np.argsort(-counts, kind="stable")
    rows = [{"c": int(c), "m": int(m)} for c, m in zip(values, n_words)]
    # 순위 구간: 빈도 내림차순으로 같은 빈도의 단어가 차지하는 순위 [r0, r1]
    r = 1
    for row in reversed(rows):
        row["r0"], row["r1"] = r, r + row["m"] - 1
        r += row["m"]
    tops = [{"c": int(counts[w]), "m": 0, "w": str(words[int(w)]), "rank": i + 1}
            for i, w in enumerate(order[:top])]
    base = [{"joinaggregate": [{"op": "sum", "field": "mass", "as": "Z"},
                               {"op": "sum", "field": "mass1", "as": "Z1"},
                               {"op": "sum", "field": "m", "as": "V_seen"}]},
            {"calculate": "datum.c / datum.Z1", "as": "p1"}, {"calculate": "pow(datum.c, alpha) / datum.Z", "as": "p"}]
    pre = [{"calculate": "datum.m * pow(datum.c, alpha)", "as": "mass"},
           {"calculate": "datum.m * datum.c", "as": "mass1"}]
    bars = {
        "data": {"name": "unigram"}, "transform": pre + base + [{"filter": "datum.m == 0"}],
        "width": WIDTH - 110, "height": {"step": 17},
        "encoding": {"y": {"field": "w", "type": "nominal", "sort": {"field": "rank"}, "title": None}},
        "layer": [
            {"mark": {"type": "bar", "color": BLUE, "height": 13},
             "encoding": {"x": {"field": "p", "type": "quantitative", "title": "뽑힐 확률",
                                "axis": {"format": ".0%", "tickCount": 4}}}},
            {"mark": {"type": "tick", "color": VERMILLION, "thickness": 2, "size": 15},
             "encoding": {"x": {"field": "p1", "type": "quantitative"}}},
            {"mark": {"type": "text", "align": "left", "dx": 3, "fontSize": 10},
             "encoding": {"x": {"field": "p", "type": "quantitative"},
                          "text": {"field": "p", "format": ".3%"}}},
        ],
    }
    curve_base = {"data": {"name": "unigram"}, "transform": pre + base + [{"filter": "datum.m > 0"}]}
    curve = {
        "width": WIDTH - 60, "height": 170,
        "encoding": {"x": {"field": "r0", "type": "quantitative", "scale": {"type": "log"},
                           "title": "빈도 순위 (로그 눈금)", "axis": {"format": "~s", "tickCount": 4}}},
        "layer": [
            dict(curve_base, mark={"type": "line", "color": VERMILLION, "strokeDash": [4, 3], "strokeWidth": 2},
                 encoding={"y": {"field": "p1", "type": "quantitative", "scale": {"type": "log"},
                                 "title": "확률 (로그 눈금)", "axis": {"format": "~e", "tickCount": 4}}}),
            dict(curve_base, mark={"type": "line", "color": BLUE, "strokeWidth": 3},
                 encoding={"y": {"field": "p", "type": "quantitative"}}),
        ],
    }
    rare_t = pre + base + [{"filter": "datum.m > 0"}, {"calculate": "datum.c <= rare ? datum.m : 0", "as": "m_r"},
                           {"calculate": "datum.c <= rare ? datum.mass / datum.Z : 0", "as": "q"},
                           {"calculate": "datum.c <= rare ? datum.m * datum.p1 : 0", "as": "q1"},
                           {"aggregate": [{"op": "sum", "field": "m_r", "as": "n_rare"},
                                          {"op": "sum", "field": "q", "as": "mass_rare"},
                                          {"op": "sum", "field": "q1", "as": "mass_rare1"},
                                          {"op": "max", "field": "V_seen", "as": "V_seen"}]}]
    lines = ["'α = ' + format(alpha, '.2f') + ': 말뭉치에 나온 단어 ' + format(datum.V_seen, ',') + '개'",
             "'드문 단어(빈도 ' + rare + ' 이하) ' + format(datum.n_rare, ',') + '개의 확률 합: '"
             " + format(datum.mass_rare, '.2%')",
             "'  (α = 1이면 ' + format(datum.mass_rare1, '.2%') + ', α = 0이면 '"
             " + format(datum.n_rare / datum.V_seen, '.2%') + ')'",
             "'막대: 지수 α, 주황색 눈금·점선: 유니그램 분포 (α = 1)'"]
    text = _text_view(lines, data={"name": "unigram"}, transform=rare_t)
    params = [_slider("alpha", "지수 α", alpha, 0, 1, 0.01), _slider("rare", "드문 단어 기준 (빈도 이하)", rare, 1, 100, 1)]
    spec = _spec("지수 α로 바꾼 PTB의 부정적 예 분포", params,
                 {"vconcat": [bars, curve, text], "spacing": 14}, datasets={"unigram": rows + tops})
    return Explorer(spec, f"탐색기: 지수 α와 PTB 유니그램 분포 (처음 α = {alpha}, 단어 {len(seen):,}개)")


# --------------------------------------------------------------------------- 부록 A.4 허프만 부호와 길

def huffman_path(tree, counts: np.ndarray, words: Sequence[str] | dict, word: str = "the") -> Explorer:
    """부록 A 탐색기: 검색 상자에 PTB 단어를 입력하면 허프만 부호, 부호 길이, 뿌리→잎의 내부 노드를 보입니다.

    값은 모두 ``tree`` (:class:`~w2vlib.hierarchical_softmax.HuffmanTree`)에서 그대로 옮깁니다. 데이터는 열 배열
    하나입니다: 빈도 순위 순서의 단어 ``w``, 빈도 ``c``, 부호 ``b`` (길이 V)와, 내부 노드 번호 순서의
    부호 접두사 ``p`` (길이 V−1). 단어의 j 번째 내부 노드는 그 단어 부호의 앞 j 글자를 접두사로 가진
    노드입니다 (뿌리는 빈 접두사). 브라우저는 이 열들을 펼쳐, 입력한 단어의 부호의 접두사인 노드를 고릅니다.
    부호와 접두사는 맨 앞에 1을 붙인 이진수의 정수로 담습니다 ("0110" → 0b10110 = 22): 문자열보다 페이지가
    가볍고, 브라우저가 ``format(n, 'b')``에서 맨 앞 글자를 떼어 되살립니다.

    Parameters
    ----------
    tree : HuffmanTree (codes, points, vocab_size)
    counts : (V,) int, 트리를 만든 빈도
    words : 단어 ID → 단어
    word : 검색 상자의 처음 값
    """
    V = tree.vocab_size
    counts = np.asarray(counts)
    if counts.shape != (V,):
        raise ValueError(f"counts: 트리의 어휘 수와 같은 길이의 ({V},) 모양이어야 합니다 (받은 shape: {counts.shape}).")
    order = np.argsort(-counts, kind="stable")
    codes = ["".join("01"[b] for b in tree.codes[w]) for w in range(V)]
    prefix = [""] * (V - 1)
    for w in range(V):
        for j, node in enumerate(tree.points[w]):
            prefix[int(node)] = codes[w][:j]
    columns = {"w": [str(words[int(w)]) for w in order], "c": [int(counts[w]) for w in order],
               "b": [int("1" + codes[w], 2) for w in order], "p": [int("1" + q, 2) for q in prefix]}
    find = [{"flatten": ["w", "c", "b", "p"]},
            {"calculate": "substring(format(datum.b, 'b'), 1)", "as": "code"},
            {"calculate": "isValid(datum.p) ? substring(format(datum.p, 'b'), 1) : null", "as": "pre"},
            {"window": [{"op": "row_number", "as": "rank"}]},
            {"calculate": "datum.rank - 1", "as": "n"},
            # 입력 그대로 먼저 찾고(PTB의 숫자 토큰 'N'), 없으면 소문자로 찾습니다 ('Company' → 'company')
            {"calculate": "datum.w == trim(word) ? 2 : datum.w == lower(trim(word)) ? 1 : 0", "as": "hit"},
            {"joinaggregate": [{"op": "argmax", "field": "hit", "as": "best"},
                               {"op": "max", "field": "hit", "as": "found"}]}]
    head = find + [{"filter": "datum.rank == 1"}]
    lines = ["datum.found ? \"'\" + datum.best.w + \"': 빈도 \" + format(datum.best.c, ',') + ' (순위 '"
             " + format(datum.best.rank, ',') + ' / " + f"{V:,}" + ")'"
             " : trim(word) == '' ? '위 상자에 PTB 단어를 입력하세요 (예: the, company, N).'"
             " : \"'\" + trim(word) + \"'은(는) PTB 어휘에 없는 단어입니다.\"",
             "datum.found ? '부호 ' + datum.best.code + ' → 이진 분류 ' + length(datum.best.code) + '번' : ''",
             f"'(log₂ V = ' + format(log({V}) / LN2, '.2f') + ', 균형 트리라면 최대 ' + ceil(log({V}) / LN2) + '번)'"]
    text = _text_view(lines, data={"name": "huffman"}, transform=head)
    path = {
        "data": {"name": "huffman"},
        "transform": find + [
            {"filter": "datum.found && isString(datum.pre) && length(datum.pre) < length(datum.best.code)"
                       " && substring(datum.best.code, 0, length(datum.pre)) == datum.pre"},
            {"calculate": "length(datum.pre) + 1", "as": "step"},
            {"calculate": "substring(datum.best.code, length(datum.pre), length(datum.pre) + 1)", "as": "bit"},
            {"calculate": "'n' + datum.n + '  →  부호 ' + datum.bit + (datum.bit == '0' ? '  σ(+s)' : '  σ(−s)')",
             "as": "label"}],
        "width": WIDTH, "height": {"step": 17},
        "encoding": {"y": {"field": "step", "type": "ordinal", "title": "깊이", "axis": {"labelFontSize": 10}}},
        "layer": [
            {"mark": {"type": "bar", "height": 15, "cornerRadius": 2},
             "encoding": {"x": {"datum": 0, "type": "quantitative", "scale": {"domain": [0, 1]}, "axis": None},
                          "x2": {"datum": 1},
                          "color": {"field": "bit", "type": "nominal",
                                    "scale": {"domain": ["0", "1"], "range": ["#CFE3F3", "#F6DDB0"]},
                                    "legend": None}}},
            {"mark": {"type": "text", "align": "left", "x": 6, "fontSize": 11, "font": "monospace",
                      "color": "#1a1a1a"},                       # 밝은 막대 위의 글자: 어두운 화면에서도 어둡게
             "encoding": {"text": {"field": "label"}}},
        ],
    }
    params = [{"name": "word", "value": word,
               "bind": {"input": "search", "placeholder": "PTB 단어를 입력하세요", "autocomplete": "off",
                        "name": "단어 "}}]
    spec = _spec("허프만 트리에서 단어까지의 길 (뿌리 → 잎)", params, {"vconcat": [text, path], "spacing": 8},
                 datasets={"huffman": [columns]})
    return Explorer(spec, f"탐색기: 허프만 부호 찾기 (PTB 단어 {V:,}개, 처음 단어 '{word}')")


# --------------------------------------------------------------------------- 4.3 줄어드는 윈도우

def window_weights(window: int = 5, max_window: int = 10) -> Explorer:
    """4.3 탐색기: 윈도우 크기 w를 바꾸면, 타깃과의 거리 d인 맥락 단어가 쓰일 확률 P(b ≥ d) = (w − d + 1) / w.

    word2vec(C)·gensim처럼 타깃마다 b를 1..w에서 균등하게 뽑는 줄어드는 윈도우와, 책의 고정 윈도우(언제나 1)를
    타깃 양옆(거리 −w … −1, 1 … w)에 나란히 그립니다. 평균 맥락 수는 고정 2w, 줄어드는 윈도우 w + 1입니다.

    Parameters
    ----------
    window : int, 슬라이더의 처음 값 (1 ≤ window ≤ max_window)
    max_window : int, 슬라이더의 최댓값
    """
    if not 1 <= window <= max_window:
        raise ValueError(f"window: 1 이상 max_window({max_window}) 이하여야 합니다 (받은 값: {window}).")
    offsets = [d for d in range(-max_window, max_window + 1) if d != 0]
    bars = {
        "data": {"values": [{"offset": d} for d in offsets]},
        "transform": [{"filter": "abs(datum.offset) <= w"},
                      {"calculate": "abs(datum.offset)", "as": "d"},
                      {"calculate": "(w - datum.d + 1) / w", "as": "p"},
                      {"calculate": "(w - datum.d + 1) + '/' + w", "as": "frac"}],
        "width": WIDTH + 30, "height": 150,            # w = 10에서도 막대 하나가 15 px (세운 분수가 들어감)
        "encoding": {"x": {"field": "offset", "type": "ordinal", "title": "타깃과의 위치 (0 = 타깃)",
                           "axis": {"labelAngle": 0}}},
        "layer": [
            {"mark": {"type": "bar", "color": GRAY, "fillOpacity": 0.18, "stroke": GRAY, "strokeDash": [3, 2]},
             "encoding": {"y": {"datum": 1, "type": "quantitative", "scale": {"domain": [0, 1]},
                                "title": "맥락으로 쓰일 확률"}}},
            {"mark": {"type": "bar", "color": BLUE},
             "encoding": {"y": {"field": "p", "type": "quantitative", "title": "맥락으로 쓰일 확률"}}},
            # 막대가 좁아지는 w ≥ 6에서는 분수를 세로로 세워 이웃 막대의 분수와 겹치지 않게 합니다
            {"mark": {"type": "text", "fontSize": {"expr": "w >= 6 ? 9 : 10"}, "angle": {"expr": "w >= 6 ? 270 : 0"},
                      "align": {"expr": "w >= 6 ? 'left' : 'center'"},
                      "baseline": {"expr": "w >= 6 ? 'middle' : 'alphabetic'"},
                      "dx": {"expr": "w >= 6 ? 4 : 0"}, "dy": {"expr": "w >= 6 ? 0 : -6"}},
             "encoding": {"y": {"field": "p", "type": "quantitative", "title": "맥락으로 쓰일 확률"},
                          "text": {"field": "frac"}}},
        ],
    }
    lines = ["'w = ' + w + ': 회색 점선 = 고정 윈도우 (언제나 1),'", "'파랑 = 줄어드는 윈도우 P(b ≥ d)'",
             "'평균 맥락 수: 고정 2w = ' + (2 * w) + ', 줄어드는 윈도우 w + 1 = ' + (w + 1)"]
    spec = _spec("줄어드는 윈도우: 거리에 따른 맥락의 가중치", [_slider("w", "윈도우 크기 w", window, 1, max_window, 1)],
                 {"vconcat": [bars, _text_view(lines, size=11)], "spacing": 10})
    return Explorer(spec, f"탐색기: 줄어드는 윈도우의 거리별 가중치 (처음 w = {window})")
