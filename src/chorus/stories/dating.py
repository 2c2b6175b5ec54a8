"""An article's event date: its own date, else one its text states near the top.

Clustering needs a date per article to tell two alike events months apart (issue #5). Most
readers fill `Article.date`; for the rest the header line ("date 2024-06-19") or the first
full date in the lead (a dateline such as "June 19, 2024" or "19 June 2024") is taken. Relative
references ("last September") need an anchor and are left to `related.py`.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from chorus.ingest.metadata import MONTH_NUMBERS

_MONTHS = MONTH_NUMBERS
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")
_MDY = re.compile(_MONTH + r"\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I)
_DMY = re.compile(
    r"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<y>(?:19|20)\d\d)\b", re.I
)

LEAD_CHARS = 400
"""Only the lead is searched: deeper in, full dates are background ("signed on July 20, 1953")."""


def parse_iso(value: str | None) -> date | None:
    """Return the date of an ISO `YYYY-MM-DD…` string, None when absent or malformed."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def text_date(text: str) -> date | None:
    """Return the first full calendar date stated in the lead of `text`, else None."""
    return _lead_date(text[:LEAD_CHARS])


# assign() looks up the dates of every member of the stories near new articles; undated stored
# articles would otherwise be searched again on each ingest.
@lru_cache(maxsize=200_000)
def _lead_date(head: str) -> date | None:
    found: list[tuple[int, date]] = []
    for pattern in (_ISO, _MDY, _DMY):
        for match in pattern.finditer(head):
            month = match.group("m") if "m" in pattern.groupindex else match.group("month")
            month_no = int(month) if month.isdigit() else _MONTHS[month.lower().rstrip(".")]
            try:
                found.append(
                    (match.start(), date(int(match.group("y")), month_no, int(match.group("d"))))
                )
            except ValueError:
                continue
    return min(found)[1] if found else None


def event_date(article_date: str | None, text: str) -> date | None:
    """Return the article's date, else the date its lead states, else None."""
    return parse_iso(article_date) or text_date(text)
