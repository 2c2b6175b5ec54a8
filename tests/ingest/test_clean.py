from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from chorus.ingest import clean
from chorus.ingest.clean import REASONS, clean_text

SEED_FURNITURE = [
    ("000_4fe5f290a6112ba5.txt", "msh/sms (AP, Reuters)", "wire sign-off"),
    ("000_4fe5f290a6112ba5.txt", "Putin arrives in North Korea for state visit", "heading"),
    ("001_c775f7104469f15f.txt", "Follow Al Jazeera English:", "follow link"),
    ("002_6b80a7081952d1ed.txt", "You might also like", "related links"),
    ("002_6b80a7081952d1ed.txt", "This website uses cookies", "cookie notice"),
    ("003_f1b71006f705685a.txt", "Credit: AP", "photo caption"),
    ("003_f1b71006f705685a.txt", "date 2024-06-19", "text header"),
    (
        "004_ae5764e530dd321a.txt",
        "This article originally appeared on USA TODAY",
        "republication sign-off",
    ),
    (
        "004_ae5764e530dd321a.txt",
        "'Dirty things': North Korea drops trash-filled balloons",
        "heading",
    ),
]


@pytest.mark.parametrize(("seed", "phrase", "reason"), SEED_FURNITURE)
def test_clean_text_removes_seed_furniture(seeds_dir: Path, seed: str, phrase: str, reason: str):
    raw = (seeds_dir / seed).read_text(encoding="utf-8")
    text, removed = clean_text(raw)
    assert phrase not in text
    cut = [r for r in removed if phrase in r.text]
    assert cut
    assert {r.reason for r in cut} == {reason}


def test_clean_text_removed_offsets_slice_raw(seeds_dir: Path):
    for path in sorted(seeds_dir.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        _, removed = clean_text(raw)
        assert removed, path.name
        for r in removed:
            assert raw[r.start : r.end] == r.text
            assert r.reason in REASONS


def test_clean_text_joins_sentence_broken_across_lines(seeds_dir: Path):
    raw = (seeds_dir / "000_4fe5f290a6112ba5.txt").read_text(encoding="utf-8")
    text, _ = clean_text(raw)
    assert "Russia's TASS state news agency cited Kim as saying. \"In this situation" in text


def test_clean_text_keeps_story_sentences(seeds_dir: Path):
    raw = (seeds_dir / "003_f1b71006f705685a.txt").read_text(encoding="utf-8")
    text, _ = clean_text(raw)
    assert text.startswith("There were flags, red roses and even a politeness contest")
    assert (
        "Putin arrived in North Korea's capital, Pyongyang, overnight on Wednesday by plane."
        in text
    )
    # paragraphs glued by the source are split at the missing space
    assert "arms arrangement. Russian President Vladimir Putin" in text


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            "We use cookies to personalise content. By using our site you accept them.",
            "cookie notice",
        ),
        ("Follow Harbour News on Twitter:", "follow link"),
        ("Follow us on Facebook", "follow link"),
        ("Follow Harbour News on Instagram, Facebook, Twitter and YouTube.", "follow link"),
        (
            "Have a tip? Reach Ana Lind at alind@harbour.example or follow her @analind.",
            "author contact",
        ),
        (
            "Get the day's top headlines in your inbox by subscribing to our newsletter.",
            "newsletter promo",
        ),
        (
            "This copy is for your personal, non-commercial use only. Do not distribute it.",
            "copyright notice",
        ),
        ("Copyright 2025 Harbour News. All rights reserved.", "copyright notice"),
        ("© Harbour News", "copyright notice"),
        ("Like this story? Share it with a friend!", "page furniture"),
        ("Ana Lind contributed reporting from Kessvik.", "contributor credit"),
        (
            "The views expressed in this article do not necessarily reflect those of Harbour News.",
            "disclaimer",
        ),
        ("An error has occurred, please try again later.", "page furniture"),
        ("— Lowmere Council (@LowmereCouncil) October 9, 2025", "embedded post"),
        ("This article was reprinted on Harbour News.", "republication sign-off"),
        ("| Divers at the quay on Monday. (credit: Port Authority/Ana Lind) |", "photo caption"),
        ("Read more: Council names new harbour master", "related links"),
        ("Related stories", "related links"),
        ("Follow AP's full coverage of the flood at https://example.org/flood", "related links"),
        ("Rescuers carry a child through the water. Photo: Reuters", "photo caption"),
        ("A flooded street in the old town (AP Photo/Jane Doe)", "photo caption"),
        ("kb/jl (dpa, AFP)", "wire sign-off"),
        ("(vls/sv/me)", "wire sign-off"),
        ("(Reporting by Ana Lind; Editing by Tom Berg)", "wire sign-off"),
        ("This story was first published by the Lowmere Courier.", "republication sign-off"),
        ("Advertisement", "page furniture"),
        ("Pumps to run for another week", "heading"),
    ],
)
def test_clean_text_removes_furniture_line(line: str, reason: str):
    body = "The river fell by a metre overnight, the council said on Tuesday morning."
    raw = f"{body}\n{line}\n{body}"
    text, removed = clean_text(raw)
    assert text == f"{body}\n\n{body}"
    assert [(r.reason, r.text, r.start) for r in removed] == [(reason, line, len(body) + 1)]


@pytest.mark.parametrize(
    "line",
    [
        "Follow the money, the minister told the council on Monday.",
        "Related to this, the harbour master said the ferry would run again.",
        "The EU's new cookie rules will affect small websites, the report said.",
        "What's the plan for the visit?",
        "More from the ministry is expected on Friday.",
        "It said cash flow per share this year should be 2.50 to three dlrs.",
        "The court barred the firm from selling software that infringed Microsoft's copyright.",
        "Copyright lawyers said the ruling would be appealed within weeks.",
        '"Get rid of it," said Ana Lind, who publishes her own newsletter and signs up readers.',
        "One resident tweeted, “Email @LowmereCouncil about the drains,” and the council replied.",
    ],
)
def test_clean_text_keeps_sentence_that_looks_like_furniture(line: str):
    body = "The river fell by a metre overnight, the council said on Tuesday morning."
    text, removed = clean_text(f"{body}\n{line}\n{body}")
    assert text == f"{body}\n\n{line}\n\n{body}"
    assert removed == ()


def test_clean_text_first_heading_is_headline():
    raw = "Flood waters recede in Lowmere\n\nThe river fell by a metre overnight, officials said."
    text, removed = clean_text(raw)
    assert text == "The river fell by a metre overnight, officials said."
    assert [(r.reason, r.start, r.end) for r in removed] == [("headline", 0, 30)]


@pytest.mark.parametrize(
    ("raw", "header"),
    [
        (" date 2024-06-19 Kim met Putin.", "date 2024-06-19"),
        ("Published: June 19, 2024\nKim met Putin.", "Published: June 19, 2024"),
        ("19 June 2024 08:15 GMT\nKim met Putin.", "19 June 2024 08:15 GMT"),
    ],
)
def test_clean_text_cuts_date_header(raw: str, header: str):
    text, removed = clean_text(raw)
    assert text == "Kim met Putin."
    assert [(r.reason, r.text) for r in removed] == [("text header", header)]
    assert raw[removed[0].start : removed[0].end] == header


def test_clean_text_cuts_heading_split_across_lines():
    body = "The river fell by a metre overnight, the council said on Tuesday morning."
    raw = f"{body}\nComments\n comments"
    text, removed = clean_text(raw)
    assert text == body
    assert [(r.reason, r.text) for r in removed] == [
        ("heading", "Comments"),
        ("heading", "comments"),
    ]


def test_clean_text_keeps_sentence_starting_with_date():
    raw = "June 19, 2024 was the day the river broke its banks in the old town."
    assert clean_text(raw) == (raw, ())


def test_clean_text_empty_input():
    assert clean_text("") == ("", ())


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Revs 23.6 mln vs 22.4 mln", "table line"),
        ("1 Roger Federer (Switzerland)", "table line"),
        ("Clean-up begins on Quay Street", "heading"),
        ("- Sandbags at the fire station until Friday", "list item"),
        ("2) Boil tap water before drinking", "list item"),
    ],
)
def test_clean_text_names_table_lines(line: str, reason: str):
    body = "The river fell by a metre overnight, the council said on Tuesday morning."
    _, removed = clean_text(f"{body}\n{line}\n{body}")
    assert [r.reason for r in removed] == [reason]


_LINES = st.sampled_from(
    [
        "The river fell by a metre overnight, the council said on Tuesday morning.",
        "Clean-up begins",
        "cited the mayor as",
        "saying the wall held.",
        "Follow Harbour News:",
        "You might also like",
        "Photo: Reuters",
        "kb/jl (dpa, AFP)",
        " date 2025-03-04 The ferry sailed again.",
        "- Sandbags at the fire station",
        "",
        "   ",
    ]
)


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.lists(_LINES, max_size=12), st.sampled_from(["\n", "\r\n", "\n\n"]))
def test_clean_text_spans_always_slice_raw(lines: list[str], newline: str):
    raw = newline.join(lines)
    text, removed = clean_text(raw)
    assert [r.start for r in removed] == sorted(r.start for r in removed)
    for before, after in itertools.pairwise(removed):
        assert before.end <= after.start
    for r in removed:
        assert raw[r.start : r.end] == r.text
        assert r.reason in REASONS
    assert text == text.strip()
    for word in text.split():
        assert word in raw


def test_clean_text_cuts_byline_and_date_after_headline():
    raw = "Flood waters recede\nBy Ana Lind and Bo Strand\nMarch 4, 2025\nThe river fell overnight."
    text, removed = clean_text(raw)
    assert text == "The river fell overnight."
    assert [(r.reason, r.text) for r in removed] == [
        ("headline", "Flood waters recede"),
        ("byline", "By Ana Lind and Bo Strand"),
        ("text header", "March 4, 2025"),
    ]


@pytest.mark.parametrize(
    "line",
    ["By Tuesday the water had gone.", "By then, the council had met.", "By the harbour"],
)
def test_clean_text_keeps_line_starting_with_by(line: str):
    body = "The river fell by a metre overnight, the council said on Tuesday morning."
    _, removed = clean_text(f"{line}\n{body}")
    assert all(r.reason != "byline" for r in removed)


@pytest.mark.parametrize(
    ("text", "spaced"),
    [
        ("arrangement.Russian President", "arrangement. Russian President"),
        ("xyz.Abc.Def and zz!Qq", "xyz. Abc. Def and zz! Qq"),
        ("U.S. Node.js a.Bc ..Ab zz?Q1 éé.Ab", "U.S. Node.js a.Bc ..Ab zz?Q1 éé.Ab"),
        ("It ended.\nNew line", "It ended.\nNew line"),
    ],
)
def test_space_glued_splits_only_glued_sentences(text: str, spaced: str):
    assert clean._space_glued(text) == spaced
