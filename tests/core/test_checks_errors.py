"""w2vlib._checks: 오류가 인자 이름을 데이터(``argument``)로 갖고, 예전처럼 ValueError/TypeError/IndexError로도 잡히는지."""
import numpy as np
import pytest

from w2vlib import _checks
from w2vlib._checks import ArgumentError, one_of


@pytest.mark.parametrize("call, kind, argument", [
    (lambda: _checks.positive_int("epochs", 0), ValueError, "epochs"),
    (lambda: _checks.positive_float("lr", "0.1"), TypeError, "lr"),
    (lambda: _checks.as_index_array("target", [0, 5], upper=3), IndexError, "target"),
    (lambda: _checks.as_float_array("W", np.array([1, 2])), TypeError, "W"),
    (lambda: _checks.same_length("contexts", np.zeros(3), "target", np.zeros(2)), ValueError, "target"),
    (lambda: one_of("model", "glove", ("cbow", "skipgram")), ValueError, "model"),
])
def test_errors_carry_argument_name(call, kind, argument):
    with pytest.raises(kind) as info:
        call()
    assert isinstance(info.value, ArgumentError)
    assert info.value.argument == argument
    assert str(info.value).startswith(argument) or argument in str(info.value)


def test_one_of_accepts_member_and_names_choices():
    assert one_of("loss", "ns", ("ns", "hs")) == "ns"
    with pytest.raises(ValueError, match=r"loss: 'ns', 'hs' 중 하나여야 합니다 \(받은 값: 'x'\)"):
        one_of("loss", "x", ("ns", "hs"))
    with pytest.raises(ValueError, match="받은 값: \\[1\\]"):
        one_of("loss", [1], ("ns", "hs"))   # 해시할 수 없는 값도 깔끔한 오류
