"""The Economics tab in a real Chromium against a real `advisor serve`."""

from __future__ import annotations

import time
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def page(browser: Any, server_url: str) -> Any:
    context = browser.new_context(viewport={"width": 1200, "height": 1400})
    page = context.new_page()
    page.goto(server_url, wait_until="load")
    page.get_by_role("tab", name="Economics").click()
    page.wait_for_selector("#econ-users input", timeout=120_000)
    yield page
    context.close()


def _wait_for(page: Any, selector: str, text: str, timeout_s: float = 60) -> str:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        content = str(page.locator(selector).inner_text())
        if text in content:
            return content
        time.sleep(0.5)
    pytest.fail(f"{text!r} never appeared in {selector}")


def test_fill_the_form_see_the_result_and_the_chart(page: Any) -> None:
    page.fill("#econ-users input", "1000")
    page.fill("#econ-requests input", "40")
    page.locator("#econ-requests input").press("Tab")
    page.click("#econ-calculate")
    # 1,000 users x 1,200 requests x $0.000465 on GPT-4o mini = $558.00.
    result = _wait_for(page, "#econ-result", "$558.00")
    assert "Formula:" in result and "OpenAI GPT-4o mini" in result
    chart = page.locator("#econ-chart")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not chart.locator("canvas, svg").count():
        time.sleep(0.5)
    assert chart.locator("canvas, svg").count() > 0, "the margin chart did not draw"
    legend = str(chart.inner_text())
    assert "seat" in legend and "usage" in legend and "outcome" in legend
    assert "Claude Sonnet" in str(page.locator("#econ-prices").inner_text())
