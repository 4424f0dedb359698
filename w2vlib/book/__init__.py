"""w2vlib.book: 책(노트북)을 위한 가르치는 코드.

핵심 패키지(``w2vlib``)는 numpy·scipy·tqdm만 쓰고, 이 하위 패키지는 노트북이 되풀이하는 일을 모읍니다:
책 원본 구현(:mod:`~w2vlib.book.reference`), 한 단계씩 바꾼 구성(:mod:`~w2vlib.book.speedup_steps`),
탐색기(:mod:`~w2vlib.book.explore`), 그림(:mod:`~w2vlib.book.plotting`), 수치 미분(:mod:`~w2vlib.book.gradcheck`),
scatter-add 비교(:mod:`~w2vlib.book.scatter_methods`),
시간 재기(:mod:`~w2vlib.book.timing`), 바이트·시간 형식(:mod:`~w2vlib.book.formatting`), 마크다운 표
(:mod:`~w2vlib.book.tables`), 그림 모양(:mod:`~w2vlib.book.figures`),
4.5절(한국어)의 표·탐색기(:mod:`~w2vlib.book.korean`). 그림·위젯 의존성은 ``pip install "w2vlib[book]"``로 설치합니다.
"""
