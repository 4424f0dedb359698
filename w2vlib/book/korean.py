"""4.5절(우리말로 해 보기) 노트북의 도우미: 토큰 통계·평가 표, 빈도 그림, gensim 비교, 가까운 단어 탐색기.

표는 마크다운(:class:`IPython.display.Markdown`)으로 돌려주므로 책에서는 HTML 표로 보입니다. 탐색기는
:mod:`w2vlib.explore`와 같은 Vega-Lite 명세이고, 데이터(단어, 이웃, 유사도 × 100의 정수: 표와 같은 소수 둘째 자리)는 파이썬이 미리
계산해 둡니다. 그래서 정적인 책에서도 커널 없이 검색 상자에 단어를 치면 이웃이 바뀝니다.
"""
from __future__ import annotations

import numpy as np

from .. import korean_eval as ke
from ..config import updates_per_epoch
from ..evaluation import normalize
from .explore import BLUE, WIDTH, Explorer, _spec, _text_view
from .tables import markdown_table
from ..tokenizers import TokenizedCorpus

LIVE_REVIEWS = 100_000
"""노트북이 실제로 학습하는 리뷰 수: 파일 순서로 앞의 10만 개 (CI와 책이 같음)."""
TOKEN_LABELS = {"morph": "형태소", "word": "어절"}
MAX_EXPLORER_BYTES = 300_000
"""탐색기 데이터(명세 JSON)의 최대 크기."""


def token_stats_table(corpora: dict[str, TokenizedCorpus], min_count: int = 5):
    """토큰 단위마다: 토큰 수, 종류(어휘) 수, 한 번만 나온 종류의 비율, ``min_count``번 이상인 종류 수와 그것이
    덮는 토큰의 비율."""
    rows = []
    for name, corpus in corpora.items():
        counts = corpus.counts()
        kept = counts >= min_count
        rows.append([name, f"{len(corpus.ids):,}", f"{len(counts):,}", f"{np.mean(counts == 1):.1%}",
                     f"{int(kept.sum()):,}", f"{counts[kept].sum() / counts.sum():.1%}"])
    return markdown_table(["토큰 단위", "토큰 수", "종류 수", "한 번만 나온 종류", f"{min_count}번 이상인 종류",
                           "그 종류가 덮는 토큰"], rows)


def rank_frequency_figure(corpora: dict[str, TokenizedCorpus]):
    """토큰 단위마다 빈도 순위–빈도 그림 (로그–로그). matplotlib Figure를 돌려줍니다."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.6))
    for (name, corpus), color in zip(corpora.items(), (BLUE, "#D55E00", "#009E73")):
        counts = np.sort(corpus.counts())[::-1]
        ax.loglog(np.arange(1, len(counts) + 1), counts, color=color, label=f"{name} (종류 {len(counts):,}개)")
    ax.axhline(5, color="gray", linestyle="--", linewidth=1)
    ax.text(1.5, 5.6, "빈도 5", color="gray", fontsize=9)
    ax.set_xlabel("빈도 순위")
    ax.set_ylabel("빈도")
    ax.set_title("토큰의 빈도 분포: 긴 꼬리")
    ax.legend()
    fig.tight_layout()
    return fig


def coverage_table(vocabs: dict[str, dict]):
    """어휘마다 평가 데이터를 얼마나 덮는지: WordSim-353의 쌍, 유추 문제의 절마다 네 단어가 모두 어휘에 있는 문제."""
    covered = {name: ke.coverage(w2i) for name, w2i in vocabs.items()}
    n_pairs = len(ke.load_wordsim())
    sizes: dict[str, int] = {}
    for section, *_ in ke.load_analogies():
        sizes[section] = sizes.get(section, 0) + 1
    rows = [["WordSim-353 (쌍)"] + [f"{c['wordsim']} / {n_pairs}" for c in covered.values()]]
    rows += [[f"유추: {ke.SECTION_NAMES[s]}"] + [f"{c[s]:,} / {n:,}" for c in covered.values()]
             for s, n in sizes.items()]
    return markdown_table(["평가 데이터"] + list(vocabs), rows)


def gensim_train(corpus: TokenizedCorpus, cfg, min_count: int = 5, workers: int = 1):
    """``cfg`` (:class:`~w2vlib.config.TrainConfig`)와 같은 설정(:meth:`~w2vlib.config.TrainConfig.gensim_kwargs`)으로
    gensim Word2Vec을 학습합니다. 어휘는 ``min_count``번 이상 나온 토큰, 코어는 ``workers``개입니다.

    gensim은 리뷰(문서)마다 따로 윈도우를 만들고, w2vlib은 리뷰를 이어 붙인 말뭉치를 씁니다.

    Returns : (단어 벡터 (V, H) float32, word_to_id, id_to_word). 시간은 재지 않습니다 (속도는 벤치마크의 NSMC 행).
    """
    from gensim.models import Word2Vec

    model = Word2Vec(corpus.docs(), **(cfg.gensim_kwargs() | {"min_count": min_count, "workers": workers}))
    words = model.wv.index_to_key
    return model.wv.vectors, {w: i for i, w in enumerate(words)}, dict(enumerate(words))


def evaluation_table(models: dict[str, tuple[np.ndarray, dict]]):
    """모델마다 한국어 WordSim-353 ρ (평가한 쌍 수)와 유추 정답률(절마다, 3CosAdd / 3CosMul, 맞힌 수 / 문제 수)."""
    columns = {}
    for name, (vecs, w2i) in models.items():
        ws = ke.evaluate_wordsim(vecs, w2i)
        by_method = [ke.evaluate_korean_analogies(vecs, w2i, m) for m in ke.METHODS]
        col = {"WordSim-353 ρ (쌍)": f"{ws['spearman']:.3f} ({ws['n_pairs']})"}
        for section, label in ke.SECTION_NAMES.items():
            results = [r.get("sections", {}).get(section) for r in by_method]
            col[f"유추: {label}"] = "–" if results[0] is None else " / ".join(
                f"{round(acc * n)}" for acc, n in results) + f" (문제 {results[0][1]})"
        columns[name] = col
    rows = [[key] + [col[key] for col in columns.values()] for key in next(iter(columns.values()))]
    return markdown_table(["평가 (유추: 3CosAdd / 3CosMul로 맞힌 수)"] + list(models), rows)


def nearest(vecs: np.ndarray, w2i: dict, i2w: dict, words: list[str], top: int = 5) -> dict[str, list]:
    """단어마다 코사인 유사도가 가장 높은 ``top``개 [(이웃, 유사도), …] (자기 자신 제외, 어휘에 없으면 빈 목록)."""
    unit = normalize(np.asarray(vecs, dtype=np.float32))
    ids = [w2i[w] for w in words if w in w2i]
    out = {w: [] for w in words}
    if ids:
        sims = unit[ids] @ unit.T
        sims[np.arange(len(ids)), ids] = -np.inf
        best = np.argsort(-sims, axis=1, kind="stable")[:, :top]
        for row, i in enumerate(ids):
            out[i2w[i]] = [(i2w[int(j)], float(sims[row, j])) for j in best[row]]
    return out


def neighbours_table(words: list[str], models: dict[str, tuple[np.ndarray, dict, dict]], top: int = 5):
    """단어마다 모델별 가까운 단어 ``top``개 (유사도 소수 둘째 자리)."""
    found = {name: nearest(*m, words, top) for name, m in models.items()}
    rows = [[w] + [", ".join(f"{n} ({s:.2f})" for n, s in found[name][w]) or "(어휘에 없음)" for name in models]
            for w in words]
    return markdown_table(["단어"] + list(models), rows, align="l" * (len(models) + 1))


def neighbour_explorer(models: dict[str, tuple[np.ndarray, dict, dict]], n_words: int = 1200, top: int = 5,
                       extra: tuple[str, ...] = (), word: str = "영화") -> Explorer:
    """가까운 단어 탐색기: 검색 상자에 단어를 치고 토큰 단위를 고르면, 그 모델에서 가장 가까운 ``top``개와 유사도.

    models : 이름 → (벡터, word_to_id, id_to_word); 단어 ID가 빈도 순서(0이 가장 흔함)여야 합니다.
    각 모델의 빈도 상위 ``n_words``개와 ``extra`` 단어들의 이웃만 담습니다 (명세 크기 ≤ :data:`MAX_EXPLORER_BYTES`).
    입력한 글자로 시작하는 단어를 (빈도 순서로) 최대 8개 제안합니다.
    """
    cols = {"t": [], "w": [], "r": [], "n": [], "s": []}
    for name, (vecs, w2i, i2w) in models.items():
        words = [i2w[i] for i in range(min(n_words, len(i2w)))]
        words += [w for w in extra if w in w2i and w2i[w] >= n_words]
        for w, nbrs in nearest(vecs, w2i, i2w, words, top).items():
            cols["t"].append(name)
            cols["w"].append(w)
            cols["r"].append(w2i[w] + 1)
            cols["n"].append(" ".join(n for n, _ in nbrs))
            cols["s"].append(" ".join(str(int(round(s * 100))) for _, s in nbrs))   # 표와 같은 소수 둘째 자리
    q = "trim(word)"
    base = [{"flatten": ["t", "w", "r", "n", "s"]}, {"filter": "datum.t == tok"}]
    empty = f"length({q}) == 0"                       # 빈 입력: 안내만 (없는 단어라고 하지 않음)
    status = _text_view([
        f"{empty} ? '위 상자에 한국어 단어를 입력하세요 (예: 영화, 재미, 감동).'"
        f" : datum.found ? \"'\" + {q} + \"': \" + tok + ' 어휘의 빈도 ' + format(datum.best.r, ',') + '위'"
        f" : \"'\" + {q} + \"': 이 탐색기의 \" + tok + ' 단어 목록(빈도 상위 {n_words:,}개 등)에 없습니다.'",
        f"{empty} ? '' : datum.found ? '가장 가까운 단어와 코사인 유사도' : tok == '형태소' ? '조사·어미를 뗀 앞부분으로 찾아 보세요 "
        "(예: 재미있다 → 재미있).' : '어절은 조사·어미가 붙은 꼴 그대로라, 다른 활용형으로도 찾아 보세요.'"],
        data={"name": "nbrs"}, transform=base + [
            {"calculate": f"datum.w == {q} ? 1 : 0", "as": "hit"},
            {"aggregate": [{"op": "max", "field": "hit", "as": "found"},
                           {"op": "argmax", "field": "hit", "as": "best"}]}])
    hits = "pluck(datum.hits, 'w')"
    suggest = _text_view(["'그 글자로 시작하는 단어 (빈도순):'",
                          f"join(slice({hits}, 0, 4), ', ') + (length({hits}) > 4 ? ',' : '')",   # 줄이 바뀌어도 쉼표
                          f"join(slice({hits}, 4, 8), ', ')"], data={"name": "nbrs"},
                         transform=base + [
                             {"filter": f"length({q}) > 0 && indexof(datum.w, {q}) == 0 && datum.w != {q}"},
                             {"window": [{"op": "row_number", "as": "k"}]},
                             {"filter": "datum.k <= 8"}, {"aggregate": [{"op": "values", "as": "hits"}]}])
    bars = {
        "data": {"name": "nbrs"},
        "transform": base + [
            {"filter": f"datum.w == {q}"},
            {"calculate": "split(datum.n, ' ')", "as": "nn"}, {"calculate": "split(datum.s, ' ')", "as": "ss"},
            {"flatten": ["nn", "ss"]}, {"window": [{"op": "row_number", "as": "order"}]},
            {"calculate": "toNumber(datum.ss) / 100", "as": "sim"}],
        "width": WIDTH - 90, "height": {"step": 20},
        "encoding": {"y": {"field": "nn", "type": "nominal", "title": None, "sort": {"field": "order"},
                           "axis": {"labelFontSize": 13}},
                     "x": {"field": "sim", "type": "quantitative", "title": "코사인 유사도",
                           "scale": {"domain": [0, 1]}}},
        "layer": [{"mark": {"type": "bar", "color": BLUE, "height": 16}},
                  {"mark": {"type": "text", "align": "left", "dx": 3, "fontSize": 11},
                   "encoding": {"text": {"field": "sim", "format": ".2f"}}}],
    }
    names = list(models)
    params = [{"name": "word", "value": word,
               "bind": {"input": "search", "placeholder": "한국어 단어를 입력하세요", "autocomplete": "off",
                        "name": "단어 "}},
              {"name": "tok", "value": names[0], "bind": {"input": "radio", "options": names, "name": "토큰 "}}]
    spec = _spec("가까운 단어 찾기 (NSMC 리뷰로 학습한 벡터)", params,
                 {"vconcat": [status, bars, suggest], "spacing": 8}, datasets={"nbrs": [cols]})
    explorer = Explorer(spec, f"탐색기: 가까운 단어 ({', '.join(names)}; 단어마다 이웃 {top}개, 처음 단어 '{word}')")
    size = len(explorer.to_json().encode())
    if size > MAX_EXPLORER_BYTES:
        raise ValueError(f"n_words: 탐색기 데이터가 {size:,}바이트로 {MAX_EXPLORER_BYTES:,}바이트를 넘습니다. "
                         "n_words나 top을 줄이세요.")
    return explorer


# --------------------------------------------------------------------------- 저장된 벤치마크의 NSMC 전체 행 (4.5.6)

BENCHMARK_ROWS = {"tokenize": "nsmc_tokenize", "w2vlib_w1": "nsmc_w2vlib_w1", "w2vlib_w2": "nsmc_w2vlib_w2",
                  "gensim_w1": "nsmc_gensim_w1", "gensim_w2": "nsmc_gensim_w2"}
"""4.5절이 인용하는 벤치마크 행 (``benchmarks/suite.py``의 ``nsmc_rows``, ``--kind nsmc``로 잼)."""


def benchmark_rows(data: dict | None = None) -> dict[str, dict]:
    """저장된 벤치마크 실행의 NSMC 행들 (:data:`BENCHMARK_ROWS`의 열쇠 → 행).

    하나라도 없으면 어떻게 재는지 밝힌 KeyError를 냅니다 (빈 표나 다른 숫자로 조용히 넘어가지 않음)."""
    from . import results

    data = data or results.load()
    missing = [name for name in BENCHMARK_ROWS.values() if name not in data["rows"]]
    if missing:
        raise KeyError(f"저장된 벤치마크 실행 {data['run']!r}에 없는 NSMC 행이 있습니다: {', '.join(missing)}. "
                       f"{results.SUITE_COMMAND} --run 실행이름 --kind nsmc로 재고(약 15–20분), --publish로 패키지 사본"
                       "(w2vlib/book/data/benchmark.json)을 새로 쓴 뒤 이 노트북을 다시 실행하세요.")
    return {key: data["rows"][name] for key, name in BENCHMARK_ROWS.items()}


def _run_note(r: dict) -> str:
    """행이 전체 말뭉치·5에폭이 아닌 개발용 실행이면 그 설정을, 아니면 빈 글자."""
    s = r["settings"]
    parts = []
    if s.get("reviews"):
        parts.append(f"앞 {s['reviews']:,}개 리뷰")
    if "epochs" in s and s["epochs"] != 5:
        parts.append(f"{s['epochs']}에폭")
    return f" (개발용으로 줄인 실행: {', '.join(parts)})" if parts else ""


def benchmark_table(data: dict | None = None):
    """NSMC 전체 형태소로 w2vlib과 gensim을 코어 1·2개로 학습한 행들의 표: 학습 시간, 프로세스 전체 시간
    (말뭉치 읽기·평가 포함), 토큰/초, 최대 메모리, 한국어 WordSim-353 ρ (평가한 쌍의 수), 남성–여성 유추 (3CosAdd, 맞힌
    수/문제 수).
    시간은 모두 초 단위 (분과 초가 섞이면 코어 수에 따른 배율이 잘 보이지 않습니다)."""
    rows = benchmark_rows(data)
    out = []
    for key in ("w2vlib_w1", "gensim_w1", "w2vlib_w2", "gensim_w2"):
        r = rows[key]
        t, q, s = r["times"], r["quality"], r["settings"]
        mf = f"{round(q['male_female'] * q['n_male_female'])}/{q['n_male_female']} ({100 * q['male_female']:.1f}%)"
        out.append([r["title"].split(",")[0] + _run_note(r), str(s["workers"]), f"{t['min']:,.1f}",
                    f"{t['process_min']:,.1f}", f"{r['tokens'] * s['epochs'] / t['min']:,.0f}",
                    f"{t['peak_pss_mib_min'] / 1024:.2f} GiB",
                    f"{q['ws353_ko']:.3f} ({q['ws353_ko_pairs']})", mf])    # 4.5.5의 표와 같이 평가한 쌍의 수만
    return markdown_table(["학습 (CBOW, 형태소)", "코어", "학습 시간 (초)", "프로세스 전체 (초)", "토큰/초", "최대 메모리",
                           "WS-353 ρ (쌍)", "남성–여성"], out, align="lrrrrrrr")


def benchmark_summary(data: dict | None = None) -> str:
    """표 아래의 결론 문장: 토큰화 시간과 처리량, 학습 행을 잰 횟수, 같은 코어 수에서 w2vlib과 gensim의 학습 시간 비율."""
    from .formatting import format_duration
    from .results import SAME_RATIO, SPREAD_FLOOR, _gap, _noise

    rows = benchmark_rows(data)
    tok = rows["tokenize"]
    t = tok["times"]["min"]
    parts = [f"MeCab-ko로 리뷰 {tok['reviews']:,}개({tok['characters']:,}자)를 형태소 {tok['tokens']:,}개로 나누는 데 "
             f"{format_duration(t)}(초당 {tok['characters'] / t:,.0f}자, 한 코어)가 걸렸습니다{_run_note(tok)}."]
    repeats = min(rows[f"{who}_w{w}"]["repeats"] for who in ("w2vlib", "gensim") for w in (1, 2))
    parts.append("표의 학습 행은 한 번씩 잰 값입니다." if repeats == 1 else
                 f"표의 학습 행은 w2vlib과 gensim을 번갈아 {repeats}번 잰 가운데 가장 짧은 시간입니다.")
    for w in (1, 2):
        # 문장에 쓰는 값(0.1초 단위)끼리의 비: 독자가 문장의 두 숫자로 다시 계산해도 같은 차이가 나옵니다
        a, b = rows[f"w2vlib_w{w}"], rows[f"gensim_w{w}"]
        ours, theirs = (round(x["times"]["min"], 1) for x in (a, b))
        r = ours / theirs
        once = min(a["repeats"], b["repeats"]) == 1
        noise = SPREAD_FLOOR if once else _noise(a, b)      # 한 번씩 잰 행은 잰 흔들림이 없어 최소값만
        direction = f"gensim보다 시간이 약 {r - 1:.0%} 더 걸림" if r >= 1 else f"gensim보다 시간이 약 {1 - r:.0%} 짧음"
        if _gap(r) <= noise and (once or _gap(r) <= SAME_RATIO):   # 이만큼 작은 차이는 방향을 말하지 않습니다
            how = (f"차이 {_gap(r):.1%}로, 책이 모든 비교에서 흔들림으로 치는 최소 {SPREAD_FLOOR:.0%}보다 작아 같은 수준"
                   if once else f"차이 {_gap(r):.1%}로, 두 행의 실행 사이 흔들림 {noise:.0%} 안이라 같은 수준")
        elif once:
            how = direction + "; 한 번씩 잰 값이라 PTB 행의 실행 사이 흔들림(4.4절 표의 괄호)보다 작은 차이는 단정할 수 없음"
        elif _gap(r) <= noise:
            how = direction + f"; 두 행의 실행 사이 흔들림({noise:.0%})이 그만큼 커서 이 실행만으로는 단정할 수 없음"
        else:
            how = direction + f"; 두 행의 실행 사이 흔들림 {noise:.0%}보다 큰 차이"
        parts.append(f"코어 {w}개: w2vlib {ours:,.1f}초, gensim {theirs:,.1f}초 ({how}).")   # 표와 같이 초 단위
    s = rows["w2vlib_w1"]["settings"]
    updates = updates_per_epoch(rows["w2vlib_w1"]["tokens"], s["batch_size"])
    parts.append(f"w2vlib의 설정: {s['optimizer']}, 배치 {s['batch_size']:,} (한 에폭 갱신 약 {updates:,}번), 학습률 "
                 f"{s['lr']}" + (" → 선형 감소" if s["lr_schedule"] == "linear" else " (고정)") + ".")
    return " ".join(parts)
