"""Understand a story: quotes, dates, timeline, fact map and entities (issue #6).

The one entry point the pipeline calls; each part is a stage of its own package (`quotes`,
`dates`, `facts`, `entities`) and can be used alone.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

from chorus.dates.resolve import find_dates
from chorus.dates.timeline import build_timeline
from chorus.entities.merge import merge_entities
from chorus.facts.align import align_facts
from chorus.nlp import parse_many
from chorus.quotes.find import find_quotes
from chorus.records import Article, DateMention, Entity, Quote, Story
from chorus.settings import Settings

log = logging.getLogger(__name__)

__all__ = ["story_dates", "understand_story"]


def understand_story(story: Story, articles: Sequence[Article], settings: Settings) -> Story:
    """Return `story` with quotes, dates, timeline, facts and entities filled in.

    `articles` are the story's members (others are ignored when `story.article_ids` names them);
    copies (`duplicate_of`) add citations but never a second independent source.

    >>> story = understand_story(story, members, Settings())  # doctest: +SKIP
    >>> [f.status for f in story.facts][:3]  # doctest: +SKIP
    ['conflict', 'agreed', 'agreed']
    """
    wanted = set(story.article_ids)
    members = [a for a in articles if a.id in wanted] or list(articles)
    # One batch parse: every stage below reuses the cached documents.
    parse_many([a.text for a in members], settings.spacy_model)
    dates = story_dates(members, story.date, settings)
    entities = merge_entities(members, settings)
    quotes = _canonical_speakers(find_quotes(members, settings), entities)
    timeline = build_timeline(dates, members, story.date, settings)
    facts = align_facts(members, settings)
    log.debug(
        "story %s: %d quotes, %d dates, %d facts", story.id, len(quotes), len(dates), len(facts)
    )
    return replace(
        story,
        quotes=quotes,
        dates=dates,
        timeline=timeline,
        facts=facts,
        entities=entities,
    )


def story_dates(
    articles: Sequence[Article], story_date: str | None, settings: Settings
) -> tuple[DateMention, ...]:
    """Date mentions of every article, anchored on the article's date, else on the story's.

    Without either, relative expressions stay unresolved (value None) and say so.
    """
    mentions: list[DateMention] = []
    for article in articles:
        if article.date:
            anchor, source = article.date, "article"
        elif story_date:
            anchor, source = story_date, "story"
        else:
            anchor, source = None, None
        mentions.extend(find_dates(article, anchor, settings, anchor_source=source))
    return tuple(mentions)


def _canonical_speakers(quotes: Sequence[Quote], entities: Sequence[Entity]) -> tuple[Quote, ...]:
    """Name speakers as the story's entities do: "Putin" → "Vladimir Putin"."""
    names: dict[str, str] = {}
    for entity in entities:
        if entity.label != "PERSON":
            continue
        for alias in (entity.name, *entity.aliases):
            names.setdefault(alias, entity.name)
    return tuple(
        replace(q, speaker=names.get(q.speaker, q.speaker)) if q.speaker else q for q in quotes
    )
