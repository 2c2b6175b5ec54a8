"""Candidate sentences of a story: split, trimmed, tokenized the way ROUGE counts them.

Every summarizer (the ILP and the baselines) chooses among the same candidates, so the comparison in
bench/summarize.py measures selection, not preprocessing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from nltk.stem.porter import PorterStemmer

from chorus.records import Article
from chorus.summarize.sentences import is_headline, split_sentences

_STEMMER = PorterStemmer(PorterStemmer.ORIGINAL_ALGORITHM)
_TOKEN = re.compile(r"[a-z0-9]+")

# "LONDON (AP) _ ", "WASHINGTON -- ", "OPORTO, Portugal (AP) _ ": wire datelines carry no content
# and cost words of a 100-word budget; cutting a prefix keeps the citation an exact slice.
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z.'-]*(?:[ ,]+[A-Z][A-Za-z.'-]*){0,4}\s*)?(?:\([A-Za-z .&]+\)\s*)?"
    r"(?:_|--|—|–|-)\s+(?=[\"'“A-Z0-9])"
)
# News questions are subheads and teasers ("They've met before, right?"), not findings.
_QUESTION = re.compile(r"\?[\"'”’)\]]*$")
_QUOTE = re.compile(r'["“”]')
_UPPER_START = re.compile(r"^[A-Z][A-Z.'-]{2,}")

# First words that point back at a sentence the summary may not contain (issue #4: no sentence
# starting with an unresolved pronoun or a reference to a removed sentence).
_DANGLING = frozenset(
    [
        "he",
        "she",
        "it",
        "they",
        "him",
        "her",
        "them",
        "his",
        "hers",
        "its",
        "their",
        "theirs",
        "this",
        "these",
        "those",
        "that",
        "such",
        "both",
        "but",
        "however",
        "also",
        "and",
        "or",
        "so",
        "yet",
        "still",
        "meanwhile",
        "moreover",
        "furthermore",
        "additionally",
        "instead",
        "then",
        "there",
        "here",
        "thus",
        "therefore",
        "nevertheless",
        "nonetheless",
        "otherwise",
        "likewise",
        "similarly",
        "besides",
        "another",
        "other",
        "others",
        "further",
        "later",
    ]
)

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "then",
        "so",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "into",
        "onto",
        "over",
        "under",
        "about",
        "after",
        "before",
        "between",
        "through",
        "during",
        "without",
        "within",
        "against",
        "among",
        "up",
        "down",
        "out",
        "off",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "has",
        "have",
        "had",
        "having",
        "do",
        "does",
        "did",
        "doing",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "not",
        "no",
        "nor",
        "only",
        "own",
        "same",
        "than",
        "too",
        "very",
        "just",
        "also",
        "it",
        "its",
        "it's",
        "he",
        "him",
        "his",
        "she",
        "her",
        "hers",
        "they",
        "them",
        "their",
        "theirs",
        "we",
        "us",
        "our",
        "ours",
        "you",
        "your",
        "yours",
        "i",
        "me",
        "my",
        "mine",
        "this",
        "that",
        "these",
        "those",
        "who",
        "whom",
        "whose",
        "which",
        "what",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "few",
        "more",
        "most",
        "other",
        "some",
        "such",
        "there",
        "here",
        "said",
        "says",
        "say",
        "told",
    ]
)
"""Function words: a concept (bigram) made only of these carries no content."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence that may go into a summary, with the span it cites."""

    article: int
    """Index of the article in the story's sequence."""
    position: int
    """Index of the sentence in its article (0 = first)."""
    start: int
    end: int
    text: str
    words: int
    """Whitespace tokens, as ROUGE's word limit counts them."""
    stems: tuple[str, ...]
    """Porter stems of the lower-cased alphanumeric tokens (ROUGE's own tokenization)."""
    dangling: bool
    """Starts with a pronoun or connective that needs the sentence before it."""
    usable: bool
    """False for headline fragments, questions, very short or unbalanced-quote sentences."""


@lru_cache(maxsize=200_000)
def stem(token: str) -> str:
    """Porter-stem a lower-case token (cached: news vocabularies repeat)."""
    return _STEMMER.stem(token)


def tokenize(text: str) -> tuple[str, ...]:
    """Return the stems of `text` as ROUGE-1.5.5 tokenizes it (lower case, alphanumerics)."""
    return tuple(stem(t) for t in _TOKEN.findall(text.lower()))


def build_candidates(
    articles: Sequence[Article],
    min_words: int = 6,
    max_words: int = 80,
    max_position: int | None = None,
    skip_quotes: bool = False,
) -> list[Candidate]:
    """Split every article into candidates, cutting wire datelines off first sentences.

    Sentences past `max_position` or holding a direct quote (with `skip_quotes`) stay candidates
    (their concepts still count) but are not `usable`.
    """
    out: list[Candidate] = []
    for a_index, article in enumerate(articles):
        text = article.text
        for position, span in enumerate(split_sentences(text)):
            start = span.start
            m = _DATELINE.match(span.text)
            if m and (_UPPER_START.match(span.text) or span.text.startswith("(")):
                start += m.end()
            sentence = text[start : span.end]
            words = len(sentence.split())
            first = _TOKEN.match(sentence.lstrip("\"'“‘(").lower())
            dangling = bool(first) and first.group(0) in _DANGLING
            usable = (
                min_words <= words <= max_words
                and not is_headline(sentence)
                and not _QUESTION.search(sentence)
                and _quotes_balanced(sentence)
                and (max_position is None or position < max_position)
                and not (skip_quotes and _QUOTE.search(sentence))
            )
            out.append(
                Candidate(
                    article=a_index,
                    position=position,
                    start=start,
                    end=span.end,
                    text=sentence,
                    words=words,
                    stems=tokenize(sentence),
                    dangling=dangling,
                    usable=usable,
                )
            )
    return out


def _quotes_balanced(sentence: str) -> bool:
    straight = sentence.count('"') % 2 == 0
    curly = sentence.count("“") == sentence.count("”")
    return straight and curly
