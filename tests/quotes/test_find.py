from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as settings_hypothesis
from hypothesis import strategies as st

from chorus.quotes.find import (
    _inside_marks,
    _same_quote,
    _words,
    find_attributions,
    find_quotes,
    quote_spans,
)
from chorus.records import Article, Citation, Quote
from chorus.settings import Settings


def _article(text: str, article_id: str = "a") -> Article:
    return Article(id=article_id, path=article_id, text=text)


def _one(text: str, settings: Settings):
    found = [a for a in find_attributions(_article(text), settings) if a.reported]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ('He said "yes" twice.', [((8, 13),)]),
        ("“One,” she said, “two.”", [((0, 6),), ((17, 23),)]),
        ("“First paragraph.\n“Second one.”\nAfter.", [((0, 17), (18, 31))]),
        ('An "unclosed quote runs on\nNext line.', [((3, 26),)]),
        ("No quotation marks at all.", []),
        ('Stray close" mark.', []),
    ],
)
def test_quote_spans_pairs_and_chains_marks(text: str, spans: list) -> None:
    assert quote_spans(text) == spans


def test_find_attributions_channel_cited_as_saying(settings: Settings) -> None:
    text = (
        'North Korean leader Kim Jong Un met Putin. "The situation in the world is becoming more '
        "complicated,\" Russia's TASS state news agency cited Kim as saying."
    )
    att = _one(text, settings)
    assert att.speaker == "Kim Jong Un"
    assert att.channel == "TASS"
    assert att.direct is True
    assert text[att.start : att.end] == (
        '"The situation in the world is becoming more complicated,"'
    )


def test_find_attributions_was_quoted_as_saying(settings: Settings) -> None:
    text = (
        'Kim Jong Un arrived. "North Korea expresses full support and solidarity to the Russian '
        'government," Kim was quoted as saying.'
    )
    att = _one(text, settings)
    assert (att.speaker, att.cue, att.direct) == ("Kim Jong Un", "quoted", True)


def test_find_attributions_quote_split_by_he_said(settings: Settings) -> None:
    text = (
        "Jens Stoltenberg spoke in Washington. "
        '"This demonstrates that our security is not regional," he said, '
        '"and what happens in Europe matters for Asia."'
    )
    att = _one(text, settings)
    assert att.speaker == "Jens Stoltenberg"
    assert [text[s:e] for s, e in att.fragments] == [
        '"This demonstrates that our security is not regional,"',
        '"and what happens in Europe matters for Asia."',
    ]


def test_find_attributions_title_and_name(settings: Settings) -> None:
    text = (
        "Any collaboration is something the White House is deeply concerned about, "
        "press secretary Karine Jean-Pierre said in a briefing Tuesday."
    )
    att = _one(text, settings)
    assert att.speaker == "Karine Jean-Pierre"
    assert att.direct is False
    assert text[att.start : att.end] == (
        "Any collaboration is something the White House is deeply concerned about"
    )


def test_find_attributions_indirect_speech(settings: Settings) -> None:
    text = "Russian Foreign Minister Sergey Lavrov said the West had breached many obligations."
    att = _one(text, settings)
    assert (att.speaker, att.cue, att.direct) == ("Sergey Lavrov", "said", False)
    assert text[att.start : att.end] == "the West had breached many obligations"


def test_find_attributions_according_to(settings: Settings) -> None:
    text = "According to South Korean state media, the palace is surrounded by a small lake."
    att = _one(text, settings)
    assert att.speaker == "South Korean state media"
    assert text[att.start : att.end] == "the palace is surrounded by a small lake"


@pytest.mark.parametrize(
    "text",
    [
        '"We will never give up on this city and its people, not now and not ever."',
        "“An opening mark that never closes, running to the end of the paragraph and on",
    ],
)
def test_find_attributions_quote_without_speaker_is_kept(text: str, settings: Settings) -> None:
    found = find_attributions(_article(text), settings)
    assert [(a.speaker, a.cue, a.direct) for a in found] == [(None, None, True)]
    assert text[found[0].start : found[0].end] == text.rstrip()


def test_find_attributions_seed_001_continues_across_paragraphs(
    seeds_dir: Path, settings: Settings
) -> None:
    path = seeds_dir / "001_c775f7104469f15f.txt"
    text = path.read_text(encoding="utf-8")
    found = find_attributions(_article(text, path.name), settings)
    reply = next(a for a in found if a.cue == "replied")
    quoted = text[reply.start : reply.end]
    assert reply.speaker == "Kim Jong Un"
    assert quoted.startswith("“I express my gratitude")
    assert quoted.endswith("construction of a sovereign state.”")
    assert quoted.count("\n") == 4


def test_find_quotes_merges_outlets(settings: Settings) -> None:
    a = _article('"We highly appreciate your consistent support," Putin said in Pyongyang.', "a")
    b = _article(
        'Vladimir Putin told Kim Jong Un: "We highly appreciate your consistent support."', "b"
    )
    quotes = find_quotes([a, b], settings)
    assert len(quotes) == 1
    assert [c.article_id for c in quotes[0].sources] == ["a", "b"]
    assert [{"a": a, "b": b}[c.article_id].text[c.start : c.end] for c in quotes[0].sources] == [
        "We highly appreciate your consistent support",
        "We highly appreciate your consistent support.",
    ]
    assert quotes[0].text == "We highly appreciate your consistent support"


@settings_hypothesis(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ['"', "“", "”", "''", "he said", "Ann Lee said", ", ", ". ", "\n", "25%", "yes", "no"]
        ),
        max_size=25,
    )
)
def test_find_attributions_never_crashes_and_cites_inside(parts: list[str]) -> None:
    text = " ".join(parts)
    for att in find_attributions(_article(text), Settings()):
        for start, end in att.fragments:
            assert 0 <= start < end <= len(text)


@pytest.mark.parametrize(
    "text",
    [
        "“This country needs a leader,” she said. “We need a leader with integrity and vision.”",
        "''This country needs a leader,'' she said. ''We need a leader with integrity.''",
    ],
)
def test_find_attributions_joins_quote_continued_after_she_said(
    text: str, settings: Settings
) -> None:
    att = _one(text, settings)
    assert att.cue == "said"
    assert [text[s:e].strip("“”'")[:7] for s, e in att.fragments] == ["This co", "We need"]
    assert text[att.end - 1] in "”'"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Lindsey Graham: Trump's rhetoric is destroying the party's chances.\nMore text here.",
            [("Lindsey Graham", ":", "Trump's rhetoric is destroying the party's chances")],
        ),
        ("Vladimir Putin and Kim Jong Un: They've met before, right?\nYes.", []),
        ("Credit: Associated Press photographers in Seoul.\nMore text here.", []),
    ],
)
def test_find_attributions_headline_claims(text: str, expected: list, settings: Settings) -> None:
    found = find_attributions(_article(text), settings)
    assert [(a.speaker, a.cue, text[a.start : a.end]) for a in found] == expected


def _find_quotes_full_scan(articles: list[Article], settings: Settings) -> list[Quote]:
    """The merging before issue #8's index: every quote compared with every merged quote."""
    merged: list[tuple] = []
    for article in articles:
        for att in find_attributions(article, settings):
            if not att.reported:
                continue
            spans = [
                _inside_marks(article.text, s, e) if att.direct else (s, e)
                for s, e in att.fragments
            ]
            text = " … ".join(article.text[s:e] for s, e in spans)
            cites = [Citation(article.id, s, e) for s, e in spans]
            words = _words(text)
            for entry in merged:
                if entry[0].article_id != article.id and _same_quote(entry, att, words):
                    entry[2].extend(cites)
                    break
            else:
                merged.append((att, text, cites, words))
    return [
        Quote(att.speaker, text, att.cue, att.direct, tuple(cites), att.channel)
        for att, text, cites, _ in merged
    ]


def test_issue_8_find_quotes_merges_like_full_scan(seeds_dir: Path, settings: Settings) -> None:
    seeds = [
        Article(id=p.stem, path=str(p), text=p.read_text(encoding="utf-8"))
        for p in sorted(seeds_dir.glob("*.txt"))
    ]
    # A second outlet carrying each seed from its second paragraph: many quotes to merge.
    copies = [
        Article(id=f"copy-{a.id}", path=a.path, text=a.text[a.text.index("\n") + 1 :])
        for a in seeds
    ]
    articles = seeds + copies
    quotes = find_quotes(articles, settings)
    assert list(quotes) == _find_quotes_full_scan(articles, settings)
    assert sum(len({c.article_id for c in q.sources}) > 1 for q in quotes) >= 10
