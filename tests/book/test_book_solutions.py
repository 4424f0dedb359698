"""연습문제 풀이: 코드, 출력, 설명이 모두 닫힌 해답 상자 안에 있고, 제목을 누르기 전에는 보이지 않는지 (헤드리스 Chromium).

책은 저장된 출력으로 빌드합니다 (conftest의 ``built_html``).
"""
from __future__ import annotations

import pytest

CHAPTERS = ["4_1_embedding", "4_2_negative_sampling", "4_3_cbow_ptb", "4_4_remaining_topics",
            "appendix_a_hierarchical_softmax"]


@pytest.fixture()
def page(browser):
    pg = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    pg.close()


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_solutions_hidden_until_clicked(built_html, page, chapter):
    page.goto((built_html / "chapters" / f"{chapter}.html").as_uri())
    page.wait_for_load_state("load")
    exercises = page.locator("div.exercise")
    solutions = page.locator("div.solution")
    n = solutions.count()
    assert n >= 4 and exercises.count() == n, f"{chapter}: 연습 {exercises.count()}개, 해답 {n}개"
    for i in range(n):
        sol = solutions.nth(i)
        content = sol.locator("section#solution-content")
        # 풀이 안에 코드, 그 출력, 한국어 설명 문단이 모두 들어 있어야 함
        assert sol.locator(".cell_input").count() >= 1, f"{chapter} 해답 {i + 1}: 코드 없음"
        assert sol.locator(".cell_output").count() >= 1, f"{chapter} 해답 {i + 1}: 출력 없음"
        prose = [t for t in sol.locator("section#solution-content > p").all_text_contents() if t.strip()]
        assert prose, f"{chapter} 해답 {i + 1}: 설명 문단 없음"
        output = sol.locator(".cell_output").first
        assert not content.is_visible() and not output.is_visible(), f"{chapter} 해답 {i + 1}이 처음부터 보입니다"
        title = sol.locator(".admonition-title").first
        assert title.inner_text().startswith("해답")
        title.click()
        output.wait_for(state="visible", timeout=5000)
        assert content.is_visible()
        title.click()  # 다시 누르면 닫힘
        output.wait_for(state="hidden", timeout=5000)
