from __future__ import annotations

import json
from pathlib import Path

import pytest

from chorus.facts.align import (
    _group_statements,
    _idf,
    _overlap,
    _probes,
    _statements,
    align_facts,
    coverage_matrix,
)
from chorus.nlp import parse_many
from chorus.records import Article, Citation, Fact
from chorus.settings import Settings

GOLD = Path(__file__).resolve().parents[1] / "data" / "facts" / "bridge.json"


@pytest.fixture(scope="module")
def bridge() -> tuple[list[Article], list[dict]]:
    data = json.loads(GOLD.read_text(encoding="utf-8"))
    articles = [
        Article(
            id=a["id"],
            path=a["id"],
            text=a["text"],
            outlet=a["outlet"],
            date=a["date"],
            duplicate_of=a["duplicate_of"],
        )
        for a in data["articles"]
    ]
    return articles, data["facts"]


def _kind(fact: Fact) -> str:
    if fact.slot is None:
        return "statement"
    return "name" if fact.slot == "name" else "slot"


def _find(facts: tuple[Fact, ...], gold: dict, texts: dict[str, str]) -> Fact:
    start = texts[gold["article"]].index(gold["quote"])
    end = start + len(gold["quote"])
    hits = [
        f
        for f in facts
        if _kind(f) == gold["kind"]
        and gold.get("slot", f.slot) == f.slot
        and any(
            c.article_id == gold["article"] and c.start < end and start < c.end for c in f.sources
        )
    ]
    assert len(hits) == 1, (gold, hits)
    return hits[0]


def test_align_facts_gold_statuses(bridge, settings: Settings) -> None:
    articles, gold = bridge
    texts = {a.id: a.text for a in articles}
    facts = align_facts(articles, settings)
    got = [(g["quote"], _find(facts, g, texts).status) for g in gold]
    assert got == [(g["quote"], g["status"]) for g in gold]


def test_align_facts_conflict_lists_values_with_sources(bridge, settings: Settings) -> None:
    articles, _ = bridge
    texts = {a.id: a.text for a in articles}
    facts = align_facts(articles, settings)
    deaths = next(f for f in facts if f.slot == "people|die:count")
    values = {v.value: sorted({c.article_id for c in v.sources}) for v in deaths.values}
    assert values == {"12": ["A", "D"], "15": ["B"]}
    for v in deaths.values:
        for c in v.sources:
            assert texts[c.article_id][c.start : c.end] in {"At least 12 people", "15 people"}


def test_align_facts_event_day_conflict(bridge, settings: Settings) -> None:
    articles, _ = bridge
    facts = align_facts(articles, settings)
    collapse = next(f for f in facts if f.slot == "collapse:date")
    assert collapse.status == "conflict"
    values = {v.value: sorted({c.article_id for c in v.sources}) for v in collapse.values}
    # C has no date of its own: "Monday" resolves against the story's most common date.
    assert values == {"2025-03-11": ["A", "B", "D"], "2025-03-10": ["C"]}


def test_align_facts_copy_is_not_a_second_source(bridge, settings: Settings) -> None:
    articles, _ = bridge
    facts = align_facts(articles, settings)
    council = next(f for f in facts if f.text.startswith("The council meets again"))
    assert sorted(c.article_id for c in council.sources) == ["A", "D"]
    assert council.status == "single"


def test_align_facts_seed_treaty_agreed_and_visit_length_conflict(
    seeds_dir: Path, settings: Settings
) -> None:
    articles = [
        Article(id=p.name[:3], path=str(p), text=p.read_text(encoding="utf-8"), date="2024-06-19")
        for p in sorted(seeds_dir.glob("*.txt"))
        if not p.name.startswith("001")
    ]
    facts = align_facts(articles, settings)
    treaty = next(f for f in facts if f.slot == "name" and "Strategic Partnership" in f.text)
    assert treaty.text == "Comprehensive Strategic Partnership Treaty"
    assert treaty.status == "agreed"
    assert sorted({c.article_id for c in treaty.sources}) == ["000", "002", "003"]
    visit = next(f for f in facts if f.slot == "visit:length")
    assert visit.status == "conflict"
    texts = {a.id: a.text for a in articles}
    got = {v.value: [texts[c.article_id][c.start : c.end] for c in v.sources] for v in visit.values}
    assert got == {"P1D": ["the day-long visit"], "P2D": ["a two-day state visit"]}


def test_align_facts_empty_story(settings: Settings) -> None:
    assert align_facts([], settings) == ()


def test_coverage_matrix_folds_copies_into_outlets(bridge, settings: Settings) -> None:
    articles, _ = bridge
    facts = align_facts(articles, settings)
    cov = coverage_matrix(facts, articles)
    assert cov["outlets"] == ["Kessel Herald", "Coastal Times", "Northern Wire"]
    assert len(cov["matrix"]) == len(facts) == len(cov["facts"])
    row = cov["matrix"][cov["facts"].index("Harbor Renewal Plan")]
    assert row == [True, True, False]


def _group_statements_full_scan(
    sentences: list[tuple[frozenset[str], str, Citation]], min_overlap: float
) -> list[list[int]]:
    """The grouping before issue #8's index: every sentence scored against every group."""
    weight = _idf(s for s, _, _ in sentences)
    groups: list[list[int]] = []
    for i, (lemmas, _, cite) in enumerate(sentences):
        best, best_score = None, 0.0
        for group in groups:
            if any(sentences[j][2].article_id == cite.article_id for j in group):
                continue
            score = _overlap(lemmas, sentences[group[0]][0], weight)
            if score > best_score:
                best, best_score = group, score
        if best is not None and best_score >= min_overlap:
            best.append(i)
        else:
            groups.append([i])
    return groups


@pytest.fixture(scope="module")
def seed_statements(seeds_dir: Path) -> list[tuple[frozenset[str], str, Citation]]:
    articles = [
        Article(id=p.stem, path=str(p), text=p.read_text(encoding="utf-8"))
        for p in sorted(seeds_dir.glob("*.txt"))
    ]
    docs = parse_many([a.text for a in articles], Settings().spacy_model)
    found = []
    for article, doc in zip(articles, docs, strict=True):
        found.extend(_statements(article, doc))
    return found


@pytest.mark.parametrize("min_overlap", [0.2, 0.45, 0.7])
def test_issue_8_group_statements_matches_full_scan(
    seed_statements: list[tuple[frozenset[str], str, Citation]], min_overlap: float
) -> None:
    expected = _group_statements_full_scan(seed_statements, min_overlap)
    by_id = {
        c.article_id: Article(id=c.article_id, path="", text="") for _, _, c in seed_statements
    }
    facts = _group_statements(seed_statements, by_id, min_overlap, [])
    grouped = [[seed_statements[i][2] for i in group] for group in expected]
    assert [list(f.sources) for f in facts] == grouped
    assert any(len(group) > 1 for group in grouped)


@pytest.mark.parametrize(
    ("lemmas", "expected"),
    [
        # Three lemmas: only the rarest can be shared with a group sharing three.
        ({"putin": 3.0, "kim": 2.0, "visit": 1.0}, ["putin"]),
        # Two lemmas can never share three.
        ({"putin": 3.0, "kim": 2.0}, []),
        # Six common lemmas weigh too little to reach 0.45 on their own: only "treaty" is probed.
        ({"treaty": 10.0, **{w: 0.5 for w in ("a", "b", "c", "d", "e", "f")}}, ["treaty"]),
        # Equal weights: the tail holds two lemmas; alphabetical among ties.
        ({"sign": 4.0, "defence": 4.0, "treaty": 4.0, "say": 4.0}, ["defence", "say"]),
    ],
)
def test_probes_rarest_lemmas_only(lemmas: dict[str, float], expected: list[str]) -> None:
    assert _probes(frozenset(lemmas), lemmas, 0.45) == expected
