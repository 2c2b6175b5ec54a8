"""Rule-based sentence splitting with character offsets into the article text.

spaCy's parser runs at ~10k words/s, too slow for the 0.5 s budget of a 10-article summary
(issue #4), so sentences come from a regex splitter that keeps exact offsets: `text[start:end]`
is the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "mt",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "gov",
        "sen",
        "rep",
        "rev",
        "hon",
        "pres",
        "supt",
        "maj",
        "cpl",
        "pvt",
        "brig",
        "insp",
        "det",
        "fr",
        "messrs",
        "mme",
        "mlle",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "inc",
        "ltd",
        "co",
        "corp",
        "bros",
        "dept",
        "univ",
        "assn",
        "est",
        "approx",
        "vs",
        "etc",
        "al",
        "fig",
        "no",
        "nos",
        "vol",
        "ed",
        "eds",
        "op",
        "cf",
        "ca",
        "ave",
        "blvd",
        "rd",
        "hwy",
        "ft",
        "ala",
        "ariz",
        "ark",
        "calif",
        "colo",
        "conn",
        "del",
        "fla",
        "ga",
        "ill",
        "ind",
        "kan",
        "kans",
        "ky",
        "la",
        "md",
        "mass",
        "mich",
        "minn",
        "miss",
        "mo",
        "mont",
        "neb",
        "nev",
        "okla",
        "ore",
        "pa",
        "tenn",
        "tex",
        "va",
        "vt",
        "wash",
        "wis",
        "wyo",
    ]
)
"""Words whose trailing period does not end a sentence (titles, months, US states in AP style)."""

# A candidate end: terminal punctuation, optional closing quotes/brackets, then whitespace.
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)")
# A period glued to the next sentence ("arrangement.Russian"), a scraping artefact in the seeds.
_GLUED = re.compile(r"(?<=[a-z]{3}[.!?])(?=[A-Z][a-z])|(?<=[.!?][\"”])(?=[A-Z][a-z])")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.$")
_INITIAL = re.compile(r"(?:^|[\s(])(?:[A-Z]|[A-Za-z]\.[A-Za-z])\.$")
_OPENER = re.compile(r"[\"'“‘(\[]*[A-Z0-9]")
_TERMINAL = re.compile(r"[.!?][\"'”’)\]]*$")
_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*[^\sa-z])")


@dataclass(frozen=True, slots=True)
class Span:
    """One sentence: `text[start:end]` of the article it came from."""

    start: int
    end: int
    text: str
    paragraph: int
    """Index of the paragraph (blank-line or new-line block) holding the sentence."""


def split_sentences(text: str) -> list[Span]:
    """Split `text` into sentences whose offsets slice it exactly, whitespace trimmed.

    A new line starts a sentence unless the next line begins in lower case (a wrapped line);
    a line without final punctuation (a headline) stays a sentence of its own.

    >>> [s.text for s in split_sentences("Mr. Kim met Putin. They talked.")]
    ['Mr. Kim met Putin.', 'They talked.']
    """
    spans: list[Span] = []
    pos = 0
    for paragraph, (block_end, gap_end) in enumerate(_blocks(text)):
        _split_block(text, pos, block_end, paragraph, spans)
        pos = gap_end
    return spans


def is_headline(sentence: str) -> bool:
    """Tell whether a sentence is a headline-like fragment: no final punctuation."""
    return _TERMINAL.search(sentence) is None


def _blocks(text: str) -> list[tuple[int, int]]:
    """Return (end of block, start of next block) pairs covering `text`."""
    out = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    out.append((len(text), len(text)))
    return out


def _split_block(text: str, start: int, end: int, paragraph: int, spans: list[Span]) -> None:
    cuts = [start]
    block = text[start:end]
    for m in _END.finditer(block):
        cut = m.end()
        if _is_boundary(block, m.start(), cut):
            cuts.append(start + cut)
    for m in _GLUED.finditer(block):
        cuts.append(start + m.start())
    cuts.append(end)
    cuts.sort()
    for a, b in pairwise(cuts):
        a, b = _strip(text, a, b)
        if a < b:
            spans.append(Span(a, b, text[a:b], paragraph))


def _is_boundary(block: str, punct: int, cut: int) -> bool:
    # Positions into `block`, never slices of it: slicing the rest of a long paragraph at every
    # full stop made splitting quadratic in the paragraph's length.
    following = cut
    while following < len(block) and block[following].isspace():
        following += 1
    if following == len(block) or not _OPENER.match(block, following):
        return False
    end = cut
    while end > 0 and block[end - 1] in "\"'”’)]":
        end -= 1
    if end and block[end - 1] == "." and not (end > 1 and block[end - 2] == "."):
        # `$` matches at `endpos`; the word before the stop is rarely longer than the window.
        lo = max(0, end - 32)
        word = _WORD_BEFORE.search(block, lo, end)
        if word and word.start() == lo and lo:
            word = _WORD_BEFORE.search(block, 0, end)
        if word and word.group(1).lower() in _ABBREVIATIONS:
            return False
        if _INITIAL.search(block, max(0, end - 8), end):
            return False
    return True


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b
