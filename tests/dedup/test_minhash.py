from __future__ import annotations

import re

import numpy as np
import pytest

from chorus.dedup.minhash import _words, shingles


@pytest.mark.parametrize(
    "text",
    [
        "Hello, U.S. don't_x 3.5% AT&T snake_case\ttab\nline",
        "Kim Jong Un (left) met Putin — in Pyongyang — on Wednesday.",
        "Café déjà vu: Zürich's 2024 «summit»",
        "",
        "!!! ...",
    ],
)
def test_words_match_the_word_regex(text: str):
    expected = [w.encode("utf-8") for w in re.findall(r"\w+", text.lower(), re.UNICODE)]
    assert _words(text) == expected


def test_shingles_ignore_case_punctuation_and_spacing():
    a = shingles("The council met on Tuesday, and agreed to rebuild the wall.", 5)
    b = shingles("THE COUNCIL  met on tuesday and agreed -- to rebuild the wall", 5)
    assert len(a) == 7
    assert np.array_equal(a, b)


def test_shingles_depend_on_word_order():
    a = shingles("one two three four five", 5)
    b = shingles("five four three two one", 5)
    assert len(a) == len(b) == 1
    assert not np.array_equal(a, b)


@pytest.mark.parametrize(("text", "count"), [("", 0), ("two words", 1), ("a b c d e f", 2)])
def test_shingles_count(text: str, count: int):
    out = shingles(text, 5)
    assert out.dtype == np.uint32
    assert len(out) == count
