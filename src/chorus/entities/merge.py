"""Merge a story's entity mentions into entities (issue #6).

"Kim", "Kim Jong Un" and "the North Korean leader" are one person: a short name joins the most
frequent full name it begins or ends, and a role phrase joins the person the articles introduced
with that role ("North Korean leader Kim Jong Un").
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from chorus.nlp import parse_many
from chorus.quotes.speakers import TITLE_HEADS, title_map, title_person
from chorus.records import Article, Citation, Entity
from chorus.settings import Settings

log = logging.getLogger(__name__)

__all__ = ["canonical_names", "merge_entities"]

LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW"})
"""spaCy labels kept as story entities; dates and numbers have their own stages."""


def merge_entities(articles: Iterable[Article], settings: Settings) -> tuple[Entity, ...]:
    """Entities of a set of articles with their mentions merged, most mentioned first.

    >>> merge_entities([Article(id="a", path="a", text="Kim Jong Un met Putin. Kim smiled.")],
    ...                Settings())  # doctest: +SKIP
    (Entity(name='Kim Jong Un', label='PERSON', mentions=(...), aliases=('Kim',)), ...)
    """
    articles = list(articles)
    docs = parse_many([a.text for a in articles], settings.spacy_model)
    surface: list[tuple[str, str, Citation]] = []
    role_mentions: list[tuple[str, str, Citation]] = []
    for article, doc in zip(articles, docs, strict=True):
        for ent in doc.ents:
            if ent.label_ not in LABELS:
                continue
            name, start, end = _clean(article.text, ent.start_char, ent.end_char)
            if name:
                surface.append((name, ent.label_, Citation(article.id, start, end)))
        titles = title_map(doc)
        for chunk in doc.noun_chunks:
            if chunk.root.lemma_.lower() not in TITLE_HEADS or chunk[0].lower_ != "the":
                continue
            if chunk.root.tag_ == "NNS" or any(t.like_num or t.is_quote for t in chunk):
                continue  # "the two leaders" is not one person
            if any(e.label_ == "PERSON" for e in chunk.ents):
                continue
            person = title_person(chunk, titles)
            if person:
                cite = Citation(article.id, chunk.start_char, chunk.end_char)
                role_mentions.append((person, chunk.text, cite))
    canon = canonical_names((n, label) for n, label, _ in surface)
    groups: dict[str, list[tuple[str, str, Citation]]] = defaultdict(list)
    for name, label, cite in surface:
        groups[canon.get(name, name)].append((name, label, cite))
    for person, text, cite in role_mentions:
        key = canon.get(person, person)
        if key in groups:
            groups[key].append((text, "PERSON", cite))
    entities = []
    for key, items in groups.items():
        labels = Counter(label for _, label, _ in items)
        aliases = tuple(sorted({n for n, _, _ in items} - {key}))
        mentions = tuple(sorted((c for _, _, c in items), key=lambda c: (c.article_id, c.start)))
        label = labels.most_common(1)[0][0]
        if labels["PERSON"] and len(key.split()) > 1:
            label = "PERSON"  # the small model often calls a foreign name GPE or ORG once or twice
        entities.append(Entity(key, label, mentions, aliases))
    entities.sort(key=lambda e: (-len(e.mentions), e.name))
    return tuple(entities)


def canonical_names(names: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Map each surface name to its entity's name: "Kim" → "Kim Jong Un" when that is the most
    frequent person name starting or ending with "Kim"."""
    names = list(names)
    counts = Counter(n for n, _ in names)
    people = Counter(n for n, label in names if label == "PERSON" and len(n.split()) > 1)
    # Full names by their first and last word, in `people` order: scanning every person for every
    # one-word mention was quadratic in a big story's mentions.
    by_word: dict[str, list[str]] = defaultdict(list)
    for person in people:
        words = person.split()
        for word in dict.fromkeys((words[0], words[-1])):
            by_word[word].append(person)
    mapping: dict[str, str] = {}
    # A name's mapping depends on its label only: each (name, label) pair is worked out once.
    for name, label in dict.fromkeys(names):
        words = name.split()
        if len(words) == 1 and label in {"PERSON", "ORG", "NORP"}:
            full = by_word.get(words[0], [])
            if full:
                mapping[name] = max(full, key=lambda p: (people[p], -len(p)))
                continue
        mapping.setdefault(name, name)
    # Spelling variants of one multi-word name ("Vladimir Putin", "Putin") already meet above;
    # names differing only in case ("NATO", "Nato") join the commoner form.
    by_lower: dict[str, str] = {}
    for name in sorted(counts, key=lambda n: -counts[n]):
        by_lower.setdefault(name.lower(), name)
    return {n: by_lower.get(c.lower(), c) for n, c in mapping.items()}


def _clean(text: str, start: int, end: int) -> tuple[str, int, int]:
    """Drop a leading "the" and a trailing possessive from a mention."""
    span = text[start:end]
    if m := re.match(r"(?i)the\s+", span):
        start += m.end()
    span = text[start:end]
    for suffix in ("'s", "’s", "'", "’"):
        if span.endswith(suffix):
            end -= len(suffix)
            break
    return text[start:end].strip(), start, end
