"""Find date expressions in an article and resolve them to the calendar (issue #6).

Spans come from spaCy's DATE/TIME entities plus a few patterns spaCy misses (bare weekdays,
month-year pairs). Each span is resolved by small rules against an anchor date (the article's, or
the story's when the article has none); `dateparser` only parses spans that name a month or a
numeric date, never free text, because its `search_dates` turns "25%" into the 25th of the month.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateparser.date import DateDataParser

from chorus.nlp import parse
from chorus.records import Article, DateMention
from chorus.settings import Settings

log = logging.getLogger(__name__)

__all__ = ["Resolution", "find_dates", "resolve_date"]

Resolution = tuple[str | None, str]
"""(value, granularity); value None with granularity "unresolved" when it cannot be resolved."""

UNRESOLVED: Resolution = (None, "unresolved")

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "single": 1, "half": 0.5,
}  # fmt: skip
_UNITS = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W",
    "month": "M", "year": "Y", "decade": "DE", "century": "CE", "centurie": "CE",
}  # fmt: skip
_TIME_UNITS = {"second", "minute", "hour"}

_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_RE = "|".join(_WEEKDAYS)
_NUM_RE = r"\d+(?:\.\d+)?|" + "|".join(sorted(_NUMBERS, key=len, reverse=True))
_UNIT_RE = r"(second|minute|hour|day|night|week|month|year|decade|centur(?:y|ie))s?"

_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
# A bare "fall" is mostly the verb: only a season with a modifier or a year is looked for.
_SEASON_RE = r"(?:spring|summer|autumn|winter)|(?<=this |last |next |past )fall"
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "last": 4, "final": 4,
}  # fmt: skip
# TimeML part-of-day codes (HeidelTime's normalization/NormPartOfDay).
_PARTS_OF_DAY = {
    "morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI", "midday": "T12:00",
    "noon": "T12:00", "midnight": "T24:00",
}  # fmt: skip
_REFERENCES = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "at present": "PRESENT_REF", "present": "PRESENT_REF",
    "these days": "PRESENT_REF", "the moment": "PRESENT_REF", "current": "PRESENT_REF",
    "recently": "PAST_REF", "past": "PAST_REF", "lately": "PAST_REF", "previously": "PAST_REF",
    "future": "FUTURE_REF", "the future": "FUTURE_REF", "the past": "PAST_REF",
}  # fmt: skip
_SETS = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
    "annual": "P1Y",
}  # fmt: skip

# Fixed-date holidays, as HeidelTime's English holiday list normalises them (dev set, #6).
_HOLIDAYS = {
    "new year's day": (1, 1), "valentine's day": (2, 14), "st. patrick's day": (3, 17),
    "independence day": (7, 4), "bastille day": (7, 14), "halloween": (10, 31),
    "veterans day": (11, 11), "veterans' day": (11, 11), "remembrance day": (11, 11),
    "armistice day": (11, 11), "christmas eve": (12, 24), "christmas day": (12, 25),
    "christmas": (12, 25), "boxing day": (12, 26), "new year's eve": (12, 31),
}  # fmt: skip
_HOLIDAY_RE = "|".join(re.escape(h) for h in sorted(_HOLIDAYS, key=len, reverse=True))

# Patterns spaCy's small model misses or cuts short; their matches join the NER spans.
_EXTRA_SPANS = re.compile(
    rf"\b(?:(?:last|next|this|early|late)\s+)?(?:{_WEEKDAY_RE})"
    r"(?: (?:morning|afternoon|evening|night)\b|\b)"
    rf"|\b(?:{_MONTH_RE})\.?\s+(?:\d{{1,2}},?\s+)?\d{{4}}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b"
    # TimeML marks these references though spaCy's DATE rarely covers them (PRESENT_REF, PAST_REF).
    r"|\b(?:right now|now|currently|nowadays|at present|recently)\b"
    r"|\bthe (?:past|future)(?=\s*[.,;:!?)]|\s+(?:and|or|but|as|when|is|was|has|had|will)\b)"
    rf"|\b(?:(?:this|last|next|past|coming|early|late) )?{_SEASON_RE}(?: (?:of )?\d{{4}})?\b"
    r"|\b(?:every|each) (?:day|week|month|year)\b|\b(?:daily|weekly|monthly|annually|yearly)\b"
    r"|\b(?:day|week|month|year)long\b"  # "a weeklong mission" (dev set, #6)
    r"|\b(?:this|yesterday|tomorrow) (?:morning|afternoon|evening)\b|\btonight\b"
    rf"|\b(?:{_HOLIDAY_RE})(?!\w)",
    re.IGNORECASE,
)
# A year glued to letters ("2019-nCoV", "COVID-19") is a name, not a date.
_NAME_LIKE = re.compile(
    r"^\d{2,4}-?(?!(?:second|minute|hour|day|night|week|month|year|decade|centur)\w*\b)[A-Za-z]"
    r"|\b(?![Mm]id-)[A-Za-z]+-\d{2,4}$"
)
_VAGUE_DURATION = re.compile(
    rf"(?:the )?(?:(?:recent|past|last|next|coming|previous|following|first|several|few|many|"
    rf"some|couple of|a few|a couple of|the past few|the next few) )*{_UNIT_RE}"
)
_LENGTH_SUFFIX = re.compile(r"-(?:long|old)\b")
_PART_OF = re.compile(
    r"(?:(?:the )?(?:beginning|start|end|middle|rest|remainder|close|turn) of (?:the )?"
    r"|mid-)(.+)"
)
_PART_OF_DAY_SUFFIX = re.compile(r" (?:morning|afternoon|evening|night)\b")
_RANGE_END = re.compile(r"\b\d{4}\s*[-–]\s*\d{2}$")
_RANGE = re.compile(r"\b(\d{4})\s*[-–]\s*(\d{2}|\d{4})\b")
# "3,000 percent a year", "$300 million a day": a rate's period is a SET (dev set, #6).
_RATE = re.compile(
    r"(?:\d|\b(?:percent|per cent|million|billion|thousand|dollars|cents|times))\s+"
    r"((?:a|an|per) (?:day|week|month|year|hour))\b",
    re.IGNORECASE,
)
# "the 1970s and 80s": the short decade takes the century of the one before (dev set, #6).
_DECADE_PAIR = re.compile(r"\b(\d{2})\d0s,? (?:and|or|to|through|into) (\d0s)\b")
_JOINT = re.compile(r"\s+(?:through|to|until|till|and|or)\s+")
# "the Nov. 17-18 summit": two days of one month (dev set, #6).
_DAY_RANGE = re.compile(rf"\b((?:{_MONTH_RE})\.? \d{{1,2}})\s*[-–]\s*(\d{{1,2}})\b(?![:.]\d)", re.I)
_DAY_RANGE_END = re.compile(rf"\b(?:{_MONTH_RE})\.? \d{{1,2}}\s*[-–]\s*\d{{1,2}}$", re.I)
# "between 7 and 8 p.m.": two times, the first taking the second's a.m./p.m. (dev set, #6).
_CLOCK_RANGE = re.compile(
    r"\bbetween (\d{1,2}(?::\d{2})?) and (\d{1,2}(?::\d{2})? ?([ap])\.?m\b\.?)", re.IGNORECASE
)
_FUTURE = re.compile(
    r"\b(will|'ll|shall|next|upcoming|scheduled|due to|is to|are to|plans? to|planning to|"
    r"expected to|set to|going to|expects?|forecasts?)\b",
    re.IGNORECASE,
)


def resolve_date(text: str, anchor: str | None, *, future: bool = False) -> Resolution:
    """Resolve one date expression against an ISO anchor date.

    `future` says the sentence speaks of what is to come, so a bare weekday or month is the next
    one rather than the last one.

    >>> resolve_date("last September", "2024-06-19")
    ('2023-09', 'month')
    """
    s = _normalise(text)
    if not s or "%" in s or _NAME_LIKE.search(text.strip()):
        return UNRESOLVED
    base = _to_date(anchor)
    if m := re.fullmatch(
        r"the (?:past|last|next|coming) (week|month|year|decade)",
        text.strip().lower(),
    ):
        # "the past year" is a length (P1Y), where "last year" is a date.
        return f"P{_iso_unit(m.group(1), 1)}", "duration"
    s = re.sub(r"\bfiscal (?:year (?=\d))?", "", s)  # "fiscal 2013", "this fiscal year"
    if m := _PART_OF.fullmatch(s):
        # "the end of March", "mid-2012", "the rest of the year": the period the part lies in.
        inner = m.group(1)
        inner = f"this {inner}" if inner in {"year", "month", "week"} else inner
        return resolve_date(inner, base.isoformat() if base else None, future=future)
    rules = (
        _reference, _set, _absolute, _century, _season, _quarter, _duration,
        _part_of_day, _clock, _relative_word, _weekday, _month_only, _week_of_month, _holiday,
        _parsed,
    )  # fmt: skip
    for rule in rules:
        result = rule(s, base, future)
        if result is not None:
            return result
    # "the early hours of Wednesday morning": one weekday inside a longer phrase names the day.
    days = re.findall(rf"\b(?:{_WEEKDAY_RE})\b", s)
    if len(days) == 1 and not re.search(rf"\d|\b(?:{_MONTH_RE})\b", s):
        return _weekday(days[0], base, future) or UNRESOLVED
    return UNRESOLVED


def find_dates(
    article: Article,
    anchor: str | None,
    settings: Settings,
    *,
    anchor_source: str | None = None,
) -> tuple[DateMention, ...]:
    """Find every date expression in `article.text` and resolve it against `anchor`.

    `anchor_source` says whose date the anchor is ("article" or "story"); it defaults to "article"
    when an anchor is given. Without an anchor, relative expressions come out unresolved.
    """
    if anchor is not None and _to_date(anchor) is None:
        log.debug("ignoring unreadable anchor %r for %s", anchor, article.id)
        anchor = None
    source = (anchor_source or "article") if anchor else None
    doc = parse(article.text, settings.spacy_model)
    mentions = []
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    rates = {m.span(1) for m in _RATE.finditer(article.text)}
    for start, end in _spans(article.text, doc):
        text = article.text[start:end]
        if _is_publication(doc, start, end):
            continue
        sentence = next((article.text[a:b] for a, b in sentences if a <= start < b), "")
        if _RANGE_END.search(article.text, 0, end) and re.fullmatch(r"\d{2}", text):
            # "1957-58": the second year takes the first one's century.
            first = article.text[max(0, start - 7) : start].strip(" -–")[-4:]
            text_for_value = first[:2] + text if first.isdigit() else text
        elif _DAY_RANGE_END.search(article.text, 0, end) and re.fullmatch(r"\d{1,2}", text):
            month = _DAY_RANGE_END.search(article.text, 0, end).group(0).split()[0]  # type: ignore[union-attr]
            year = re.match(r",? (\d{4})\b", article.text[end:])
            text_for_value = f"{month} {text}" + (f", {year.group(1)}" if year else "")
        elif (d := _DAY_RANGE.match(article.text, start)) and d.end(1) == end:
            year = re.match(r",? (\d{4})\b", article.text[d.end() :])
            text_for_value = text + (f", {year.group(1)}" if year else "")
        elif (pair := _DECADE_PAIR.search(article.text, max(0, start - 20), end)) and (
            pair.span(2) == (start, end)
        ):
            text_for_value = f"the {pair.group(1)}{text}"
        elif (start, end) in rates:
            text_for_value = f"per {text.split()[-1]}"  # "7 percent a year": a rate, a SET
        elif (m := _CLOCK_RANGE.match(article.text, _word_start(article.text, start, 8))) and (
            m.start(1) == start
        ):
            text_for_value = f"{text} {m.group(3)}.m."
        else:
            text_for_value = text
        future = _tense(doc, start, end)
        if future is None:
            future = bool(_FUTURE.search(sentence))
        value, granularity = resolve_date(text_for_value, anchor, future=future)
        parts = [(start, end, value, granularity)]
        if value is None and (joint := _JOINT.search(text)):
            # "from last Thursday through Tuesday": two dates, each resolved on its own (dev set).
            left = resolve_date(text[: joint.start()], anchor, future=future)
            right_text = text[joint.end() :]
            if pair := _DECADE_PAIR.search(text):
                right_text = f"the {pair.group(1)}{right_text}"
            right = resolve_date(right_text, anchor, future=future)
            if left[0] is not None and right[0] is not None:
                parts = [
                    (start, start + joint.start(), *left),
                    (start + joint.end(), end, *right),
                ]
        mentions.extend(
            DateMention(
                text=article.text[a:b],
                value=v,
                granularity=g,
                anchor=anchor,
                article_id=article.id,
                start=a,
                end=b,
                anchor_source=source,
            )
            for a, b, v, g in parts
        )
    mentions = _clock_on_named_day(article.text, mentions)
    return tuple(_relative_to_neighbours(article.text, mentions, sentences))


_NAMES_DAY = re.compile(rf"\b(?:today|yesterday|tomorrow|tonight|{_WEEKDAY_RE}|{_MONTH_RE})\b")


def _clock_on_named_day(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """Put a bare clock time on the day its paragraph last named, not on the anchor's day.

    "Nov. 8, 1994 _ He is at home at 9:30 p.m." happened on Nov. 8, 1994 (a chronology in the
    dev set, #6); with no day named earlier in the paragraph the anchor's day stays.
    """
    out = list(mentions)
    for i, m in enumerate(mentions):
        if m.granularity != "time" or not m.value or _NAMES_DAY.search(m.text.lower()):
            continue
        named = [
            p for p in out[:i]
            if p.granularity == "day" and p.value and "\n" not in text[p.end : m.start]
        ]  # fmt: skip
        if named:
            out[i] = replace(m, value=named[-1].value + m.value[10:])
    return out


_OFFSET = re.compile(rf"({_NUM_RE})[- ]{_UNIT_RE}(?: (later|earlier|after|before))?$")


def _relative_to_neighbours(
    text: str, mentions: list[DateMention], sentences: list[tuple[int, int]]
) -> list[DateMention]:
    """Resolve "four months after February 2022" and "two years later" against the date they
    count from: the date right after "after/before", or the sentence's last date for "later"."""
    out = list(mentions)
    for i, m in enumerate(mentions):
        if m.granularity != "duration":
            continue
        match = _OFFSET.search(_normalise(m.text))
        if not match or match.group(2) in _TIME_UNITS | {"hours", "minutes", "seconds"}:
            continue
        amount = _NUMBERS.get(match.group(1)) or float(match.group(1))
        word, end = match.group(3), m.end
        follow = re.match(r"\s+(after|before)\s+", text[m.end :]) if word is None else None
        if follow and i + 1 < len(mentions) and mentions[i + 1].start == m.end + follow.end():
            origin, word, end = mentions[i + 1], follow.group(1), mentions[i + 1].end
        elif word in {"later", "earlier"}:
            sentence = next(((a, b) for a, b in sentences if a <= m.start < b), (m.start, m.end))
            earlier = [p for p in out[:i] if p.start >= sentence[0] and p.granularity in _CALENDAR]
            if not earlier:
                continue
            origin = earlier[-1]
        else:
            continue
        start_day = _period_start(origin.value) if origin.granularity in _CALENDAR else None
        if start_day is None:
            continue
        sign = -1 if word in {"before", "earlier"} else 1
        value, granularity = _shift(start_day, match.group(2), sign * amount)
        out[i] = DateMention(
            text=text[m.start : end], value=value, granularity=granularity, anchor=m.anchor,
            article_id=m.article_id, start=m.start, end=end, anchor_source=m.anchor_source,
        )  # fmt: skip
    return out


_CALENDAR = frozenset({"day", "month", "year"})


def _period_start(value: str | None) -> date | None:
    """The first day of a "YYYY", "YYYY-MM" or "YYYY-MM-DD" value."""
    if value and (m := re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)):
        try:
            return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
        except ValueError:
            return None
    return None


def _spans(text: str, doc: object) -> list[tuple[int, int]]:
    """Date spans from NER plus patterns, overlapping ones merged into the longest."""
    found: list[tuple[int, int]] = []
    for ent in doc.ents:  # type: ignore[attr-defined]
        if ent.label_ == "DATE" or (ent.label_ == "TIME" and _has_date_word(ent.text)):
            start, end = _trim(text, ent.start_char, ent.end_char)
            if m := _LENGTH_SUFFIX.match(text, end):
                end = m.end()  # spaCy tags "day" of "day-long"
            if m := _PART_OF_DAY_SUFFIX.match(text, end):
                end = m.end()  # spaCy splits "Tuesday morning" into a DATE and a TIME
            if re.fullmatch(r"(?:week|month|year)", text[start:end]) and (
                m := re.search(r"\b(?:this|last|next|that)\s+$", text[max(0, start - 6) : start])
            ):
                start -= len(m.group(0))  # spaCy tags "year" of "this year's" alone (dev set)
            if start < end:
                found.append((start, end))
    found.extend(m.span() for m in _EXTRA_SPANS.finditer(text))
    found.extend(m.span() for m in _CLOCK_RANGE.finditer(text))
    found.extend(m.span(1) for m in _RATE.finditer(text))
    found.sort(key=lambda se: (se[0], -se[1]))
    merged: list[tuple[int, int]] = []
    for start, end in found:
        joins = bool(merged) and (
            # spaCy cuts "the early hours of | Monday" in two: "of" ties them back together.
            text[merged[-1][0] : merged[-1][1]].lower().endswith(" of")
            and not text[merged[-1][1] : start].strip()
        )
        if merged and (start < merged[-1][1] or joins):
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
            continue
        merged.append((start, end))
    split: list[tuple[int, int]] = []
    for start, end in merged:
        # "2009-2010" and "1957-58" are two years, as TimeML marks them.
        m = _RANGE.search(text, start, end) or _CLOCK_RANGE.search(text, start, end)
        days = _DAY_RANGE.search(text, start, end)
        if days and int(days.group(1).split()[-1]) < int(days.group(2)) <= 31:
            m = m or days
        if m:
            split.extend([m.span(1), m.span(2)])
        else:
            split.append((start, end))
    pairs = {m.span(2) for m in _DECADE_PAIR.finditer(text)}
    return [
        (s, e)
        for s, e in split
        if (s, e) in pairs
        or (
            not _NAME_LIKE.search(_word_around(text, s, e))
            and _datey(text[s:e])
            # A bare count ("65", "48") is an age or a tally, unless it ends a year range.
            and (
                not re.fullmatch(r"\d{1,3}", text[s:e])
                or _RANGE_END.search(text, 0, e)
                or _CLOCK_RANGE.match(text, _word_start(text, s, 8))
                or _DAY_RANGE_END.search(text, 0, e)
            )
        )
    ]


def _is_publication(doc: object, start: int, end: int) -> bool:
    """ "a Turkish daily reported": "daily" or "weekly" as a noun names a newspaper (dev set)."""
    if doc.text[start:end].lower() not in _SETS:  # type: ignore[attr-defined]
        return False
    span = doc.char_span(start, end, alignment_mode="expand")  # type: ignore[attr-defined]
    return (
        span is not None
        and len(span) == 1
        and span.root.pos_ in {"NOUN", "PROPN"}
        and (span.root.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj", "appos", "conj", "ROOT"})
    )


def _word_start(text: str, start: int, words: int) -> int:
    """Where "between" would start if it is `words` characters back or fewer."""
    at = text.rfind("between ", max(0, start - words - 1), start)
    return at if at >= 0 else start


def _word_around(text: str, start: int, end: int) -> str:
    """The whitespace-delimited token(s) holding the span, to catch "2019-nCoV"."""
    left = start
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = end
    while right < len(text) and not text[right].isspace() and text[right] not in ",.;:)\"'”’":
        right += 1
    return text[left:right]


def _datey(span: str) -> bool:
    s = span.lower()
    return bool(
        re.search(r"\d", s)
        or re.search(rf"\b({_MONTH_RE}|{_WEEKDAY_RE}|christmas|halloween)\b", s)
        or re.search(
            r"\b(today|yesterday|tomorrow|tonight|week|month|year|decade|centur|day|night|hour|"
            r"minute|season|spring|summer|autumn|fall|winter|morning|evening|afternoon|weekend|"
            r"now|recent|past|future|ago|quarter|current|daily|weekly|monthly|annual|yearly|"
            r"noon|midnight|[ap]\.?m\b)",
            s,
        )
    )


def _has_date_word(span: str) -> bool:
    s = span.lower()
    return bool(
        re.search(rf"\b({_WEEKDAY_RE}|today|yesterday|tomorrow|tonight|{_UNIT_RE})\b", s)
        or re.search(r"\d ?[ap]\.?m\b|\bnoon\b|\bmidnight\b", s)
    )


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a trailing possessive so "Wednesday's" cites "Wednesday"."""
    for suffix in ("'s", "’s"):
        if text[start:end].endswith(suffix):
            end -= len(suffix)
    return start, end


def _normalise(text: str) -> str:
    s = text.lower().replace("’", "'").replace("–", "-").replace("—", "-").strip(" .,;:'\"")
    s = re.sub(r"'s$", "", s)
    s = re.sub(r"^(?:the|on|in|by|at|since|until|from|during|of|for)\s+", "", s)
    s = re.sub(r"^(?:the)\s+", "", s)
    return re.sub(r"\s+", " ", s)


def _to_date(iso: str | None) -> date | None:
    if not iso:
        return None
    try:
        return date.fromisoformat(iso[:10])
    except ValueError:
        return None


def _absolute(s: str, base: date | None, future: bool) -> Resolution | None:
    """Years, decades, month-year pairs and full dates: no anchor needed."""
    if m := re.fullmatch(r"(?:the )?(?:early |late |mid-?)?(\d{3})0'?s", s):
        return m.group(1), "decade"
    if m := re.fullmatch(r"(?:the )?(?:early |late |mid-?)?'([1-9])0s", s):
        # "the '90s" is the last century's when the anchor is this one's (or none is given).
        century = base.year // 100 - 1 if base else 19
        return f"{century:02d}{m.group(1)}", "decade"
    if m := re.fullmatch(r"(?:early |late |mid-?|(?:the )?(?:beginning|end|start) of )?(\d{4})", s):
        year = int(m.group(1))
        return (f"{year:04d}", "year") if 1000 <= year <= 2100 else UNRESOLVED
    if m := re.fullmatch(rf"(?:early |late |mid-?)?({_MONTH_RE})\.?,? (?:of )?(\d{{4}})", s):
        return f"{int(m.group(2)):04d}-{_MONTHS[m.group(1)]:02d}", "month"
    if m := re.fullmatch(r"\d{2}", s):
        return UNRESOLVED
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s):
        return _iso_day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def _iso_day(year: int, month: int, day: int) -> Resolution:
    try:
        return date(year, month, day).isoformat(), "day"
    except ValueError:
        return UNRESOLVED


def _duration(s: str, base: date | None, future: bool) -> Resolution | None:
    """ "five hours", "two-day", "24 years"; "X ago" resolves, "X after/before" cannot."""
    m = re.fullmatch(
        rf"(?:(?:about|around|nearly|almost|some|more than|less than|fewer than|over|under|"
        rf"at least|at most|up to|roughly|approximately|another|an additional|a further|a mere|"
        rf"just over|just under|just|only|barely|well over) |"
        rf"(?:the|these|those) (?:past|last|next|previous|coming|first) |"
        rf"(?:past|last|next|previous|first) )?"
        rf"({_NUM_RE})[- ]{_UNIT_RE}(?:[- ]long| old)?"
        r"( ago| earlier| later| before| after| from now)?",
        s,
    )
    if not m:
        if m2 := re.fullmatch(rf"(?:a |one )?{_UNIT_RE}[- ]?long", s):
            return f"P{_iso_unit(m2.group(1), 1)}", "duration"
        if re.fullmatch(rf"(?:a few |few |several |many |some |a couple of )?{_UNIT_RE} ago", s):
            return "PAST_REF", "reference"  # "years ago": some time before, TimeML's PAST_REF
        if (m2 := _VAGUE_DURATION.fullmatch(s)) and s.endswith("s"):
            # TimeML writes an unknown count as X: "recent weeks" is PXW, a length, not a date.
            return _vague_duration(m2.group(1)), "duration"
        return None
    raw, unit, tail = m.group(1), m.group(2), (m.group(3) or "").strip()
    amount = _NUMBERS.get(raw) if raw in _NUMBERS else float(raw)
    if amount is None:
        return UNRESOLVED
    if tail == "ago" and base is not None and unit not in _TIME_UNITS:
        return _shift(base, unit, -amount)
    if tail == "from now" and base is not None and unit not in _TIME_UNITS:
        return _shift(base, unit, amount)
    # "four months after" an event we cannot date: keep the length, not a guessed date.
    return f"P{_iso_unit(unit, amount)}", "duration"


def _vague_duration(unit: str) -> str:
    unit = unit.rstrip("s") if unit != "centuries" else "centurie"
    if unit in _TIME_UNITS:
        return f"PTX{_UNITS[unit]}"
    return f"PX{_UNITS[unit]}"


def _iso_unit(unit: str, amount: float) -> str:
    unit = unit.rstrip("s") if unit != "centuries" else "centurie"
    if unit in {"decade", "century", "centurie"}:
        amount, unit = amount * (10 if unit == "decade" else 100), "year"
    number = f"{int(amount)}" if float(amount).is_integer() else f"{amount}"
    code = _UNITS[unit]
    return f"T{number}{code}" if unit.rstrip("s") in _TIME_UNITS else f"{number}{code}"


def _shift(base: date, unit: str, amount: float) -> Resolution:
    unit = unit.rstrip("s")
    n = int(amount)
    if unit in {"day", "night"}:
        return (base + timedelta(days=n)).isoformat(), "day"
    if unit == "week":
        return _iso_week(base + timedelta(weeks=n)), "week"
    if unit == "month":
        return _month(base.year, base.month + n), "month"
    if unit == "year":
        return f"{base.year + n:04d}", "year"
    if unit == "decade":
        return f"{(base.year + 10 * n) // 10:03d}", "decade"
    return UNRESOLVED


def _month(year: int, month: int) -> str:
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    return f"{year:04d}-{month:02d}"


def _iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _relative_word(s: str, base: date | None, future: bool) -> Resolution | None:
    """today, last week, earlier this year, this month…"""
    s = re.sub(r"^(?:earlier|later|early|late|so far) ", "", s)
    s = re.sub(r" (?:morning|afternoon|evening|night)$", "", s)
    if s == "weekend" and base is not None:
        # "the weekend": the one just past, or the coming one when the verb looks ahead.
        saturday = base + timedelta(days=(5 - base.weekday()) % 7)
        if not future and saturday > base:
            saturday -= timedelta(days=7)
        return _iso_week(saturday) + "-WE", "week"
    days = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "this": 0}
    if s in days:
        return (base + timedelta(days=days[s])).isoformat() if base else None, "day" if base else (
            "unresolved"
        )
    m = re.fullmatch(r"(this|last|next|past|previous|coming) (week|month|year|weekend)", s)
    if not m:
        return None
    if base is None:
        return UNRESOLVED
    step = {"this": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}[m.group(1)]
    unit = m.group(2)
    if unit == "weekend":
        return _iso_week(base + timedelta(weeks=step)) + "-WE", "week"
    if unit == "week":
        return _iso_week(base + timedelta(weeks=step)), "week"
    if unit == "month":
        return _month(base.year, base.month + step), "month"
    return f"{base.year + step:04d}", "year"


def _weekday(s: str, base: date | None, future: bool) -> Resolution | None:
    m = re.fullmatch(
        rf"(?:(last|next|this|early|late|coming|past) )?({_WEEKDAY_RE})"
        r"(?: (?:morning|afternoon|evening|night|midday|noon))?",
        s,
    )
    if not m:
        return None
    if base is None:
        return UNRESOLVED
    target = _WEEKDAYS[m.group(2)]
    mod = m.group(1)
    delta = (target - base.weekday()) % 7
    if mod == "next" or (mod in {None, "coming", "this"} and future and delta):
        day = base + timedelta(days=delta or 7)
    elif mod == "last" and delta == 0:
        day = base - timedelta(days=7)
    else:
        # "on Wednesday" in a story dated Wednesday is that day; otherwise the last one.
        day = base - timedelta(days=(7 - delta) % 7)
    return day.isoformat(), "day"


def _month_only(s: str, base: date | None, future: bool) -> Resolution | None:
    m = re.fullmatch(
        r"(?:(?:early|late|mid-?|earlier|later) ?)?"
        r"(?:(last|next|this|early|late|mid-?|earlier|later) ?)?"
        rf"({_MONTH_RE})\.?"
        r"(?: (this|last|next) year)?",
        s,
    )
    if not m:
        return None
    if base is None:
        return UNRESOLVED
    mod, month, year_word = m.group(1), _MONTHS[m.group(2)], m.group(3)
    if year_word:
        year = base.year + {"this": 0, "last": -1, "next": 1}[year_word]
    elif mod == "last":
        year = base.year if month < base.month else base.year - 1
    elif mod == "next":
        year = base.year if month > base.month else base.year + 1
    elif future and mod != "this":
        # "in March" said in March and looking ahead is this March.
        year = base.year if month >= base.month else base.year + 1
    elif mod == "this":
        year = base.year
    else:
        year = base.year if month <= base.month else base.year - 1
    return f"{year:04d}-{month:02d}", "month"


def _week_of_month(s: str, base: date | None, future: bool) -> Resolution | None:
    """ "the third week of October 1992": the ISO week of the month's 18th (dev set, #6)."""
    m = re.fullmatch(
        rf"(first|second|third|fourth|fifth|last|final) week of ({_MONTH_RE})\.?"
        r"(?:,? (?:of )?(\d{4}))?",
        s,
    )
    if not m:
        return None
    if m.group(3):
        year, month = int(m.group(3)), _MONTHS[m.group(2)]
    else:
        resolved = _month_only(m.group(2), base, future)
        if resolved is None or resolved[0] is None:
            return UNRESOLVED
        year, month = int(resolved[0][:4]), int(resolved[0][5:7])
    if m.group(1) in {"last", "final"}:
        day = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=4)
    else:
        # Counted as ISO counts weeks in a year: the first is the one holding the 4th.
        try:
            day = date(year, month, 4 + 7 * (_ORDINALS[m.group(1)] - 1))
        except ValueError:
            return UNRESOLVED
    return _iso_week(day), "week"


def _holiday(s: str, base: date | None, future: bool) -> Resolution | None:
    """ "Christmas", "Veterans Day 1997": the last one, or the next when the verb looks ahead."""
    m = re.fullmatch(rf"(?:(last|next|this) )?({_HOLIDAY_RE})(?:,? (\d{{4}}))?", s)
    if not m:
        return None
    month, day = _HOLIDAYS[m.group(2)]
    if m.group(3):
        return _iso_day(int(m.group(3)), month, day)
    if base is None:
        return UNRESOLVED
    this_year = date(base.year, month, day)
    ahead = m.group(1) == "next" or (m.group(1) != "last" and future)
    if m.group(1) == "this":
        return this_year.isoformat(), "day"
    if ahead:
        return (
            this_year if this_year >= base else this_year.replace(year=base.year + 1)
        ).isoformat(), "day"
    return (
        this_year if this_year <= base else this_year.replace(year=base.year - 1)
    ).isoformat(), "day"


def _parsed(s: str, base: date | None, future: bool) -> Resolution | None:
    """Month-day dates and numeric dates, handed to dateparser with the anchor."""
    has_month = re.search(rf"\b({_MONTH_RE})\b", s)
    numeric = re.fullmatch(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}", s)
    if not (has_month or numeric) or not re.search(r"\d", s):
        return None
    has_year = bool(re.search(r"\b\d{4}\b", s)) or bool(numeric)
    if not has_year and base is None:
        return UNRESOLVED
    cleaned = re.sub(r"\b(?:early|late|mid|on|the)\b", " ", s)
    cleaned = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", cleaned).strip()
    data = _date_parser(base, future).get_date_data(cleaned)
    if data.date_obj is None:
        return UNRESOLVED
    if not _day_present(cleaned):
        return f"{data.date_obj.year:04d}-{data.date_obj.month:02d}", "month"
    if not has_year and base is not None:
        # A month-day without a year is the nearest such day to the anchor, not always the past.
        candidates = []
        for year in (base.year - 1, base.year, base.year + 1):
            try:
                candidates.append(date(year, data.date_obj.month, data.date_obj.day))
            except ValueError:
                continue
        best = min(candidates, key=lambda d: abs((d - base).days))
        return best.isoformat(), "day"
    return data.date_obj.date().isoformat(), "day"


@lru_cache(maxsize=64)
def _date_parser(base: date | None, future: bool) -> DateDataParser:
    """One parser per anchor and direction: building one costs more than parsing a date."""
    settings: dict[str, object] = {"PREFER_DATES_FROM": "future" if future else "past"}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    return DateDataParser(languages=["en"], settings=settings)


def _day_present(s: str) -> bool:
    without_year = re.sub(r"\b\d{4}\b", "", s)
    return bool(re.search(r"\b\d{1,2}\b", without_year))


def _reference(s: str, base: date | None, future: bool) -> Resolution | None:
    """ "now", "currently", "recently", "the future": TimeML's PRESENT_REF, PAST_REF, FUTURE_REF."""
    value = _REFERENCES.get(s)
    return (value, "reference") if value else None


def _set(s: str, base: date | None, future: bool) -> Resolution | None:
    """ "every week", "annually", "twice a year": a SET valued by its period (P1W)."""
    if value := _SETS.get(s):
        return value, "set"
    m = re.fullmatch(rf"(every |each )?({_WEEKDAY_RE})(s?)", s)
    if m and (m.group(1) or m.group(3)):
        return f"XXXX-WXX-{_WEEKDAYS[m.group(2)] + 1}", "set"
    m = re.fullmatch(r"(?:(?:once|twice|\w+ times) )?(?:every|each|a|per) (day|week|month|year)", s)
    if m and not s.startswith("a "):  # "a week" is a length; "twice a week" a set
        return f"P{_iso_unit(m.group(1), 1)}", "set"
    return None


def _century(s: str, base: date | None, future: bool) -> Resolution | None:
    """ "the 20th century" is "19"; "this century" the anchor's."""
    m = re.fullmatch(r"(?:early |late |mid-?)?(\d{1,2})(?:st|nd|rd|th) century", s)
    if m or (m := re.fullmatch(r"(?:early |late |mid-?)?([a-z-]+) century", s)):
        word = m.group(1)
        if word.isdigit():
            n = int(word)
        elif word in {"this", "last", "next", "past", "previous"}:
            if base is None:
                return UNRESOLVED
            step = {"this": 0, "next": 1}.get(word, -1)
            return f"{base.year // 100 + step:02d}", "century"
        elif word in _ORDINALS and word not in {"last", "final"}:
            n = _ORDINALS[word]
        else:
            return None
        return f"{n - 1:02d}", "century"
    return None


def _season(s: str, base: date | None, future: bool) -> Resolution | None:
    """ "last summer", "winter 2012", "this spring": YYYY-SU/WI/SP/FA."""
    m = re.fullmatch(
        r"(?:(this|last|next|past|coming|early|late|mid-?) ?)?(spring|summer|autumn|fall|winter)"
        r"(?: (?:of )?(\d{4}|this year|last year|next year))?",
        s,
    )
    if not m:
        return None
    mod, season, year_text = m.group(1), _SEASONS[m.group(2)], m.group(3)
    if year_text and year_text[0].isdigit():
        return f"{year_text}-{season}", "season"
    if base is None:
        return UNRESOLVED
    if year_text:
        year = base.year + {"this": 0, "last": -1, "next": 1}[year_text.split()[0]]
        return f"{year:04d}-{season}", "season"
    # Seasons sorted by the month they start in, counted from March; winter (Dec-Feb) takes the
    # year it starts in, as HeidelTime writes it.
    start = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[season]
    now = _season_month(base)
    own = base.year - (1 if base.month < 3 else 0)
    if mod in {"last", "past"}:
        return f"{own if start + 3 <= now else own - 1:04d}-{season}", "season"
    if mod in {"next", "coming"}:
        return f"{own if start > now else own + 1:04d}-{season}", "season"
    if future and mod != "this":
        return f"{own if start + 3 > now else own + 1:04d}-{season}", "season"
    if mod == "this":
        return f"{own:04d}-{season}", "season"
    return f"{own if start <= now else own - 1:04d}-{season}", "season"


def _season_month(base: date) -> int:
    """The anchor's month counted from March, so winter (Dec-Feb) sorts last."""
    return base.month if base.month >= 3 else base.month + 12


def _quarter(s: str, base: date | None, future: bool) -> Resolution | None:
    """ "the first quarter of 2013", "last quarter", "the fourth quarter": YYYY-Q1."""
    m = re.fullmatch(
        r"(?:(this|last|next|current|previous|coming|past) quarter)"
        r"|(?:(first|second|third|fourth|1st|2nd|3rd|4th|q[1-4]) (?:quarter|half)|q[1-4])"
        r"(?: (?:of )?(?:(\d{4})|(this|last|next) year))?|(first|second) half"
        r"(?: (?:of )?(?:(\d{4})|(this|last|next) year))?",
        s,
    )
    if not m:
        return None
    if (rel := m.group(1)) is not None:
        if base is None:
            return UNRESOLVED
        step = {"next": 1, "coming": 1, "this": 0, "current": 0}.get(rel, -1)
        index = base.year * 4 + (base.month - 1) // 3 + step
        return f"{index // 4:04d}-Q{index % 4 + 1}", "quarter"
    if m.group(5):  # "the first half"
        half, year_text, rel = (1 if m.group(5) == "first" else 2), m.group(6), m.group(7)
        code, number, months = "H", half, 6
    else:
        word = m.group(2) or s
        number = {"first": 1, "second": 2, "third": 3, "fourth": 4}.get(word) or int(word[-1:])
        if word[0].isdigit():
            number = int(word[0])
        half = "half" in s
        code, months = ("H", 6) if half else ("Q", 3)
        year_text, rel = m.group(3), m.group(4)
        if half and number > 2:
            return None
    if year_text:
        return f"{year_text}-{code}{number}", "quarter"
    if base is None:
        return UNRESOLVED
    if rel:
        year = base.year + {"this": 0, "last": -1, "next": 1}[rel]
        return f"{year:04d}-{code}{number}", "quarter"
    current = (base.month - 1) // months + 1
    year = base.year
    if number > current and not future:
        year -= 1  # "the fourth quarter" said in March is last year's
    return f"{year:04d}-{code}{number}", "quarter"


def _part_of_day(s: str, base: date | None, future: bool) -> Resolution | None:
    """ "this morning", "tonight", "Friday evening": the day they fall on."""
    if s == "tonight":
        return (base.isoformat(), "day") if base else UNRESOLVED
    m = re.fullmatch(
        rf"(this|today|yesterday|tomorrow|last|(?:(?:last|next|this|coming) )?(?:{_WEEKDAY_RE})) "
        r"(morning|afternoon|evening|night|midday|noon)",
        s,
    )
    if not m:
        return None
    if base is None:
        return UNRESOLVED
    day_word = m.group(1)
    if day_word == "last" and m.group(2) == "night":
        day: str | None = (base - timedelta(days=1)).isoformat()
    elif day_word in {"this", "today", "yesterday", "tomorrow"}:
        offset = {"yesterday": -1, "tomorrow": 1}.get(day_word, 0)
        day = (base + timedelta(days=offset)).isoformat()
    elif day_word == "last":
        return None
    else:
        resolved = _weekday(day_word, base, future)
        day = resolved[0] if resolved else None
    # TimeML writes "2025-03-11TMO"; the fact map compares event days, so the day stays the value.
    return (day, "day") if day else UNRESOLVED


def _clock(s: str, base: date | None, future: bool) -> Resolution | None:
    """ "3 p.m.", "10:30 a.m. Friday", "15:00 GMT Saturday", "noon": a TIME on the anchor's day
    (or the named one)."""
    day_re = rf"today|yesterday|tomorrow|{_WEEKDAY_RE}"
    m = re.fullmatch(
        rf"(?:(?P<before>{day_re}),? (?:at )?)?"
        r"(?:(?:at )?(?:about|around|approximately|roughly|shortly after|shortly before|"
        r"just after|just before|after|before|by|until|till) )?"
        r"(?:(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))? ?(?P<ap>[ap])\.?m\.?"
        r"|(?P<h24>\d{1,2}):(?P<m24>\d{2})|(?P<word>noon|midnight))"
        r"(?: (?:local time|[a-z]{2,4}t|gmt|utc))?"
        rf"(?:,? (?:on )?(?P<after>{day_re}))?",
        s,
    )
    if not m:
        return None
    if base is None:
        return UNRESOLVED
    if m["word"]:
        clock = _PARTS_OF_DAY[m["word"]]
    elif m["h24"]:
        hour, minute = int(m["h24"]), int(m["m24"])
        if not (hour < 24 and minute < 60):
            return UNRESOLVED
        clock = f"T{hour:02d}:{minute:02d}"
    else:
        hour, minute = int(m["h"]), int(m["m"] or 0)
        if not (1 <= hour <= 12 and minute < 60):
            return UNRESOLVED
        hour = hour % 12 + (12 if m["ap"] == "p" else 0)
        # TimeML keeps the precision said: "10 p.m." is T22, "9:30 p.m." T21:30 (dev set, #6).
        clock = f"T{hour:02d}:{minute:02d}" if m["m"] else f"T{hour:02d}"
    day_word = m["before"] or m["after"]
    if day_word in _WEEKDAYS:
        resolved = _weekday(day_word, base, future)
        day = resolved[0] if resolved else None
    else:
        offset = {"yesterday": -1, "tomorrow": 1}.get(day_word or "", 0)
        day = (base + timedelta(days=offset)).isoformat()
    return (f"{day}{clock}", "time") if day else UNRESOLVED


_EXPECTING = frozenset(
    {"expect", "plan", "schedule", "intend", "forecast", "hope", "aim", "due", "set", "prepare",
     "predict", "promise", "vow", "pledge", "threaten", "propose", "want", "seek", "agree",
     "announce"}
)  # fmt: skip
# Headline-present verbs of saying tell of the past: "Castro says Sunday he disagrees".
_REPORTING = frozenset(
    {"say", "tell", "report", "claim", "add", "note", "state", "write", "insist", "argue", "deny",
     "warn", "accuse", "confirm", "announce", "describe", "admit", "reveal", "show", "urge"}
)  # fmt: skip
_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "gon"})


def _tense(doc: object, start: int, end: int) -> bool | None:
    """Does the verb governing a date speak of the future? None when no verb decides.

    HeidelTime's news mode resolves "on Tuesday" by the tense of its sentence; the governing verb
    is closer: "He said on Monday he will resign" dates the saying, not the resigning.
    """
    span = doc.char_span(start, end, alignment_mode="expand")  # type: ignore[attr-defined]
    if span is None:
        return None
    token = span.root
    for _ in range(5):
        if token.pos_ in {"VERB", "AUX"} and token.dep_ not in {"aux", "auxpass"}:
            break
        if token.head is token:
            return None
        token = token.head
    else:
        return None
    if token.pos_ not in {"VERB", "AUX"}:
        return None
    auxes = [c for c in token.children if c.dep_ in {"aux", "auxpass"}]
    if token.tag_ == "VBG" and not auxes and token.head.pos_ in {"VERB", "AUX"}:
        # "is heading to Africa beginning Thursday": the bare participle takes its verb's tense.
        token = token.head
        auxes = [c for c in token.children if c.dep_ in {"aux", "auxpass"}]
    if any(a.lower_ in _FUTURE_AUX for a in auxes):
        return True
    infinitive = token.tag_ == "VB" or (
        token.tag_ == "VBN" and any(a.lower_ == "be" for a in auxes)
    )  # "to ease", and the passive "to be published"
    if any(a.lower_ == "to" for a in auxes) and infinitive:
        # "expect the wind to ease on Tuesday", "is due to be published in May"
        head = token.head
        if head.pos_ in {"NOUN", "PROPN"}:
            return True  # "a program to run through June": a plan, not yet done
        if head.lemma_.lower() in _EXPECTING or head.lower_ == "going":
            return head.tag_ != "VBD" or head.lemma_.lower() in {"schedule", "set", "due"}
        head_auxes = {a.tag_ for a in head.children if a.dep_ in {"aux", "auxpass"}}
        if head.tag_ in {"VBZ", "VBP"} or (
            head.tag_ in {"VBN", "VBG"} and head_auxes & {"VBZ", "VBP"}
        ):
            return True  # an infinitive hung on a present verb is still to happen
        return None
    if token.tag_ == "VBN" and token.lemma_.lower() in _EXPECTING:
        # "is scheduled for Friday" looks ahead; "was scheduled" may not, but "was expected in
        # Ankara on Monday" reports what is still to come (dev set, #6).
        if token.lemma_.lower() in {"expect", "due"}:
            return True
        return any(a.tag_ in {"VBZ", "VBP"} for a in auxes) or None
    if token.tag_ == "VBG" and any(a.tag_ in {"VBZ", "VBP"} for a in auxes):
        return True  # "they are meeting on Thursday": the present progressive plans ahead
    if token.tag_ in {"VBD", "VBN"} or any(a.tag_ == "VBD" for a in auxes):
        return False
    if token.tag_ in {"VBZ", "VBP"} and token.lemma_.lower() in _EXPECTING:
        return True
    if token.tag_ == "VBZ" and token.lower_.endswith("s") and not auxes:
        # "the army gets its say Monday": news tells the past in the past tense. Only VBZ: the
        # small model tags nouns as VBP ("the first snowfall in ten years", dev set).
        return token.lemma_.lower() not in _REPORTING or None
    return None
