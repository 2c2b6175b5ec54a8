"""Infer title, date and outlet from an article's text where its markup gives none.

Every value comes with the way it was found (`date_source`, `outlet_source`, see records.py), so a
reader of the report can tell a publisher's own date from one read off a dateline.

Outlet evidence, strongest first (the publisher naming itself beats an agency it credits):
"sign-off" ("This article originally appeared on USA TODAY: …"), "follow-link" ("Follow Al
Jazeera English:"), "self-mention" ("Here, ITV News takes a look"), "url" (the domain), then
"agency-credit" ("msh/sms (AP, Reuters)", "MOSCOW, June 19 (Reuters) -"): a wire story reprinted
without another name is credited to its agencies.
"""

from __future__ import annotations

import email.utils
import logging
import re
from collections.abc import Sequence
from datetime import date, datetime
from urllib.parse import urlsplit

from chorus.ingest.clean import BYLINE_RE, HEADER_RE
from chorus.records import Removed

log = logging.getLogger(__name__)

MONTH_NUMBERS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_ALT = "|".join(sorted((m.capitalize() for m in MONTH_NUMBERS), key=len, reverse=True))

_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_MDY_RE = re.compile(rf"\b({_MONTH_ALT})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.IGNORECASE)
_DMY_RE = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_ALT})\.?,?\s+(\d{{4}})\b", re.IGNORECASE)

DATELINE_RE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][A-Za-z.'’ -]{1,30})?),?\s*"
    rf"(?:(?P<month>{_MONTH_ALT})\.?\s+(?P<day>\d{{1,2}})(?:,\s*(?P<year>\d{{4}}))?\s*)?"
    r"\((?P<agency>[A-Z][\w.&'’ -]{0,30})\)\s*[-–—_]"
)
"""A dateline opening the first paragraph: "MOSCOW, June 19 (Reuters) -", "WASHINGTON (AP) —";
older AP copy (DUC 2003) writes the dash as "_"."""

_MEDIA_WORDS = (
    "News|Times|Post|Today|TODAY|Journal|Herald|Press|Tribune|Guardian|Telegraph|Mail|Express|"
    "Radio|TV|Television|Channel|Network|Online|Daily|Gazette|Chronicle|Observer|Independent|"
    "Standard|Sun|Mirror|Insider|Wire|Agency|Magazine|Reporter|Review|Courier|Post-Gazette"
)
_SELF_MENTION_RE = re.compile(
    r"\b(?P<name>(?:[A-Z][\w&'’.-]*\s+){0,3}(?:" + _MEDIA_WORDS + r"))\s+"
    r"(?:takes a (?:closer )?look|has (?:learned|learnt|seen|obtained|contacted|approached|"
    r"asked|reached out)|understands|can (?:reveal|confirm)|explains|looks at|has been told)\b"
)
"""The outlet naming itself as the one doing the reporting. The name must end in a media word:
bare acronyms ("GAO understands", "US has asked") named agencies and countries on Reuters-21578."""
_SIGNOFF_OUTLET_RE = re.compile(
    r"\b(?:appeared|published|ran|posted)\s+(?:on|in|at|by)\s+(?:the\s+)?"
    r"(?P<name>[^:(\n]+?)\s*(?:[:(]|,\s|\s+on\s+\w+day\b|\.?$)"
)
_FOLLOW_OUTLET_RE = re.compile(
    r"^(?i:follow|like|subscribe to|join)\s+(?P<name>[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,5})"
    r"(?:\s+on\b.*|\s*:?)$"
)
"""The outlet in "Follow Al Jazeera English:" or "Follow Newsbeat on Instagram, …": capitalised
words only, so "Follow The New York Times Opinion section on …" names no outlet."""
_NOT_OUTLETS = frozenset({"us", "me", "him", "her", "them"})
_PERSONAL_FOLLOW_RE = re.compile(
    r"@\w|https?://|\b(?:him|her|reporter|writer|editor)\b", re.IGNORECASE
)
_INITIALS_RE = re.compile(r"^[a-z]{1,5}(?:[/-][a-z]{1,5})+$")
_CREDIT_RE = re.compile(r"\(([^()]{1,60})\)\s*$")


def infer_title(removed: Sequence[Removed]) -> str | None:
    """Return the headline line cut by `clean_text`, if any."""
    return next((r.text for r in removed if r.reason == "headline"), None)


def infer_authors(removed: Sequence[Removed]) -> tuple[str, ...]:
    """Return the names of the byline cut by `clean_text`: "By A, B and C" -> (A, B, C)."""
    for r in removed:
        if r.reason == "byline":
            match = BYLINE_RE.match(r.text)
            if match:
                names = re.split(r"\s*(?:,|&|\band\b)\s*", match.group("names"))
                return tuple(n for n in names if n)
    return ()


def infer_date(text: str, removed: Sequence[Removed]) -> tuple[str | None, str | None, str | None]:
    """Return `(date, date_source, warning)` from a text header or a dateline.

    A dateline without a year ("MOSCOW, June 19 (Reuters) -") cannot be placed on the calendar
    alone; it gives a warning and leaves the date to the story step.
    """
    for r in removed:
        if r.reason == "text header":
            header = HEADER_RE.match(r.text)
            value = parse_date(header.group("date")) if header else None
            if value:
                return value, "header", None
    match = DATELINE_RE.match(text)
    if match and match.group("month"):
        if match.group("year"):
            value = _ymd(match.group("year"), match.group("month"), match.group("day"))
            if value:
                return value, "dateline", None
        return None, None, f"dateline date {match.group('month')} {match.group('day')} has no year"
    return None, None, None


def infer_outlet(
    text: str, removed: Sequence[Removed], url: str | None
) -> tuple[str | None, str | None]:
    """Return `(outlet, outlet_source)` from the article's own words, its url, or its credits."""
    for r in removed:
        if r.reason == "republication sign-off":
            match = _SIGNOFF_OUTLET_RE.search(r.text)
            if match:
                return match.group("name").strip(), "sign-off"
    for r in removed:
        if r.reason == "follow link":
            # "Follow Pam Key on Twitter @pamkeyNEN": a reporter's handle, not the outlet.
            if _PERSONAL_FOLLOW_RE.search(r.text):
                continue
            match = _FOLLOW_OUTLET_RE.match(r.text)
            if match and match.group("name").lower() not in _NOT_OUTLETS:
                return match.group("name").strip(), "follow-link"
    match = _SELF_MENTION_RE.search(text)
    if match:
        return match.group("name").strip(), "self-mention"
    domain = outlet_from_url(url)
    if domain:
        return domain, "url"
    agencies = _agency_credit(text, removed)
    if agencies:
        return agencies, "agency-credit"
    return None, None


def outlet_from_url(url: str | None) -> str | None:
    """Return the host of `url` without `www.`: "https://www.dw.com/en/x" -> "dw.com"."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    host = host.removeprefix("www.")
    return host or None


def parse_date(value: object) -> str | None:
    """Read a date given by markup, JSON or a feed as ISO `YYYY-MM-DD`, None when unreadable.

    Accepts ISO strings ("2024-06-19T08:00:00Z"), RFC 822 ("Wed, 19 Jun 2024 08:00:00 GMT"),
    "June 19, 2024", "19 June 2024", `date`/`datetime` objects and `time.struct_time`.
    """
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "tm_year"):
        return f"{value.tm_year:04d}-{value.tm_mon:02d}-{value.tm_mday:02d}"  # type: ignore[attr-defined]
    text = str(value).strip()
    match = _ISO_RE.match(text)
    if match:
        return _ymd(*match.groups())
    try:
        return email.utils.parsedate_to_datetime(text).strftime("%Y-%m-%d")
    except (TypeError, ValueError, IndexError):
        pass
    match = _MDY_RE.search(text)
    if match:
        return _ymd(match.group(3), match.group(1), match.group(2))
    match = _DMY_RE.search(text)
    if match:
        return _ymd(match.group(3), match.group(2), match.group(1))
    return None


def _ymd(year: str, month: str, day: str) -> str | None:
    number = int(month) if month.isdigit() else MONTH_NUMBERS.get(month.lower().rstrip("."))
    if number is None:
        return None
    try:
        return date(int(year), number, int(day)).isoformat()
    except ValueError:
        return None


def _agency_credit(text: str, removed: Sequence[Removed]) -> str | None:
    for r in removed:
        if r.reason == "wire sign-off":
            match = _CREDIT_RE.search(r.text)
            if match:
                names = [n.strip() for n in re.split(r"[,/;]| and ", match.group(1)) if n.strip()]
                # "(vls/sv/me)" are editors' initials, not agencies ("dpa" is one, though).
                if names and not _INITIALS_RE.match(match.group(1)):
                    return ", ".join(names)
    match = DATELINE_RE.match(text)
    if match:
        return match.group("agency").strip()
    return None
