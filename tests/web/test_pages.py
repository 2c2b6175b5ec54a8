"""The web page in a real browser: list, story, highlighted citations, no script from articles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow


def _story(records: dict, story_id: str) -> dict:
    return next(s for s in records["stories"] if s["id"] == story_id)


def _text(records: dict, article_id: str) -> str:
    return next(a["text"] for a in records["articles"] if a["id"] == article_id)


def test_list_shows_stories_with_sources(page: Any, site: Any) -> None:
    page.goto(site.url + "/")
    cards = page.locator(".story-card")
    assert cards.count() == 2
    assert (
        cards.nth(0).locator(".title").inner_text() == "Floods force hundreds from Marrowby homes"
    )
    assert cards.nth(0).locator(".sources").inner_text() == "3 independent sources"
    assert cards.nth(1).locator(".sources").inner_text() == "1 independent source"
    assert page.problems == []


@pytest.mark.parametrize(("sentence", "cite"), [(0, "s0-0"), (1, "s1-0"), (1, "s1-1")])
def test_summary_click_highlights_cited_passage(
    page: Any, site: Any, records: dict, sentence: int, cite: str
) -> None:
    page.goto(site.url + "/")
    page.locator(".story-card .title").first.click()
    page.wait_for_url("**/stories/st-flood")
    page.locator(".summary .sentence").nth(sentence).click()
    citation = _story(records, "st-flood")["summary"][sentence]["citations"][int(cite[-1])]
    expected = _text(records, citation["article_id"])[citation["start"] : citation["end"]]
    marked = page.locator(f'[data-cite~="{cite}"]')
    assert marked.count() >= 1
    assert "".join(marked.all_inner_texts()) == expected
    assert all("hl" in (c or "") for c in marked.evaluate_all("els => els.map(e => e.className)"))
    assert marked.first.is_visible()
    assert page.problems == []


def test_summary_hover_highlights_only_its_citations(page: Any, site: Any) -> None:
    page.goto(site.url + "/stories/st-flood")
    for n in (0, 2):
        page.locator(".summary .sentence").nth(n).hover()
        cites = page.locator(".hl").evaluate_all("els => els.map(e => e.dataset.cite.split(' '))")
        assert cites
        assert all(f"s{n}-0" in c for c in cites)
        assert len(cites) == page.locator(f'[data-cite~="s{n}-0"]').count()


@pytest.mark.parametrize(
    "path", ["/stories/st-flood", "/articles/evil.json:1", "/?q=blankets", "/?q=shelter"]
)
def test_malicious_article_runs_no_script(page: Any, site: Any, path: str) -> None:
    page.goto(site.url + path)
    page.locator("details").evaluate_all("els => els.forEach(d => d.open = true)")
    for el in page.locator("[data-cites]").all():
        el.dispatch_event("mouseenter")
        el.dispatch_event("click")
    page.hover("body")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("script").count() == 1  # only our own /static/chorus.js
    assert page.locator("img").count() == 0
    assert page.locator('a[href^="javascript"]').count() == 0
    assert [p for p in page.problems if not p.startswith("console")] == []


def test_malicious_article_shows_markup_as_text(page: Any, site: Any) -> None:
    page.goto(site.url + "/stories/st-flood")
    body = page.locator("#art-3 .body").text_content()
    assert "<script>window.__pwned = 1</script>" in body
    assert '<img src=x onerror="window.__pwned = 2">' in body
    outlet = page.locator("#art-3 .outlet").inner_text()
    assert outlet == '<b onmouseover="window.__pwned=4">Evil Post</b>'


def test_story_page_shows_understanding(page: Any, site: Any) -> None:
    page.goto(site.url + "/stories/st-flood")
    rows = page.locator("section.facts > .scroll table.matrix tbody tr")
    assert rows.evaluate_all("els => els.map(e => e.className)") == ["conflict", "agreed"]
    conflict = page.locator("table.matrix tr.conflict td.conflict")
    assert conflict.all_inner_texts() == ["300", "250"]
    singles = page.locator("details.singles")
    assert singles.locator("summary").inner_text() == "1 fact only one outlet reports"
    assert singles.locator("tr.single td.single").count() == 1
    assert page.locator(".speaker h3").first.inner_text() == "Elena Voss 2"
    labels = page.locator("svg.axis .dot text").evaluate_all("els => els.map(e => e.textContent)")
    assert labels == ["1", "2–3"]
    assert page.locator("svg.axis .dot.context").count() == 1
    assert page.locator("ol.events time").all_inner_texts() == [
        "1998-03",
        "2024-06-18",
        "2024-06-21",
    ]
    assert page.locator("#art-1 a", has_text="original").get_attribute("href") == (
        "https://gazette.example/flood"
    )
    assert page.locator("#art-3 a", has_text="original").count() == 0
    removed = page.locator("#art-1 details.removed")
    removed.locator("summary").click()
    assert removed.locator(".reason").all_inner_texts() == ["cookie notice", "follow link"]
    assert page.problems == []


@pytest.mark.parametrize(("name", "width", "height"), [("laptop", 1280, 800), ("phone", 390, 844)])
def test_story_page_screenshot_fits_width(
    browser: Any, site: Any, screenshots: Path, name: str, width: int, height: int
) -> None:
    context = browser.new_context(
        viewport={"width": width, "height": height}, reduced_motion="reduce"
    )
    page = context.new_page()
    page.goto(site.url + "/stories/st-flood")
    page.locator(".summary .sentence").nth(1).click()
    page.evaluate("window.scrollTo(0, 0)")
    target = screenshots / f"story-{name}.png"
    page.screenshot(path=str(target), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert target.stat().st_size > 10_000
    assert overflow <= width


def test_story_page_links_earlier_coverage(page: Any, site: Any) -> None:
    page.goto(site.url + "/stories/st-flood")
    links = page.locator(".related a")
    assert links.all_inner_texts() == ["Brindle county fair opens"]
    links.first.click()
    page.wait_for_url("**/stories/st-fair")
    assert page.locator("h1").inner_text() == "Brindle county fair opens"


def test_search_box_finds_and_marks(page: Any, site: Any) -> None:
    page.goto(site.url + "/")
    page.fill("input[name=q]", "crested")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/?q=crested")
    assert page.locator(".hit mark").all_inner_texts() == ["crested", "crested"]
    assert page.problems == []
