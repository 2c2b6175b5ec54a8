"""Citations and order: turn chosen candidates into `SummarySentence`s that cite every carrier.

A citation is an exact slice: `article.text[start:end] == sentence.text`. When several articles
carry the same sentence (wire copies, shared agency text), each of them is cited: that is the
evidence count the web page shows (issue #4).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from chorus.records import Article, Citation, SummarySentence
from chorus.summarize.candidates import Candidate


def merge_identical(candidates: Sequence[Candidate]) -> dict[int, list[Candidate]]:
    """Group candidates by sentence text; map the first carrier's index to all carriers.

    Returns a dict keyed by the index (into `candidates`) of each group's first member, in order.
    """
    first: dict[str, int] = {}
    groups: dict[int, list[Candidate]] = defaultdict(list)
    for index, candidate in enumerate(candidates):
        key = " ".join(candidate.text.split())
        lead = first.setdefault(key, index)
        groups[lead].append(candidate)
    return dict(groups)


def cite(
    articles: Sequence[Article], chosen: Sequence[Candidate], carriers: dict[int, list[Candidate]]
) -> tuple[SummarySentence, ...]:
    """Order chosen sentences chronologically and attach a citation per carrying article.

    `carriers` maps id() of each chosen candidate to every candidate holding the same sentence.
    Sentences are ordered by their first carrier's article date, then article order, then position,
    so two sentences of one article keep their original order (and a pronoun its antecedent).
    """

    def order(c: Candidate) -> tuple[str, int, int]:
        return (articles[c.article].date or "9999", c.article, c.position)

    out: list[SummarySentence] = []
    for candidate in sorted(chosen, key=order):
        seen: set[str] = set()
        citations: list[Citation] = []
        for other in sorted(carriers[id(candidate)], key=order):
            article = articles[other.article]
            if article.id in seen or article.text[other.start : other.end] != candidate.text:
                continue
            seen.add(article.id)
            citations.append(Citation(article.id, other.start, other.end))
        out.append(SummarySentence(text=candidate.text, citations=tuple(citations)))
    return tuple(out)
