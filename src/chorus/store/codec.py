"""Turn records into JSON-ready dicts and back; the store keeps stories as their JSON contract."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from chorus.records import (
    Citation,
    DateMention,
    Entity,
    Fact,
    FactValue,
    Quote,
    Story,
    SummarySentence,
    TimelineEntry,
)


def story_to_dict(story: Story) -> dict[str, Any]:
    return asdict(story)


def _cites(rows: list[dict[str, Any]] | None) -> tuple[Citation, ...]:
    return tuple(_make(Citation, c) for c in rows or ())


def _make(cls: Any, data: dict[str, Any], **converted: Any) -> Any:
    """Build `cls` from `data`, dropping keys that a newer writer added."""
    known = cls.__dataclass_fields__
    kwargs = {k: v for k, v in data.items() if k in known}
    kwargs.update(converted)
    for name, value in kwargs.items():
        if isinstance(value, list):
            kwargs[name] = tuple(value)
    return cls(**kwargs)


def story_from_dict(data: dict[str, Any]) -> Story:
    """Rebuild a Story from its JSON form, ignoring keys this version does not know."""
    return _make(
        Story,
        data,
        summary=tuple(
            _make(
                SummarySentence,
                s,
                citations=_cites(s.get("citations")),
                support=_cites(s.get("support")),
            )
            for s in data.get("summary", ())
        ),
        quotes=tuple(
            _make(Quote, q, sources=_cites(q.get("sources"))) for q in data.get("quotes", ())
        ),
        dates=tuple(_make(DateMention, d) for d in data.get("dates", ())),
        timeline=tuple(
            _make(TimelineEntry, t, citations=_cites(t.get("citations")))
            for t in data.get("timeline", ())
        ),
        facts=tuple(
            _make(
                Fact,
                f,
                sources=_cites(f.get("sources")),
                values=tuple(
                    _make(FactValue, v, sources=_cites(v.get("sources")))
                    for v in f.get("values", ())
                ),
            )
            for f in data.get("facts", ())
        ),
        entities=tuple(
            _make(Entity, e, mentions=_cites(e.get("mentions"))) for e in data.get("entities", ())
        ),
    )
