"""바이트 수, 시간, 비율을 사람이 읽는 글자로 (책 전체에서 한 가지 형식)."""
from __future__ import annotations

from .._checks import format_bytes  # noqa: F401  re-export  (오류 메시지와 같은 형식: 책 전체에서 하나)


def format_duration(seconds: float) -> str:
    """사람이 읽기 쉬운 시간 (책 전체에서 한 가지 형식): 1 ms 미만은 "12.3 µs", 1초 미만은 "1.23 ms"·"123 ms",
    90초 미만은 "12.3초", 1시간 미만은 "4.5분", 그 이상은 "1.3시간"."""
    if seconds < 1e-3:
        return f"{seconds * 1e6:,.1f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:,.2f} ms" if seconds < 0.1 else f"{seconds * 1e3:,.0f} ms"
    if seconds < 90:
        return f"{seconds:.1f}초"
    if seconds < 3600:
        return f"{seconds / 60:.1f}분"
    return f"{seconds / 3600:.1f}시간"


def format_percent(x: float, digits: int = 2) -> str:
    """비율(0~1) → "4.92%"."""
    return f"{100 * x:.{digits}f}%"


def format_plain_number(v: float, _pos=None) -> str:
    """눈금 이름용 보통 숫자: 1 이상은 "1,000", 1 미만은 "0.01" (matplotlib ``FuncFormatter``에 그대로 씁니다)."""
    return f"{v:,.0f}" if v >= 1 else f"{v:g}"
