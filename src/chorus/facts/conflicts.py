"""Decide a fact's status from the claims that make it up (issue #6).

A claim is one article's statement about a slot ("length of the visit", "number of dead") with a
normalised value. Claims on one slot from several independent sources agree when their values
match and conflict when they do not; copies of one article (`duplicate_of`) and articles of one
outlet count once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from chorus.records import Article, Citation, Fact, FactValue

__all__ = ["Claim", "slot_facts", "source_key", "status_of"]


@dataclass(frozen=True, slots=True)
class Claim:
    """One article's value for a slot, before alignment (internal to the fact stage)."""

    slot: str
    value: str
    text: str
    citation: Citation


def source_key(article: Article, by_id: Mapping[str, Article]) -> str:
    """Who stands behind an article: its outlet, or the article it copies, or itself."""
    seen = set()
    root = article
    while root.duplicate_of and root.duplicate_of in by_id and root.id not in seen:
        seen.add(root.id)
        root = by_id[root.duplicate_of]
    if root.outlet:
        return f"outlet:{root.outlet.lower()}"
    return f"article:{root.id}"


def status_of(sources: Iterable[str]) -> str:
    """ "agreed" with two or more independent sources, else "single"."""
    return "agreed" if len(set(sources)) >= 2 else "single"


def slot_facts(claims: Sequence[Claim], by_id: Mapping[str, Article]) -> list[Fact]:
    """One fact per slot: agreed, single, or a conflict listing each value with its sources."""
    by_slot: dict[str, list[Claim]] = {}
    for claim in claims:
        by_slot.setdefault(claim.slot, []).append(claim)
    facts = []
    for slot, group in by_slot.items():
        values: dict[str, list[Claim]] = {}
        for claim in group:
            values.setdefault(claim.value, []).append(claim)
        keys = {source_key(by_id[c.citation.article_id], by_id) for c in group}
        cites = tuple(c.citation for c in group)
        # A conflict needs two values each stated by a different source; one outlet giving two
        # values ("two days … 48 hours") is not a disagreement between outlets.
        value_sources = {
            v: {source_key(by_id[c.citation.article_id], by_id) for c in cs}
            for v, cs in values.items()
        }
        conflicting = len(values) > 1 and _distinct_backers(value_sources)
        status = "conflict" if conflicting else status_of(keys)
        text = max((c.text for c in group), key=len) if not conflicting else _conflict_text(values)
        fact_values = (
            tuple(
                FactValue(v, tuple(c.citation for c in cs))
                for v, cs in sorted(values.items(), key=lambda kv: -len(kv[1]))
            )
            if conflicting
            else ()
        )
        facts.append(Fact(text=text, status=status, sources=cites, values=fact_values, slot=slot))
    return facts


def _distinct_backers(value_sources: Mapping[str, set[str]]) -> bool:
    backers = list(value_sources.values())
    return (
        any(a - b or b - a for i, a in enumerate(backers) for b in backers[i + 1 :])
        and len(set().union(*backers)) >= 2
    )


def _conflict_text(values: Mapping[str, Sequence[Claim]]) -> str:
    return " vs ".join(cs[0].text for cs in values.values())
