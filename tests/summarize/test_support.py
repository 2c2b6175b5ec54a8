"""Support: whole sentences of other articles that state a summary sentence in other words."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from chorus.ingest import read_inputs
from chorus.records import Article, Citation, SummarySentence
from chorus.settings import Settings
from chorus.summarize import summarize
from chorus.summarize.sentences import split_sentences
from chorus.summarize.support import add_support, content_stems, same_statement_score

SUPPORT = Path(__file__).resolve().parents[1] / "data" / "summarize" / "support"
STRIKE = (
    "Ferry crews in Vennmark ended their four-day strike on Monday after the operator agreed "
    "to a seven percent pay rise."
)
STRIKE_PARAPHRASE = (
    "The four-day strike by Vennmark ferry crews ended on Monday when the operator agreed to "
    "raise pay by seven percent."
)


@pytest.fixture(scope="module")
def seed_story(seeds_dir: Path) -> list[Article]:
    """The five seed articles as the pipeline reads them (cleaned text, outlets)."""
    articles, errors = read_inputs(sorted(seeds_dir.glob("*.txt")), Settings())
    assert not errors
    return articles


@pytest.fixture(scope="module")
def ferry() -> list[Article]:
    """Three hand-made articles: a wire story, its paraphrase in a gazette, an unrelated one."""
    return [
        Article(id=p.name, path=str(p), text=p.read_text(encoding="utf-8"))
        for p in sorted(SUPPORT.glob("*.txt"))
    ]


def _exact(articles: list[Article], text: str) -> SummarySentence:
    cites = []
    for a in articles:
        start = a.text.find(text)
        if start >= 0:
            cites.append(Citation(a.id, start, start + len(text)))
    return SummarySentence(text=text, citations=tuple(cites))


def test_add_support_cites_the_paraphrase_exactly(ferry: list[Article]) -> None:
    gazette = next(a for a in ferry if a.id == "gazette.txt")
    start = gazette.text.index(STRIKE_PARAPHRASE)
    summary = add_support(ferry, [_exact(ferry, STRIKE)], Settings())
    assert summary[0].citations == (Citation("wire.txt", 18, 18 + len(STRIKE)),)
    assert summary[0].support == (Citation("gazette.txt", start, start + len(STRIKE_PARAPHRASE)),)


def test_add_support_leaves_unrelated_sentence_alone(ferry: list[Article]) -> None:
    text = "Owners will pay the new fees from April."
    summary = add_support(ferry, [_exact(ferry, text)], Settings())
    assert summary[0].support == ()


def test_add_support_single_article_has_none(ferry: list[Article]) -> None:
    wire = [a for a in ferry if a.id == "wire.txt"]
    assert add_support(wire, [_exact(wire, STRIKE)], Settings())[0].support == ()


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (STRIKE, STRIKE_PARAPHRASE, True),
        (STRIKE, "Sailings will resume on Tuesday morning.", False),
        (STRIKE, "The union called the deal fair.", False),
        ("Ferries sail.", "Ferries sail.", False),
    ],
)
def test_same_statement_score_against_threshold(a: str, b: str, same: bool) -> None:
    score = same_statement_score(content_stems(a), content_stems(b))
    assert (score >= Settings().summary_support_threshold) is same


def test_summarize_support_slices_whole_sentences(seed_story: list[Article]) -> None:
    by_id = {a.id: a for a in seed_story}
    n = 0
    for sentence in summarize(seed_story, 250, Settings()):
        for c in sentence.support:
            text = by_id[c.article_id].text
            assert text[c.start : c.end] in [s.text for s in split_sentences(text)]
            n += 1
    assert n > 0


@pytest.mark.parametrize("words", [100, 250])
def test_summarize_support_never_repeats_a_cited_article(
    seed_story: list[Article], words: int
) -> None:
    for sentence in summarize(seed_story, words, Settings()):
        cited = [c.article_id for c in sentence.citations]
        supporting = [c.article_id for c in sentence.support]
        assert not set(cited) & set(supporting)
        assert len(supporting) == len(set(supporting))


def test_summarize_support_is_deterministic(seed_story: list[Article]) -> None:
    first = summarize(seed_story, 100, Settings())
    assert summarize(list(seed_story), 100, Settings()) == first
    assert any(s.support for s in first)


def test_summarize_support_comes_from_another_outlet(seed_story: list[Article]) -> None:
    outlet = {a.id: a.outlet for a in seed_story}
    summary = summarize(seed_story, 100, Settings())
    other = [
        c
        for s in summary
        for c in s.support
        if outlet[c.article_id] not in {outlet[x.article_id] for x in s.citations}
    ]
    assert other


def test_summarize_support_off_above_any_score(seed_story: list[Article]) -> None:
    settings = replace(Settings(), summary_support_threshold=1.01)
    assert all(s.support == () for s in summarize(seed_story, 100, settings))
