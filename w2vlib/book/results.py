"""저장된 벤치마크 실행을 읽어 책의 속도 숫자·표·결론 문장을 만드는 도우미.

책의 모든 속도 숫자는 한 번의 통제된 실험(``benchmarks/suite.py``)에서 옵니다. 그 결과 파일
(``benchmarks/results/<run>.json``)의 사본이 패키지 데이터 ``w2vlib/book/data/benchmark.json``으로 들어 있어서,
pip로 설치한 Colab에서도 노트북이 같은 숫자를 읽습니다. 여기의 함수는 시간을 재지 않고 파일만 읽으므로 출력이
결정적입니다 (strict nbval이 비교).

파일 구조: ``{"run", "date", "machine": {"cpu_model", "cores", ...}, "rows": {이름: 행}}``. 행 하나는
``{"name", "kind", "title", "commit", "date", "settings", "times", "quality", "cost_model"}``이고 ``times["min"]``은
``kind``가 ``'stage'``이면 에폭당 초, ``'train'``·``'gensim'``·``'long'``이면 학습 전체의 초입니다. ``'micro'`` 행은
``times["parts"][부분]["min"]`` (한 번의 초)을 가집니다.
"""
from __future__ import annotations

import functools
import math
import json
from importlib import resources

from .formatting import format_duration

SUITE_COMMAND = "python benchmarks/suite.py"
SPREAD_FLOOR = 0.05
"""두 시간의 차이를 "흔들림 안"으로 볼 최소 비율 (행마다 잰 흔들림이 이보다 작아도 이만큼은 봅니다)."""
SAME_RATIO = 0.10
"""흔들림 안의 차이라도 이 비율보다 크면 "같다"고 쓰지 않고, 잰 배율과 함께 "단정할 수 없다"고 씁니다."""


@functools.cache
def _load_package_copy() -> str:
    return resources.files("w2vlib.book").joinpath("data/benchmark.json").read_text(encoding="utf-8")


def load(path=None) -> dict:
    """결과 파일을 dict로 읽습니다. ``path``가 없으면 패키지에 든 사본 (``w2vlib/book/data/benchmark.json``)."""
    if path is None:
        return json.loads(_load_package_copy())
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def row(name: str, data: dict | None = None) -> dict:
    """이름이 ``name``인 행. 없으면 어떤 이름이 있는지 알려 주는 KeyError."""
    rows = (data or load())["rows"]
    if name not in rows:
        raise KeyError(f"name: 결과 파일에 {name!r} 행이 없습니다 (있는 행: {', '.join(rows)}).")
    return rows[name]


def seconds(name: str, data: dict | None = None) -> float:
    """행의 최소 시간(초): stage는 에폭당, train·gensim·long은 학습 전체."""
    return row(name, data)["times"]["min"]


def per_epoch(name: str, data: dict | None = None) -> float:
    """행의 에폭당 최소 시간(초)."""
    return row(name, data)["times"]["per_epoch_min"]


def part(name: str, key: str, data: dict | None = None) -> float:
    """micro 행의 한 부분의 최소 시간(초, 한 번)."""
    return row(name, data)["times"]["parts"][key]["min"]


def quality(name: str, data: dict | None = None) -> dict:
    """행의 평가 점수: analogy, semantic, syntactic (비율), ws353, simlex (스피어만 ρ), n_analogy."""
    q = row(name, data)["quality"]
    if q is None:
        raise KeyError(f"name: 품질 점수가 없는 행입니다 ({name!r}).")
    return q


def spread(name: str, data: dict | None = None) -> float:
    """행의 실행 사이 흔들림 (최대/최소 − 1). micro 행은 부분들 가운데 가장 큰 값."""
    return _row_spread(row(name, data))


def _row_spread(r: dict) -> float:
    t = r["times"]
    if "parts" in t:
        return max(p["spread"] for p in t["parts"].values())
    return t["spread"]


def _noise(a: dict, b: dict) -> float:
    """두 행을 견줄 때의 흔들림: 두 행의 실행 사이 흔들림 가운데 큰 것 (최소 :data:`SPREAD_FLOOR`)."""
    return max(SPREAD_FLOOR, _row_spread(a), _row_spread(b))


def _gap(ratio: float) -> float:
    """시간 비 ``ratio``가 1에서 떨어진 정도: 느린 쪽 ÷ 빠른 쪽 − 1 (비를 어느 쪽으로 나눠도 같은 값; 흔들림
    (max − min)/min과 견줌). |ratio − 1|은 방향에 따라 달라서 (0.70이면 0.30, 1/0.70이면 0.43) 쓰지 않습니다."""
    return max(ratio, 1 / ratio) - 1


# --------------------------------------------------------------------------- 형식

def times(ratio: float) -> str:
    """배율: 10 미만은 소수 둘째 자리 (1.12배), 100 미만은 첫째 자리, 그 이상은 정수 (1,568배)."""
    if ratio < 10:
        return f"{ratio:.2f}배"
    if ratio < 100:
        return f"{ratio:.1f}배"
    return f"{ratio:,.0f}배"


def book_multiple(ratio: float) -> str:
    """표의 누적 배율 "책 대비": 10 미만은 소수 첫째 자리 (×1.3), 그 이상은 정수 (×503). 4.3.4의 두 표가 같은 모양으로 씁니다."""
    return f"×{ratio:.1f}" if ratio < 10 else f"×{ratio:,.0f}"


def pct(x: float) -> str:
    return f"{100 * x:.2f}%"


def _code_names(text: str) -> str:
    """점이 든 이름(``np.add.at`` 등)을 코드 서식으로 (표 안에서 웹 주소로 오인되지 않게; 한글 조사는 밖에)."""
    import re
    return re.sub(r"\b([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+)", r"`\1`", text)


_DIGIT_BATCHIM = {"0": True, "1": True, "2": False, "3": True, "4": False, "5": False, "6": True, "7": True, "8": True,
                  "9": False}
"""숫자를 한국어로 읽을 때 끝소리에 받침이 있는지 (영, 일, 이, 삼, 사, 오, 육, 칠, 팔, 구)."""


def _before_parenthesis(word: str) -> str:
    """끝에 붙은 괄호 묶음을 뗀 말: "w2vlib (한 코어)" → "w2vlib". 조사는 괄호 안이 아니라 괄호 앞의 말에 맞춥니다
    (예: "커피(coffee)는"; 괄호 안은 앞말을 보충하는 말)."""
    text = word.rstrip()
    while text.endswith(")"):
        depth = 0
        for i in range(len(text) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(text[i], 0)
            if depth == 0:
                break
        if depth or not text[:i].strip():          # 짝이 없거나 괄호뿐이면 그대로
            break
        text = text[:i].rstrip()
    return text


def _has_batchim(word: str) -> bool:
    """조사를 고를 때 쓰는, ``word``를 읽은 끝소리의 받침 여부 (한글·숫자·라틴 문자; 끝의 괄호 묶음과 따옴표는 건너뜀)."""
    stripped = _before_parenthesis(word).rstrip(" )]`'\"")
    if not stripped:
        return False
    last = stripped[-1]
    if "가" <= last <= "힣":
        return (ord(last) - ord("가")) % 28 != 0
    if last.isdigit():
        return _DIGIT_BATCHIM[last]
    token = stripped.split()[-1].strip("`(")
    if token.isupper():                              # 약어는 글자 이름으로: 엘, 엠, 엔, 알
        return last.upper() in "LMNR"
    return last.lower() in "bcgklmnpt"               # 낱말: lib → 립, gensim → 심, Adam → 담, Word2Vec → 벡


def _josa(word: str, with_batchim: str, without: str) -> str:
    """``word`` 뒤에 붙일 조사: 받침이 있으면 ``with_batchim`` (예: "은"), 없으면 ``without`` ("는")."""
    return word + (with_batchim if _has_batchim(word) else without)


def _md(text: str):
    from IPython.display import Markdown
    return Markdown(text)


def _table(header: list[str], rows: list[list[str]], align: str | None = None):
    align = align or "l" + "r" * (len(header) - 1)
    sep = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(sep) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return _md("\n".join(lines))


# --------------------------------------------------------------------------- 기계 상자

def machine_line(data: dict | None = None) -> str:
    """한 줄 요약: 실행 이름·날짜와 ``machine.cpu_model`` 그대로 (마크다운 기호 없이: print로도 찍음)."""
    data = data or load()
    m = data["machine"]
    return (f"벤치마크 실행 {data['run']} ({data['date']}), CPU {m['cpu_model']} "
            f"({m['cores']}코어, 메모리 {m['memory_gb']:g} GB)")


def _instances(value: str) -> str:
    """lscpu의 캐시 크기 ``'2 MiB (2 instances)'`` → ``'2 MiB×2'`` (하나면 크기만)."""
    import re
    m = re.fullmatch(r"(.*?)\s*\((\d+) instances?\)", value)
    if not m:
        return value
    return m.group(1) if m.group(2) == "1" else f"{m.group(1)}×{m.group(2)}"


def machine_box(data: dict | None = None):
    """속도 숫자를 인용하는 페이지 위쪽에 두는 상자 (마크다운 인용문): 실행 날짜, CPU 모델명 그대로, 소프트웨어 판."""
    data = data or load()
    m = data["machine"]
    blas = m["blas"]
    cpu = m.get("cpu") or {}
    details = []
    if cpu.get("hypervisor"):
        details.append(f"{cpu['hypervisor']} 가상 머신의 vCPU{', 코어당 스레드 ' + cpu['threads_per_core'] + '개' if cpu.get('threads_per_core') else ''}")
    caches = [f"{k} {_instances(cpu[key])}" for k, key in (("L1d", "l1d"), ("L2", "l2"), ("L3", "l3")) if cpu.get(key)]
    if caches:
        details.append("캐시 " + "·".join(caches))
    if m.get("libc"):
        details.append(m["libc"])
    extra = f"; {', '.join(details)}" if details else ""
    return _md(
        f"> **이 페이지의 속도 숫자**는 모두 한 번의 벤치마크 실행에서 읽습니다: {machine_line(data)}{extra}. "
        f"Python {m['python']}, NumPy {m['numpy']}, SciPy {m['scipy']}, BLAS {blas['vendor']} "
        f"(스레드 {blas['threads']}개), gensim {m['gensim']}. 학습마다 새 프로세스에서, 설정을 번갈아 여러 번 재서 "
        f"최솟값을 씁니다. 다시 재려면 `{SUITE_COMMAND}`를 실행하세요.")


# --------------------------------------------------------------------------- 비교 문장

def compare(slow: str, fast: str, data: dict | None = None, *, what_slow: str | None = None,
            what_fast: str | None = None) -> str:
    """두 행의 에폭당 시간을 비교하는 문장. 차이가 두 행의 흔들림(최소 :data:`SPREAD_FLOOR`) 안이면 그렇다고 씁니다."""
    data = data or load()
    a, b = row(slow, data), row(fast, data)
    ta, tb = a["times"]["per_epoch_min"], b["times"]["per_epoch_min"]
    na, nb = what_slow or a["title"], what_fast or b["title"]
    noise = _noise(a, b)
    r = ta / tb
    if _gap(r) <= noise and _gap(r) <= SAME_RATIO:
        return (f"{_josa(na, '과', '와')} {nb}의 에폭당 시간({format_duration(ta)}, {format_duration(tb)})은 실행 사이 흔들림"
                f"({noise:.0%}) 안에서 같습니다.")
    if _gap(r) <= noise:
        # 괄호 안의 시간은 문장의 순서대로 (빠른 쪽, 느린 쪽)
        faster, slower, ratio, t_fast, t_slow = (nb, na, r, tb, ta) if r > 1 else (na, nb, 1 / r, ta, tb)
        return (f"이 실행에서는 {_josa(faster, '이', '가')} {slower}보다 {times(ratio)} 빨랐지만 (에폭당 "
                f"{format_duration(t_fast)} 대 {format_duration(t_slow)}), 실행 사이 흔들림({noise:.0%})이 그 차이만큼 "
                f"커서 이 실행만으로는 단정할 수 없습니다.")
    if r > 1:
        return f"{_josa(na, '이', '가')} {nb}보다 {times(r)} 느립니다 (에폭당 {format_duration(ta)} 대 {format_duration(tb)})."
    return f"{_josa(na, '이', '가')} {nb}보다 {times(1 / r)} 빠릅니다 (에폭당 {format_duration(ta)} 대 {format_duration(tb)})."


def retime(measured: float, name: str, key: str | None = None, data: dict | None = None, *,
           field: str = "min", epochs: int | None = None) -> str:
    """"이 컴퓨터에서 다시 재기" 셀이 출력하는 문장: 방금 잰 시간과 저장된 실행의 같은 값의 비율.

    ``key``가 있으면 micro 행의 그 부분, 없으면 ``times[field]`` (``'min'``: 학습 전체 또는 에폭당, ``'fit_min'``:
    ``Trainer.fit``의 반복만). ``epochs``를 주면 방금 잰 학습이 그 에폭 수였다고 보고 에폭당 시간끼리 비교합니다."""
    stored = part(name, key, data) if key else row(name, data)["times"][field]
    if epochs is not None:
        measured, stored = measured / epochs, stored / row(name, data)["settings"]["epochs"]
    r = measured / stored
    how = ("저장된 실행과 거의 같습니다" if _gap(r) < SPREAD_FLOOR else
           f"이 컴퓨터가 {times(r)} 느립니다" if r >= 1 else f"이 컴퓨터가 {times(1 / r)} 빠릅니다")
    unit = "에폭당 " if epochs is not None else ""
    notes = ["이 값은 실행마다 달라지고, 본문은 저장된 실행만 인용합니다"]
    if field == "fit_min":        # 표의 시간 열(times.min)은 학습 호출 전체라 이 값과 다릅니다: 같은 양을 두 숫자로 읽지 않게
        notes.insert(0, "둘 다 학습 반복만 잰 값이라, 준비까지 포함한 표의 시간보다 조금 짧습니다")
    return (f"이 컴퓨터: {unit}{format_duration(measured)}, 저장된 실행: {unit}{format_duration(stored)} → {how} "
            f"({'; '.join(notes)}).")


# --------------------------------------------------------------------------- 표

TRAIN_COLUMNS = ["학습", "설정", "시간 (초)", "에폭당", "시간 흔들림", "유추", "WS-353 ρ", "SimLex ρ"]


def settings_text(r: dict) -> str:
    """행의 설정을 짧게: 모델·손실·배치·옵티마이저·학습률·윈도우·workers·메모리 재사용·에폭."""
    s = r["settings"]
    parts = []
    if "model" in s:
        parts.append(f"{'skip-gram' if s['model'] == 'skipgram' else 'CBOW'} {s['loss'].upper()}")
    if s.get("window_size", 5) != 5:
        parts.append(f"윈도우 크기 {s['window_size']}")
    if s.get("hidden", 100) != 100:
        parts.append(f"차원 {s['hidden']}")
    if s.get("subsample"):
        parts.append(f"서브샘플링 t = {s['subsample']:g}")
    if s.get("batch_size"):
        parts.append(f"배치 {s['batch_size']:,}")
    parts.append(f"{s['optimizer']} {s['lr']:g}")
    parts.append("줄어드는 윈도우" if s["window"] == "shrinking" else "고정 윈도우")
    parts.append(f"workers={s['workers']}")
    if r.get("kind") != "gensim":                      # 메모리 재사용은 w2vlib의 설정 (gensim 행에는 뜻이 없음)
        parts.append(f"메모리 재사용 {'켬' if s['reuse_memory'] else '끔'}")
    if s.get("max_steps"):
        parts.append(f"{s['max_steps']:,} 반복 (개발용으로 줄인 학습)")
    elif "epochs" in s:
        parts.append(f"{s['epochs']}에폭")
    return ", ".join(parts)


def training_table(names: list[str], data: dict | None = None, *, baseline: str | None = None):
    """학습 행들의 표: 설정, 학습 전체 시간(최솟값), 에폭당, 흔들림, 품질. ``baseline``이 있으면 그 행 대비 배율 열."""
    data = data or load()
    header = list(TRAIN_COLUMNS)
    if baseline:
        header.insert(5, f"{row(baseline, data)['title']} 대비 (에폭당)")
    rows = []
    for n in names:
        r = row(n, data)
        q = r["quality"] or {}
        t = r["times"]
        cells = [r["title"], settings_text(r), f"{t['min']:.1f}", format_duration(t["per_epoch_min"]), f"{t['spread']:.0%}"]
        if baseline:
            cells.append(times(t["per_epoch_min"] / per_epoch(baseline, data)))
        cells += [pct(q["analogy"]) if q else "–", f"{q['ws353']:.3f}" if q else "–", f"{q['simlex']:.3f}" if q else "–"]
        rows.append(cells)
    return _table(header, rows, "ll" + "r" * (len(header) - 2))


MODEL_WORKER_ROWS = (("cbow_ns", "CBOW-NS"), ("skipgram_ns", "skip-gram-NS"), ("cbow_hs", "CBOW-HS"))
"""4.4의 모델 × 코어 표가 읽는 행: ``w2vlib_<키>_w1``·``_w2``와 ``gensim_<키>_w1``·``_w2`` (``benchmarks/suite.py``의
``issue20_rows``, PTB 3에폭, 행마다 프로세스 트리의 최대 메모리)."""


def _model_worker_pairs(data: dict) -> list[tuple[str, int, dict, dict]]:
    return [(title, w, row(f"w2vlib_{key}_w{w}", data), row(f"gensim_{key}_w{w}", data))
            for key, title in MODEL_WORKER_ROWS for w in (1, 2)]


def model_workers_table(data: dict | None = None):
    """모델 세 가지 × 코어 1·2개에서 w2vlib과 gensim의 프로세스 전체 시간(파이썬 시작·import·PTB 읽기 포함), 그 비와
    흔들림, 프로세스 트리의 최대 메모리(PSS 합, MiB). 시간과 메모리 칸은 "w2vlib / gensim"입니다 (노트북의 설명이 말함).
    모델과 코어 수를 한 칸("CBOW-NS 1코어")에 적어 열이 넷이라, 전화기 폭에서는 그 칸이 두 줄로 접힙니다."""
    data = data or load()
    rows = []
    for title, w, ours, theirs in _model_worker_pairs(data):
        a, b = ours["times"], theirs["times"]
        rows.append([f"{title} {w}코어", f"{a['process_min']:.1f} / {b['process_min']:.1f}",
                     f"{a['process_min'] / b['process_min']:.2f} (±{_noise(ours, theirs):.0%})",
                     f"{a['peak_pss_mib_min']:.0f} / {b['peak_pss_mib_min']:.0f}"])
    return _table(["설정", "시간 (초)", "시간 비 (흔들림)", "메모리 (MiB)"], rows)


def model_workers_summary(data: dict | None = None) -> str:
    """표 아래의 문장: 시간 비가 1보다 작은(w2vlib이 빠른)·큰 설정의 수, 그 차이가 흔들림(:func:`_noise`) 밖인 설정,
    코어 수마다 최대 메모리가 gensim 이하인 모델과 큰 모델."""
    data = data or load()
    # (이름, 코어, 시간 비, 흔들림 밖인지, 메모리가 gensim 이하인지)
    rows = [(f"{t} {w}코어", t, w, o["times"]["process_min"] / g["times"]["process_min"],
             _gap(o["times"]["process_min"] / g["times"]["process_min"]) > _noise(o, g),
             o["times"]["peak_pss_mib_min"] <= g["times"]["peak_pss_mib_min"]) for t, w, o, g in _model_worker_pairs(data)]
    slower = [name for name, _, _, r, _, _ in rows if r > 1]
    parts = [f"프로세스 전체 시간의 비가 1보다 작은(w2vlib이 빠른) 설정은 {len(rows)}개 가운데 "
             f"{sum(r < 1 for _, _, _, r, _, _ in rows)}개"
             + (f"이고, 1보다 큰 설정은 {', '.join(slower)}입니다." if slower else "입니다.")]
    fast = [name for name, _, _, r, out, _ in rows if out and r < 1]
    slow = [name for name, _, _, r, out, _ in rows if out and r > 1]
    if len(fast) == len(rows) or len(slow) == len(rows):
        parts.append(f"{len(rows)}개 설정 모두에서 차이가 흔들림(표의 괄호)보다 큽니다.")
    elif fast or slow:
        said = ([f"{', '.join(fast)}에서는 w2vlib이 흔들림보다 큰 차이로 빠르고"] if fast else []) + \
               ([f"{', '.join(slow)}에서는 흔들림보다 큰 차이로 느리고"] if slow else [])
        parts.append(" ".join(said) + ", 나머지는 차이가 흔들림(표의 괄호) 안입니다.")
    else:
        parts.append("다만 모든 설정에서 그 차이가 실행 사이 흔들림(표의 괄호)보다 크지 않아, 이 실행만으로 어느 쪽이 빠르다고 "
                     "단정할 수는 없습니다.")
    clauses = []
    for w in (1, 2):                                # 코어 수마다: 세 모델이 모두 같은 쪽이면 한 번에 말함
        below = "gensim 이하입니다" if w == 2 else "gensim 이하이고"
        above = "gensim보다 큽니다" if w == 2 else "gensim보다 크고"
        small = [t for _, t, ww, _, _, ok in rows if ww == w and ok]
        large = [t for _, t, ww, _, _, ok in rows if ww == w and not ok]
        if not large or not small:
            clauses.append(f"{w}코어에서는 세 모델 모두 {below if not large else above}")
        else:
            clauses.append(f"{w}코어에서는 {_josa(', '.join(small), '이', '가')} gensim 이하이고 "
                           f"{_josa(', '.join(large), '이', '가')} {above}")
    parts.append("최대 메모리는 " + ", ".join(clauses) + ".")
    fit = [o["times"]["min"] / g["times"]["min"] for _, _, o, g in _model_worker_pairs(data)]
    parts.append(f"학습 호출만의 시간(w2vlib은 train_word2vec, gensim은 어휘 만들기를 포함한 Word2Vec(...))으로 보면 "
                 f"비는 {min(fit):.2f}–{max(fit):.2f}이고, w2vlib이 빠른 설정은 {len(fit)}개 가운데 "
                 f"{sum(r < 1 for r in fit)}개입니다.")
    return " ".join(parts)


def hogwild_quality(data: dict | None = None) -> dict:
    """여러 시드로 잰 Hogwild의 품질 (``benchmarks/bench_hogwild.py --quality-seeds … --into-run``이 결과 파일의
    ``"hogwild_quality"``에 씀): ``w2vlib_cbow_ns_w1``·``w2vlib_cbow_ns_w2``의 시드마다 점수와 ``verdict``."""
    data = data or load()
    if "hogwild_quality" not in data:
        raise KeyError(f"결과 파일(실행 {data.get('run')!r})에 hogwild_quality가 없습니다: benchmarks/bench_hogwild.py "
                       "--quality-seeds 1 2 3 4 5 6 7 8 9 10 --epochs 10 --into-run 실행이름 으로 재세요.")
    return data["hogwild_quality"]


def hogwild_quality_table(data: dict | None = None):
    """시드마다 workers 1·2의 유추 정답률과 WordSim-353 ρ, 그리고 두 workers의 평균 행 (workers=1의 최소–최대는
    :func:`hogwild_quality_sentence`가 말합니다). 열 머리와 칸이 짧아 전화기 폭에서도 숫자 네 열이 거의 한 화면에
    들어갑니다 (w=1은 workers=1)."""
    q = hogwild_quality(data)
    one, two = q["w2vlib_cbow_ns_w1"], q["w2vlib_cbow_ns_w2"]
    rows = [[str(a["seed"]), pct(a["analogy"]), f"{a['wordsim353']:.3f}", pct(b["analogy"]), f"{b['wordsim353']:.3f}"]
            for a, b in zip(one, two)]

    def mean(scores, key):
        return sum(r[key] for r in scores) / len(scores)

    v = q["verdict"]
    rows.append(["평균", pct(mean(one, "analogy")), f"{mean(one, 'wordsim353'):.3f}",
                 pct(v["analogy"]["workers2_mean"]), f"{v['wordsim353']['workers2_mean']:.3f}"])
    return _table(["시드", "유추 (w=1)", "WS-353 ρ (w=1)", "유추 (w=2)", "WS-353 ρ (w=2)"], rows)


def hogwild_quality_sentence(data: dict | None = None) -> str:
    """workers=2의 평균이 workers=1의 최소–최대 안에 드는지 (지표마다), 설정과 함께 한 문장으로."""
    q = hogwild_quality(data)
    v = q["verdict"]
    clauses = []
    metrics = (("analogy", "유추 정답률은", pct), ("wordsim353", "WordSim-353 ρ는", lambda x: f"{x:.3f}"))
    for i, (key, label, fmt) in enumerate(metrics):
        m = v[key]
        inside = m["workers1_min"] <= m["workers2_mean"] <= m["workers1_max"]
        last = i == len(metrics) - 1
        verdict = ("안에 듭니다" if last else "안에 들고") if inside else ("밖입니다" if last else "밖이고")
        clauses.append(f"{label} workers=2의 평균 {_josa(fmt(m['workers2_mean']), '이', '가')} workers=1의 범위 "
                       f"{fmt(m['workers1_min'])}–{fmt(m['workers1_max'])} {verdict}")
    one = q["w2vlib_cbow_ns_w1"]
    diffs = {key: v[name]["workers2_mean"] - sum(r[name] for r in one) / len(one)
             for key, name in (("analogy", "analogy"), ("ws353", "wordsim353"))}
    return (f"시드 {len(one)}개로 {_josa(q['settings'], '을', '를')} {q['epochs']}에폭씩 학습했을 때, "
            + ", ".join(clauses) + ". 두 평균의 차이(workers=2 − workers=1)를 " + seed_spread_sentence(diffs))


def stage_rows(data: dict | None = None) -> list[dict]:
    """4.3.4의 단계 행들 (:data:`~w2vlib.book.speedup_steps.STAGES` 순서, 책 → w2vlib 기본값)과 앞 행·첫 행 대비 배율."""
    from .speedup_steps import STAGES

    data = data or load()
    stages = [row(f"stage_{s.key}", data) for s in STAGES]
    out = []
    for i, r in enumerate(stages):
        t = r["times"]["min"]
        out.append({**r, "seconds": t, "vs_previous": stages[i - 1]["times"]["min"] / t if i else 1.0,
                    "vs_book": stages[0]["times"]["min"] / t})
    return out


def stage_table(data: dict | None = None):
    """4.3.4의 단계 표: 한 행이 한 가지 변경. 배치·옵티마이저·윈도우·메모리 재사용을 열로 적고, workers는 단계마다 다를
    때만 열로 적습니다 (모두 같으면 본문이 그 값을 말함: :func:`stage_workers`). 마지막 열 "잰 반복/한 에폭"의 앞 수가
    뒤 수보다 작은 행은 잰 반복으로 한 에폭을 늘려 잡은 값입니다."""
    stages = stage_rows(data)
    per_stage_workers = _common_workers(stages) is None
    rows = []
    for i, r in enumerate(stages):
        s, t = r["settings"], r["times"]
        measured = t["iterations_timed"] if t["extrapolated"] else t["iterations_per_epoch"]
        rows.append([str(i), _code_names(r["title"]), f"{s['batch_size']:,}", s["optimizer"],
                     "줄어드는" if s["window"] == "shrinking" else "고정",
                     *([str(s["workers"])] if per_stage_workers else []),
                     "켬" if s["reuse_memory"] else "끔", "—" if i == 0 else "예" if s["exact"] else "아니요",
                     format_duration(r["seconds"]), "" if i == 0 else f"×{r['vs_previous']:.1f}",
                     book_multiple(r["vs_book"]),
                     f"{measured:,}/{t['iterations_per_epoch']:,}"])
    header = ["#", "단계", "배치", "옵티마이저", "윈도우", *(["workers"] if per_stage_workers else []), "메모리 재사용",
              "같은 계산", "에폭당 시간", "앞 행 대비", "책 대비", "잰 반복/한 에폭"]
    return _table(header, rows, "rlrll" + ("r" if per_stage_workers else "") + "llrrrr")


def stage_workers(data: dict | None = None) -> int | None:
    """4.3.4의 모든 단계가 같은 ``workers``로 재었으면 그 값, 단계마다 다르면 None (그때 :func:`stage_table`이 열로 적음)."""
    return _common_workers(stage_rows(data))


def _common_workers(stages: list[dict]) -> int | None:
    values = {r["settings"]["workers"] for r in stages}
    return values.pop() if len(values) == 1 else None


def cost_table(names: list[str], data: dict | None = None):
    """비용 모형 표: 에폭당 GFLOP·GB, 하한, 실측, 거리(실측/하한)."""
    data = data or load()
    rows = []
    for n in names:
        r = row(n, data)
        c = r["cost_model"]
        rows.append([r["title"], f"{c['flops_per_epoch'] / 1e9:.1f}", f"{c['bytes_per_epoch'] / 1e9:.1f}",
                     format_duration(c["compute_bound_s"]), format_duration(c["cache_bound_s"]), format_duration(c["bound_s_per_epoch"]),
                     format_duration(r["times"]["per_epoch_min"]), times(c["distance"])])
    return _table(["학습", "GFLOP/에폭", "GB/에폭", "연산 하한", "캐시 하한", "하한", "실측/에폭", "하한 대비"], rows)


COST_MODEL_ROW = "w2vlib_cbow"
"""처리량을 읽어 오는 행: PTB 행들을 잰 실행(``benchmarks/suite.py --run``)에서 비용 모형이 쓴 처리량."""


def row_throughput(name: str = COST_MODEL_ROW, data: dict | None = None) -> dict:
    """행 ``name``의 비용 모형이 쓴 처리량 (``sgemm_flops``, ``cache_copy_bytes_per_s``, ``dram_copy_bytes_per_s``).

    처리량은 ``benchmarks/suite.py``를 부를 때마다 학습 뒤에 다시 재므로, 따로 재는 종류(``--kind nsmc`` 등)를 나중에 재면
    결과 파일의 ``machine.throughput``은 그때의 값입니다. 비용 모형의 하한은 행을 잰 그 실행의 값으로 계산했으므로, 책은
    그 행이 쓴 값을 읽습니다: 행에 적혀 있으면 그것(``cost_model.throughput``), 없으면 하한과 계산량에서 되돌려 구합니다
    (하한 = 계산량 / 처리량이라 정확히 같은 값)."""
    c = row(name, data or load())["cost_model"]
    if c.get("throughput"):
        return c["throughput"]
    return {"sgemm_flops": c["flops_per_epoch"] / c["compute_bound_s"],
            "cache_copy_bytes_per_s": c["bytes_per_epoch"] / c["cache_bound_s"],
            "dram_copy_bytes_per_s": c["bytes_per_epoch"] / c["dram_bound_s"]}


def throughput_text(data: dict | None = None) -> str:
    """비용 모형이 쓰는 이 기계의 처리량 한 줄 (:func:`row_throughput`: PTB 행을 잰 실행의 값)."""
    m = row_throughput(data=data)
    return (f"단일 코어 float32 행렬 곱(sgemm, 1024×1024) {m['sgemm_flops'] / 1e9:.1f} GFLOP/s, 캐시 안 복사(4 MB 배열) "
            f"{m['cache_copy_bytes_per_s'] / 1e9:.1f} GB/s, 주 메모리 복사(256 MB 배열) "
            f"{m['dram_copy_bytes_per_s'] / 1e9:.1f} GB/s (복사는 읽기와 쓰기 바이트를 합쳐 셈)")


SWEEP = ["sweep_b8000_lr0.03", "sweep_b16000_lr0.03", "w2vlib_cbow", "sweep_b64000_lr0.03", "sweep_b32000_lr0.01",
         "sweep_b32000_lr0.1"]
"""배치·학습률 훑기의 행 (기본값 배치 32,000, 학습률 0.03은 ``w2vlib_cbow`` 행)."""


def sweep_table(data: dict | None = None):
    """배치 크기·학습률을 하나씩 바꾼 CBOW 10에폭의 시간과 품질."""
    data = data or load()
    rows = []
    for n in SWEEP:
        r = row(n, data)
        s, q = r["settings"], r["quality"]
        rows.append([f"{s['batch_size']:,}", f"{s['lr']:g}", format_duration(r["times"]["min"]), pct(q["analogy"]),
                     f"{q['ws353']:.3f}", f"{q['simlex']:.3f}"])
    return _table(["배치", "학습률", "10에폭 시간", "유추", "WS-353 ρ", "SimLex ρ"], rows, "rrrrrr")


def micro_parts(name: str, data: dict | None = None) -> dict:
    """micro 행의 부분 이름 → 최소 시간(초)."""
    return {k: v["min"] for k, v in row(name, data)["times"]["parts"].items()}


def best_by_size(data: dict | None = None) -> dict[int, str]:
    """``micro_scatter``: 단어 ID 수 n마다 네 방법(:data:`w2vlib.book.scatter_methods.METHODS`) 가운데 가장 빠른 것."""
    parts = micro_parts("micro_scatter", data)
    out: dict[int, tuple[float, str]] = {}
    for key, t in parts.items():
        method, n = key.rsplit("|n", 1)
        if method.startswith("Embedding"):
            continue
        n = int(n)
        if n not in out or t < out[n][0]:
            out[n] = (t, method)
    return {n: m for n, (_, m) in sorted(out.items())}


# --------------------------------------------------------------------------- README·intro 문단

DOC_BEGIN = "<!-- benchmark:begin (w2vlib.book.results가 저장된 실행에서 만듭니다: python benchmarks/suite.py --publish) -->"
DOC_END = "<!-- benchmark:end -->"


def book_hours(data: dict | None = None) -> float:
    """책 그대로의 코드로 PTB 10에폭에 걸리는 시간(시간 단위, 늘려 잡은 값): 단계 ``book``의 에폭당 시간 × 10."""
    return 10 * seconds("stage_book", data) / 3600


def headline(data: dict | None = None) -> str:
    """README와 intro가 인용하는 문단: 책의 코드 대 w2vlib 대 gensim, workers, 품질, 기계."""
    data = data or load()
    ours, g1, g2 = row("w2vlib_cbow", data), row("gensim_cbow_w1", data), row("gensim_cbow_w2", data)
    w2, reuse = row("w2vlib_cbow_workers2", data), row("w2vlib_cbow_reuse_memory", data)
    epochs = ours["settings"]["epochs"]
    q = ours["quality"]
    book_total = seconds("stage_book", data) * epochs
    r1 = ours["times"]["min"] / g1["times"]["min"]
    noise = _noise(ours, g1)
    # compare()와 같은 규칙: 흔들림·SAME_RATIO 안이면 같음, 흔들림 안이면 단정하지 않음, 그 밖이면 방향과 배율
    if _gap(r1) <= min(noise, SAME_RATIO):
        versus = f"두 구현의 시간은 실행 사이 흔들림({noise:.0%}) 안에서 같습니다"
    elif _gap(r1) <= noise:
        versus = (f"`w2vlib`이 gensim보다 {times(r1)} 오래 걸렸지만" if r1 >= 1 else
                  f"`w2vlib`이 gensim보다 {times(1 / r1)} 빨랐지만") + f" 실행 사이 흔들림({noise:.0%}) 안의 차이입니다"
    else:
        versus = (f"`w2vlib`이 gensim보다 {times(r1)} 오래 걸립니다" if r1 >= 1
                  else f"`w2vlib`이 gensim보다 {times(1 / r1)} 빠릅니다")
    text = (f"PTB 전체(929,589토큰) CBOW {epochs}에폭(윈도우 5, 은닉층 100, 부정적 예 5개)의 학습 시간은 책의 코드(배치 100, "
            f"밀집 Adam 0.001, 고정 윈도우)로 약 {format_duration(book_total)}(반복 일부를 재서 늘려 잡은 값), `w2vlib` 기본 "
            f"설정(배치 {ours['settings']['batch_size']:,}, lazy Adam {ours['settings']['lr']:g}, 줄어드는 윈도우, "
            f"workers=1)으로 {ours['times']['min']:.1f}초, gensim(SGD {g1['settings']['lr']:g}, workers=1)으로 "
            f"{g1['times']['min']:.1f}초입니다 (코어 하나끼리 {versus}). 명령줄 도구(`python -m w2vlib.train`)는 프로세스의 "
            f"큰 배열 메모리를 재사용하도록 설정하고 학습해서 같은 학습이 {reuse['times']['min']:.1f}초입니다 (라이브러리 함수는 "
            f"프로세스 전체의 설정을 바꾸지 않아 기본값에서는 꺼져 있습니다). 코어 둘(workers=2: `w2vlib`은 프로세스 2개, gensim은 "
            f"스레드 2개)로는 `w2vlib` {w2['times']['min']:.1f}초, gensim {g2['times']['min']:.1f}초입니다. ")
    whole = [(data["rows"].get(f"w2vlib_cbow_ns_w{w}"), data["rows"].get(f"gensim_cbow_ns_w{w}")) for w in (1, 2)]
    if all(a and b for a, b in whole):                   # 4.4절 모델 × 코어 표의 행 (프로세스 전체)
        (a1, b1), (a2, b2) = ((a["times"]["process_min"], b["times"]["process_min"]) for a, b in whole)
        text += (f"파이썬이 시작해서 끝날 때까지의 프로세스 전체로 재면(CBOW {whole[0][0]['settings']['epochs']}에폭, "
                 f"`w2vlib`은 명령줄처럼 메모리 재사용, gensim은 토큰 문자열로 문장과 어휘를 만드는 시간 포함) 한 코어에서 "
                 f"`w2vlib` {a1:.1f}초 대 gensim {b1:.1f}초, 두 코어에서 {a2:.1f}초 대 {b2:.1f}초입니다 (4.4절의 모델 × 코어 "
                 f"표). ")
    text += (f"`w2vlib` 기본 설정의 구글 유추 정답률(3CosAdd)은 {pct(q['analogy'])}, WordSim-353 ρ {q['ws353']:.3f}입니다. "
             f"측정: {machine_line(data)}. 다시 재는 명령: `{SUITE_COMMAND} --run 이름`.")
    return text


def doc_block(data: dict | None = None) -> str:
    """README·intro의 표시 사이에 들어갈 글 (표시 포함)."""
    return f"{DOC_BEGIN}\n{headline(data)}\n{DOC_END}"


def replace_doc_block(text: str, data: dict | None = None) -> str:
    """글 ``text`` 안의 표시 사이를 :func:`doc_block`으로 바꿉니다 (표시가 없으면 ValueError)."""
    start, end = text.find(DOC_BEGIN), text.find(DOC_END)
    if start < 0 or end < start:
        raise ValueError("text: benchmark:begin/end 표시가 없습니다.")
    return text[:start] + doc_block(data) + text[end + len(DOC_END):]


# --------------------------------------------------------------------------- 4.3.4: 단계, 품질, 비용 모형

SEED_SPREAD = {"analogy": 0.005, "ws353": 0.05, "simlex": 0.03}
"""시드만 바꿨을 때의 흔들림 (PTB CBOW 10에폭, 여러 시드로 잰 값의 최솟값–최댓값 폭의 절반쯤, 올려 잡음): 이보다 작은 품질
차이는 우연의 범위입니다. 4.4절 Hogwild 표의 workers=1 시드 10개는 유추 4.58–5.56%(폭의 절반 0.49%p), WordSim-353 ρ
0.257–0.339(0.041)였고, 그 전 실행의 시드 5개는 ρ 0.260–0.360(0.050)이었습니다."""


def stage_timings(data: dict | None = None) -> list:
    """저장된 단계 행들을 :class:`w2vlib.book.speedup_steps.StageTiming` 목록으로 (그림 함수에 넘김)."""
    from .speedup_steps import STAGES, StageTiming

    by_key = {s.key: s for s in STAGES}
    out = []
    for r in stage_rows(data):
        t = r["times"]
        out.append(StageTiming(by_key[r["settings"]["stage"]], t["min"], t["iterations_timed"],
                               t["iterations_per_epoch"], t["extrapolated"]))
    return out


def stage_summary(data: dict | None = None) -> str:
    """단계 표 아래의 결론 (저장된 실행의 숫자로 만든 문장들)."""
    rows = stage_rows(data)
    book, last = rows[0], rows[-1]
    keys = [r["settings"]["stage"] for r in rows]
    small = rows[keys.index("incidence")]
    top = sorted(range(1, len(rows)), key=lambda i: -rows[i]["vs_previous"])[:3]
    after = small["seconds"] / last["seconds"]
    share = math.log(small["vs_book"]) / math.log(last["vs_book"]) if last["vs_book"] > 1 else float("nan")
    return "\n".join([
        f"책 그대로: 에폭당 {format_duration(book['seconds'])} → 10에폭이면 약 {format_duration(10 * book['seconds'])} (늘려 잡은 값).",
        f"마지막 단계 ({last['title']}, 메모리 재사용 {'켬' if last['settings']['reuse_memory'] else '끔'}): 에폭당 "
        f"{format_duration(last['seconds'])}, 책보다 {times(last['vs_book'])} 빠릅니다.",
        "앞 행 대비 배율이 가장 큰 세 단계: " + ", ".join(f"{rows[i]['title']} ×{rows[i]['vs_previous']:.1f}" for i in top)
        + ".",
        f"배치 100을 그대로 두고 바꾼 것만으로 (0~{keys.index('incidence')}행) 책보다 {times(small['vs_book'])} 빠르고, "
        + (f"배치를 키운 뒤의 단계들이 다시 {times(after)} 빠르게 합니다 (로그로 나누면 배치 100 안의 변경이 {share:.0%})."
           if after > 1 and 0 < share < 1 else
           f"배치를 키운 뒤의 단계들을 합치면 {times(1 / after)} 느려집니다 (이 실행에서는 배치 100 안의 변경이 전부입니다)."),
    ])


def quality_table(names: list[str], data: dict | None = None):
    """학습 행들의 품질 표 (설정과 함께)."""
    data = data or load()
    rows = []
    for n in names:
        r = row(n, data)
        q = quality(n, data)
        rows.append([r["title"], settings_text(r), pct(q["analogy"]), pct(q["semantic"]), pct(q["syntactic"]),
                     f"{q['ws353']:.3f}", f"{q['simlex']:.3f}"])
    return _table(["학습", "설정", "유추 전체", "의미", "문법", "WS-353 ρ", "SimLex ρ"], rows, "llrrrrr")


QUALITY_LABELS = {"analogy": "유추", "ws353": "WordSim-353 ρ", "simlex": "SimLex ρ"}
"""품질 지표(:func:`w2vlib.evaluation.benchmark_scores`의 키) → 문장에 쓰는 이름."""


def within_seed_spread(key: str, diff: float) -> bool:
    """품질 차이 ``diff`` (유추는 비율, ρ는 그대로)가 시드 흔들림 :data:`SEED_SPREAD` 안인지."""
    return abs(diff) <= SEED_SPREAD[key]


def _quality_diff(key: str, diff: float) -> str:
    return f"{100 * diff:+.2f}%p" if key == "analogy" else f"{diff:+.3f}"


def seed_spread_sentence(diffs: dict[str, float]) -> str:
    """이 노트북에서 학습한 두 모델의 품질 차이들 (지표 → 차이, 예: ``{"analogy": -0.004, "ws353": -0.051}``)을
    시드 흔들림 :data:`SEED_SPREAD`와 견준 한 문장. 책의 모든 페이지가 같은 흔들림 값을 쓰게 합니다."""
    bands = ", ".join(f"{QUALITY_LABELS[k]} 약 ±" + (f"{100 * SEED_SPREAD[k]:.1f}%p" if k == "analogy"
                                                       else f"{SEED_SPREAD[k]:.2f}") for k in diffs)
    inside = [within_seed_spread(key, d) for key, d in diffs.items()]
    if len(diffs) > 1 and len(set(inside)) == 1:        # 모두 같은 판정이면 한 번만 말합니다
        names = "와 ".join(f"{QUALITY_LABELS[k]} 차이({_quality_diff(k, d)})" for k, d in diffs.items())
        return (f"시드에 따른 흔들림({bands})과 견주면 {names}는 모두 "
                + ("흔들림 안에 있습니다." if inside[0] else "흔들림보다 큽니다."))
    clauses = []
    for i, (key, d) in enumerate(diffs.items()):
        last = i == len(diffs) - 1
        verdict = (("흔들림 안에 있습니다" if last else "흔들림 안에 있고") if within_seed_spread(key, d)
                   else ("흔들림보다 큽니다" if last else "흔들림보다 크고"))
        clauses.append(f"{QUALITY_LABELS[key]} 차이({_quality_diff(key, d)})는 {verdict}")
    return f"시드에 따른 흔들림({bands})과 견주면 " + ", ".join(clauses) + "."


def quality_sentence(a: str, b: str, data: dict | None = None) -> str:
    """두 행의 품질 차이를 시드 흔들림(:data:`SEED_SPREAD`)과 견준 문장."""
    data = data or load()
    qa, qb = quality(a, data), quality(b, data)
    ta, tb = row(a, data)["title"], row(b, data)["title"]
    parts = []
    for key, label in QUALITY_LABELS.items():
        d = qa[key] - qb[key]
        shown = _quality_diff(key, d)
        if within_seed_spread(key, d):
            parts.append(f"{label} {shown} (시드 흔들림 안)")
        else:
            parts.append(f"{label} {shown} ({_josa(ta, '이', '가')} {'높음' if d > 0 else '낮음'})")
    return f"{ta} − {tb}: " + ", ".join(parts) + "."


def distance_sentence(names: list[str], data: dict | None = None) -> str:
    """비용 모형 표 아래의 결론: 각 구현이 하한의 몇 배인지."""
    data = data or load()
    parts = [f"{_josa(row(n, data)['title'], '은', '는')} 하한의 {times(row(n, data)['cost_model']['distance'])}" for n in names]
    return "에폭당 실측 시간으로 보면 " + ", ".join(parts) + "입니다."


def sweep_summary(data: dict | None = None) -> str:
    """배치·학습률 훑기 표 아래의 결론."""
    data = data or load()
    rs = [row(n, data) for n in SWEEP]
    fastest = min(rs, key=lambda r: r["times"]["min"])
    best = max(rs, key=lambda r: r["quality"]["analogy"])
    base = row("w2vlib_cbow", data)
    gap = best["quality"]["analogy"] - base["quality"]["analogy"]
    first = (f"가장 빠른 설정은 배치 {fastest['settings']['batch_size']:,}·학습률 {fastest['settings']['lr']:g} "
             f"({format_duration(fastest['times']['min'])}, 유추 {pct(fastest['quality']['analogy'])})입니다. ")
    if best == base:
        return first + (f"유추가 가장 높은 설정은 기본값(배치 32,000, 학습률 0.03) 자체로, {format_duration(base['times']['min'])}에 "
                        f"유추 {pct(base['quality']['analogy'])}입니다.")
    near = ("시드 흔들림 안에서 가장 좋은 점수와 같습니다" if gap <= SEED_SPREAD["analogy"]
            else f"가장 좋은 점수보다 {100 * gap:.2f}%p 낮습니다")
    return first + (f"유추가 가장 높은 설정은 배치 {best['settings']['batch_size']:,}·학습률 {best['settings']['lr']:g} "
                    f"({pct(best['quality']['analogy'])})이고, 기본값(배치 32,000, 학습률 0.03)은 "
                    f"{format_duration(base['times']['min'])}에 유추 {pct(base['quality']['analogy'])}로 {near}.")


# --------------------------------------------------------------------------- 4.3: 책의 한 반복, skip-gram

BOOK_PARTS = [("forward", "순전파 (샘플러 포함)"), ("sampler", "\u3000그중 부정적 예 샘플러 (4.2절의 표와 같은 측정)"),
              ("backward", "역전파 (밀집 V×H 기울기 16개: 0으로 채우기 + np.add.at)"), ("remove_duplicate", "remove_duplicate"),
              ("adam_book", "Adam 갱신 (책: lr_t가 np.float64 → float64로 계산)"),
              ("adam_float", "Adam 갱신 (lr_t를 파이썬 float로)")]


def book_iteration_total(data: dict | None = None) -> float:
    """책의 한 반복(배치 100)의 부분별 최솟값의 합 (초): 순전파 + 역전파 + remove_duplicate + 책의 Adam."""
    p = micro_parts("micro_book_iteration", data)
    return p["forward"] + p["backward"] + p["remove_duplicate"] + p["adam_book"]


def book_iteration_table(data: dict | None = None):
    """책의 한 반복(배치 100)의 부분별 시간과 비율 (``micro_book_iteration`` 행)."""
    p = dict(micro_parts("micro_book_iteration", data))
    # 샘플러 한 번의 시간은 4.2절의 표와 같은 측정을 씁니다 (같은 양이 두 쪽에서 다르게 읽히지 않게)
    p["sampler"] = micro_parts("micro_negative_sampling", data)["sampler_book"]
    total = book_iteration_total(data)
    rows = [[_code_names(label), f"{1e3 * p[k]:.1f}", "—" if k == "adam_float" else f"{p[k] / total:.0%}"]
            for k, label in BOOK_PARTS]
    rows.append(["**합계 (책 그대로)**", f"**{1e3 * total:.1f}**", "100%"])
    return _table(["단계", "반복당 시간 (ms)", "책의 한 반복에서 차지하는 비율"], rows)


def skipgram_summary(data: dict | None = None) -> str:
    """skip-gram 대 CBOW의 에폭당 시간 비를, 손실 횟수의 비와 비용 모형의 연산량 비와 견준 문장들."""
    data = data or load()
    sg, cb = row("w2vlib_skipgram", data), row("w2vlib_cbow", data)
    measured = sg["times"]["per_epoch_min"] / cb["times"]["per_epoch_min"]
    c = cb["cost_model"]["context_words"]
    flops = sg["cost_model"]["flops_per_epoch"] / cb["cost_model"]["flops_per_epoch"]
    steps = (cb["settings"]["batch_size"] / sg["settings"]["batch_size"])
    return "\n".join([
        f"에폭당 시간 (저장된 실행): skip-gram {format_duration(sg['times']['per_epoch_min'])}, CBOW "
        f"{format_duration(cb['times']['per_epoch_min'])} → skip-gram이 {measured:.1f}배",
        f"손실 계산 횟수의 비 (타깃당 평균 맥락 수 c̄): {c:.0f}배",
        f"비용 모형의 연산량 비 (CBOW는 맥락 평균·갱신도 함): {flops:.1f}배",
        f"에폭당 반복 수의 비 (배치 {sg['settings']['batch_size']:,} 대 {cb['settings']['batch_size']:,}): {steps:.0f}배",
        f"→ 잰 배율 {measured:.1f}배는 " + (
            f"연산량의 비({flops:.1f}배)와 손실 횟수의 비({c:.0f}배) 사이에 있습니다." if flops <= measured <= c else
            f"연산량의 비({flops:.1f}배)보다 작습니다: 반복이 {steps:.0f}배 많은데도 그렇다는 것은 같은 연산을 skip-gram 쪽이 "
            "더 빨리 한다는 뜻입니다 (타깃마다 한 번에 하는 큰 곱)."
            if measured < flops else
            f"손실 횟수의 비({c:.0f}배)보다 큽니다: 반복 수가 {steps:.0f}배라 반복마다의 고정 비용이 크게 더해집니다."),
    ])


# --------------------------------------------------------------------------- 4.1, 4.2

def scatter_table(n: int, data: dict | None = None):
    """``micro_scatter``: 단어 ID ``n``개의 행 기울기를 (V, H)에 더하는 방법들의 시간과 책의 방법(2차원 np.add.at) 대비 속도."""
    parts = {k.rsplit("|n", 1)[0]: t for k, t in micro_parts("micro_scatter", data).items() if k.endswith(f"|n{n}")}
    base = parts["np.add.at (2차원)"]
    rows = [[_code_names(name), f"{t * 1e3:.2f}", times(base / t)] for name, t in parts.items()]
    return _table(["방법", "시간 (ms)", "책의 방법 대비 속도"], rows)


def lookup_ratios(data: dict | None = None, H: int = 100, N: int = 100) -> dict[int, float]:
    """``micro_lookup``: 어휘 수 V → (원핫 생성 + 곱 시간) / (행 읽기 시간), 은닉층 크기 ``H``·단어 ID 수 ``N``에서."""
    sweep = lookup_sweep(data, H=H, N=N)
    return {int(V): float(a / b) for V, a, b in zip(sweep["V"], sweep["onehot_s"], sweep["lookup_s"])}


def lookup_grid(data: dict | None = None) -> list[dict]:
    """``micro_lookup``의 격자 전체를 4.1 탐색기(:func:`w2vlib.book.explore.embedding_cost`)의 ``timings`` 형식으로.

    Returns
    -------
    list of dict: ``{"V", "H", "N"}`` (int)와 ``"onehot_us"``, ``"lookup_us"`` (마이크로초, 유효숫자 3자리), ``"speedup"``
    (반올림하기 전의 두 시간의 비를 :func:`times`로 쓴 글자, 예: "808배": 4.1의 출력과 같은 배율)
    """
    from .onehot_cost import grid_key

    s = row("micro_lookup", data)["settings"]
    p = micro_parts("micro_lookup", data)
    grid = []
    for V in s["V"]:
        for H in s["H"]:
            for N in s["N"]:
                onehot, lookup = p[grid_key("onehot", V, H, N)], p[grid_key("lookup", V, H, N)]
                grid.append({"V": V, "H": H, "N": N, "onehot_us": float(f"{onehot * 1e6:.3g}"),
                             "lookup_us": float(f"{lookup * 1e6:.3g}"), "speedup": times(onehot / lookup)})
    return grid


def lookup_sweep(data: dict | None = None, H: int = 100, N: int = 100) -> dict:
    """``micro_lookup``에서 ``H``·``N``을 고정하고 어휘 수 V를 바꾼 줄 (:func:`w2vlib.book.onehot_cost.plot_sweep`의 입력).

    Returns
    -------
    dict: ``"V"`` (m,) int, ``"onehot_s"``·``"lookup_s"`` (m,) float 초, ``"onehot_bytes"`` (m,) int (N × V의 4바이트
    원핫), ``"idx_bytes"`` (m,) int (int64 단어 ID N 개)
    """
    import numpy as np

    from .onehot_cost import grid_key

    s = row("micro_lookup", data)["settings"]
    if H not in s["H"] or N not in s["N"]:
        raise ValueError(f"H, N: 저장된 격자에 없는 값입니다 (H ∈ {s['H']}, N ∈ {s['N']}; 받은 값 H = {H}, N = {N}).")
    p = micro_parts("micro_lookup", data)
    Vs = np.asarray(s["V"])
    return {"V": Vs, "onehot_s": np.array([p[grid_key("onehot", V, H, N)] for V in s["V"]]),
            "lookup_s": np.array([p[grid_key("lookup", V, H, N)] for V in s["V"]]),
            "onehot_bytes": N * Vs * 4, "idx_bytes": np.full(len(Vs), N * 8)}


def per_word_costs(data: dict | None = None) -> dict:
    """``micro_loss_per_word``: 부록 A.8의 세 손실의 샘플 하나당 순전파 + 역전파 시간 (:func:`~w2vlib.book.loss_cost.plot_per_word`의 입력).

    Returns
    -------
    dict: ``"V"`` (m,) int, :data:`~w2vlib.book.loss_cost.NAMES`의 이름마다 (m,) float 초
    """
    import numpy as np

    from .loss_cost import KEYS, NAMES

    Vs = row("micro_loss_per_word", data)["settings"]["V"]
    p = micro_parts("micro_loss_per_word", data)
    return {"V": np.asarray(Vs)} | {name: np.array([p[f"{key}|V{V}"] for V in Vs]) for key, name in zip(KEYS, NAMES)}


def output_cost_summary(data: dict | None = None) -> str:
    """4.2: 센 배율(계산 횟수의 비 V/(k+1))과 잰 배율(시간의 비)을, 작은 쪽의 고정 비용으로 설명하는 문장들."""
    data = data or load()
    s = row("micro_output", data)["settings"]
    p = micro_parts("micro_output", data)
    N, H, k = s["N"], s["H"], s["k"]
    flops = row_throughput(data=data)["sgemm_flops"]                  # micro_output과 같은 실행에서 잰 처리량
    lines = []
    for V in s["V"]:
        soft, sig = p[f"softmax_V{V}"], p[f"sigmoid_V{V}"]
        lines.append(f"V = {V:>9,}: 센 배율 {V / (k + 1):>10,.1f}배, 잰 배율 {soft / sig:>9,.1f}배 "
                     f"(소프트맥스 {format_duration(soft)}, 시그모이드 {format_duration(sig)})")
    sig_times = [p[f"sigmoid_V{V}"] for V in s["V"]]
    arithmetic = 2 * N * (k + 1) * H / flops
    lines.append(f"시그모이드 쪽 시간은 V와 상관없이 {format_duration(min(sig_times))}~{format_duration(max(sig_times))}입니다. 그 계산"
                 f"(곱셈-덧셈 {N * (k + 1) * H:,}번)은 이 기계의 행렬 곱 처리량으로 {format_duration(arithmetic)}이면 끝나므로, "
                 f"시그모이드 쪽 시간의 {math.floor(100 * (1 - arithmetic / min(sig_times)))}% 이상은 계산이 아니라 numpy 함수를 부르고 작은 "
                 f"임시 배열을 만드는 고정 비용입니다.")
    return "\n".join(lines)


def negative_sampling_table(data: dict | None = None):
    """4.2: 샘플러와 손실(순전파+역전파)의 책 대 w2vlib 시간 (``micro_negative_sampling``)."""
    p = micro_parts("micro_negative_sampling", data)
    rows = [["샘플러 (배치 하나)", "책", f"{p['sampler_book'] * 1e3:.3f}", "—"],
            ["", "w2vlib", f"{p['sampler_w2vlib'] * 1e3:.3f}", times(p["sampler_book"] / p["sampler_w2vlib"])],
            ["손실 순전파+역전파 (같은 부정적 예)", "책", f"{p['loss_book'] * 1e3:.3f}", "—"],
            ["", "w2vlib (밀집 dW)", f"{p['loss_w2vlib_dense'] * 1e3:.3f}", times(p["loss_book"] / p["loss_w2vlib_dense"])],
            ["", "w2vlib (sparse=True)", f"{p['loss_w2vlib_sparse'] * 1e3:.3f}",
             times(p["loss_book"] / p["loss_w2vlib_sparse"])]]
    return _table(["측정", "구현", "시간 (ms)", "책 대비 속도"], rows, "llrr")
