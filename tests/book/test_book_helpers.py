"""w2vlib.book의 timing·formatting·tables·figures: 노트북이 쓰는 한 가지 측정·형식·표·그림 도우미."""
import matplotlib

matplotlib.use("Agg")

from w2vlib.book.plotting import use_korean_font  # noqa: E402

use_korean_font()

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from w2vlib._checks import ArgumentError  # noqa: E402
from w2vlib.book import figures, formatting, tables, timing  # noqa: E402


@pytest.mark.parametrize("n, text", [(0, "0 B"), (1023, "1,023 B"), (1024, "1.0 KiB"), (8000, "7.8 KiB"),
                                     (1_042_022, "1,017.6 KiB"), (40_000_000, "38.1 MiB"), (2 ** 40, "1.0 TiB")])
def test_format_bytes(n, text):
    assert formatting.format_bytes(n) == text


@pytest.mark.parametrize("seconds, text", [(5e-4, "500.0 µs"), (0.0123, "12.30 ms"), (0.5, "500 ms"), (1.234, "1.2초"), (89.9, "89.9초"), (90, "1.5분"), (642, "10.7분"),
                                           (3599, "60.0분"), (4560, "1.3시간")])
def test_format_duration(seconds, text):
    assert formatting.format_duration(seconds) == text


def test_format_percent_and_plain_number():
    assert formatting.format_percent(0.04921) == "4.92%"
    assert formatting.format_percent(0.5, digits=0) == "50%"
    assert formatting.format_plain_number(100_000) == "100,000"
    assert formatting.format_plain_number(0.01) == "0.01"


def test_markdown_table_alignment_and_values():
    text = tables.markdown_lines(["이름", "값"], [("a", 1), ("b", "2.0%")])
    assert text.splitlines() == ["| 이름 | 값 |", "|---|---:|", "| a | 1 |", "| b | 2.0% |"]
    assert tables.markdown_lines(["a", "b", "c"], [], align="lcr").splitlines()[1] == "|---|:---:|---:|"
    assert tables.markdown_table(["a"], [("x",)]).data == "| a |\n|---|\n| x |"


@pytest.mark.parametrize("kwargs, argument", [(dict(align="lx"), "align"), (dict(align="l"), "align"),
                                              (dict(rows=[(1, 2, 3)]), "rows")])
def test_markdown_table_bad_input_names_argument(kwargs, argument):
    call = dict(header=["a", "b"], rows=[(1, 2)]) | kwargs
    with pytest.raises(ValueError) as info:
        tables.markdown_lines(**call)
    assert isinstance(info.value, ArgumentError) and info.value.argument == argument


def test_escape_markdown_and_code_names():
    assert tables.escape_markdown("<unk> costs $ 5 | a_b *x*") == "&lt;unk&gt; costs \\$ 5 \\| a\\_b \\*x\\*"
    assert tables.code_names("np.add.at으로 더함") == "`np.add.at`으로 더함"
    assert tables.code_names("EmbeddingDot 계층") == "EmbeddingDot 계층"


def test_best_time_divides_by_number_and_calibrates():
    calls = []
    t = timing.best_time(lambda: calls.append(1), repeat=3, number=7)
    assert len(calls) == 21 and t >= 0
    calls.clear()
    timing.best_time(lambda: calls.append(1), repeat=2)        # 아주 짧은 작업: 묶음 크기를 늘려 잼
    assert len(calls) > 100


def test_best_time_setup_runs_outside_and_passes_its_value():
    made, seen = [], []
    timing.best_time(lambda arg: seen.append(arg), repeat=4, setup=lambda: made.append(len(made)) or len(made))
    assert seen == [1, 2, 3, 4] and len(made) == 4


@pytest.mark.parametrize("kwargs, argument", [(dict(repeat=0), "repeat"), (dict(number=0), "number"),
                                              (dict(min_total=-1.0), "min_total")])
def test_best_time_bad_input(kwargs, argument):
    with pytest.raises(ArgumentError) as info:
        timing.best_time(lambda: None, **kwargs)
    assert info.value.argument == argument


def test_step_timer_keeps_minimum_per_step_in_order():
    timer = timing.StepTimer()
    for _ in range(3):
        with timer("b"):
            pass
        with timer("a"):
            sum(range(1000))
    best = timer.best()
    assert list(best) == ["b", "a"]
    assert best["a"] == min(timer.times["a"]) and len(timer.times["a"]) == 3


def test_style_axes_and_plots():
    fig, (ax1, ax2) = plt.subplots(1, 2)
    figures.line_plot(ax1, [1, 10, 100], {"가": [1, 2, 3], "나": [3, 2, 1]}, logx=True, plain=True, xlabel="V",
                      title="제목")
    assert ax1.get_xscale() == "log" and ax1.get_xlabel() == "V" and ax1.get_title() == "제목"
    assert [t.get_text() for t in ax1.get_legend().get_texts()] == ["가", "나"]
    assert ax1.xaxis.get_major_formatter()(1000, 0) == "1,000"
    figures.barh_with_labels(ax2, ["a", "b"], [1.0, 100.0], ["1 µs", "100 µs"])
    assert ax2.get_xlim() == (0.5, 2000.0) and ax2.yaxis_inverted()
    assert {t.get_text() for t in ax2.texts} == {"1 µs", "100 µs"}
    plt.close(fig)
