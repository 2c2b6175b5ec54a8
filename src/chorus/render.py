"""Reports as Markdown and JSON text: what `chorus show` and `chorus analyze` print."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from chorus.records import Article, Citation, Report, Story

_SINGLES_SHOWN = 8


def report_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)


def story_json(story: Story, articles: Sequence[Article]) -> str:
    data: dict[str, Any] = asdict(story)
    data["articles"] = [
        {k: getattr(a, k) for k in ("id", "title", "outlet", "date", "duplicate_of", "url")}
        for a in articles
    ]
    return json.dumps(data, ensure_ascii=False, indent=2)


def report_markdown(report: Report) -> str:
    articles = {a.id: a for a in report.articles}
    parts = [story_markdown(s, articles) for s in report.stories]
    if report.errors:
        parts.append(
            "## Rejected inputs\n\n" + "\n".join(f"- `{e.path}`: {e.reason}" for e in report.errors)
        )
    return "\n\n".join(parts) + "\n"


def story_markdown(story: Story, articles: Mapping[str, Article]) -> str:
    """One story: header, cited summary, then whatever understanding the story carries."""
    marks = {aid: i for i, aid in enumerate(story.article_ids, 1)}
    lines = [
        f"# {story.title}",
        "",
        f"*{story.date or 'date unknown'} · {len(story.article_ids)} articles · "
        f"{story.independent_sources} independent sources · story `{story.id}`*",
        "",
    ]
    if story.summary:
        lines += ["## Summary", ""]
        for sentence in story.summary:
            line = f"{sentence.text} {_refs(sentence.citations, marks)}"
            # Store rows may hold support as dicts; issue #4 shows it as "(+[2][5] say the same)".
            also = [c if isinstance(c, Citation) else Citation(**c) for c in sentence.support]
            if support := _refs(also, marks):
                line += f" (+{support} say the same)"
            lines.append(line)
        lines.append("")
    elif story.pending:
        lines += [
            f"*Summary pending: `chorus show {story.id}` or `chorus explain` fills it in.*",
            "",
        ]
    if story.facts:
        lines += ["## Facts", ""]
        # Facts only one outlet reports are most of a story's facts; the agreements and conflicts
        # are what a reader looks for, so the singles are shortened (JSON keeps them all).
        singles = [f for f in story.facts if f.status == "single"]
        shown = [f for f in story.facts if f.status != "single"] + singles[:_SINGLES_SHOWN]
        for fact in shown:
            line = f"- **{fact.status}** {fact.text} {_refs(fact.sources, marks)}"
            if fact.values:
                line += " — " + "; ".join(
                    f"{v.value} {_refs(v.sources, marks)}" for v in fact.values
                )
            lines.append(line)
        if len(singles) > _SINGLES_SHOWN:
            lines.append(
                f"- … and {len(singles) - _SINGLES_SHOWN} more facts that one outlet alone reports"
            )
        lines.append("")
    if story.quotes:
        lines += ["## Quotes", ""]
        for q in story.quotes:
            who = q.speaker or "unknown speaker"
            via = f" (via {q.channel})" if q.channel else ""
            text = f"“{q.text}”" if q.direct else q.text
            lines.append(f"- **{who}**{via}: {text} {_refs(q.sources, marks)}")
        lines.append("")
    if story.timeline:
        lines += ["## Timeline", ""]
        for t in story.timeline:
            tag = " *(context)*" if t.context else ""
            lines.append(f"- **{t.date}**{tag} {t.text} {_refs(t.citations, marks)}")
        lines.append("")
    if story.entities:
        lines += ["## Entities", ""]
        for e in story.entities:
            aka = f" (also: {', '.join(e.aliases)})" if e.aliases else ""
            lines.append(f"- {e.name} — {e.label}{aka}")
        lines.append("")
    if story.related:
        lines += ["## Related stories", "", *[f"- `{r}`" for r in story.related], ""]
    lines += ["## Sources", ""]
    for aid, n in marks.items():
        a = articles.get(aid)
        if a is None:
            lines.append(f"{n}. `{aid}`")
            continue
        copy = f" — copy of `{a.duplicate_of}`" if a.duplicate_of else ""
        lines.append(
            f"{n}. {a.outlet or 'unknown outlet'}: {a.title or a.id} "
            f"({a.date or 'undated'}) `{a.id}`{copy}"
        )
    return "\n".join(lines).rstrip() + "\n"


def _refs(citations: Sequence[Citation], marks: Mapping[str, int]) -> str:
    numbers = sorted({marks.get(c.article_id, 0) for c in citations} - {0})
    return "".join(f"[{n}]" for n in numbers)
