"""Support: sentences of other articles that state a summary sentence in other words.

`cite` credits only the articles carrying a summary sentence word for word; paraphrases and
lightly edited wire copies are evidence too (issue #4: "cite all of them: that is the evidence
count").
"States the same thing" is decided cheaply, by the overlap of stemmed content words: the Dice
coefficient of the two sentences' content-stem sets, calibrated on hand-labelled DUC 2003 sentence
pairs (bench/summarize.py, `Settings.summary_support_threshold`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from chorus.records import Article, Citation, SummarySentence
from chorus.settings import Settings
from chorus.summarize.candidates import STOPWORDS, stem, tokenize
from chorus.summarize.sentences import split_sentences

__all__ = ["add_support", "content_stems", "same_statement_score"]

_STOP_STEMS = frozenset(stem(w) for w in STOPWORDS) | STOPWORDS
# Below this many content words a sentence ("Putin arrived.") matches too much by chance.
_MIN_CONTENT = 3


def content_stems(text: str) -> frozenset[str]:
    """Return the Porter stems of `text`'s content words (stopwords and lone digits dropped)."""
    return frozenset(t for t in tokenize(text) if t not in _STOP_STEMS and not t.isdigit())


def same_statement_score(a: frozenset[str], b: frozenset[str]) -> float:
    """Score two sentences' content stems in [0, 1]: the Dice coefficient, 0 when either is tiny.

    >>> round(same_statement_score(content_stems("Putin met Kim in Pyongyang."),
    ...                            content_stems("In Pyongyang, Kim met Putin on Wednesday.")), 2)
    0.86
    """
    if len(a) < _MIN_CONTENT or len(b) < _MIN_CONTENT:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def add_support(
    articles: Sequence[Article], summary: Iterable[SummarySentence], settings: Settings
) -> tuple[SummarySentence, ...]:
    """Attach to each summary sentence the best same-statement sentence of every other article.

    An article already cited for the sentence (an exact carrier) is never support for it; each
    support citation slices one whole sentence: `article.text[c.start:c.end]` is that sentence.
    """
    summary = tuple(summary)
    if not summary or len(articles) < 2:
        return summary
    threshold = settings.summary_support_threshold
    sentences = [
        [(span.start, span.end, content_stems(span.text)) for span in split_sentences(a.text)]
        for a in articles
    ]
    out: list[SummarySentence] = []
    for sentence in summary:
        cited = {c.article_id for c in sentence.citations}
        stems = content_stems(sentence.text)
        support: list[Citation] = []
        seen: set[str] = set(cited)
        for article, spans in zip(articles, sentences, strict=True):
            if article.id in seen:
                continue
            best, best_span = threshold, None
            for start, end, other in spans:
                score = same_statement_score(stems, other)
                # Strictly better only: ties keep the earlier sentence, deterministically.
                if score >= threshold and (best_span is None or score > best):
                    best, best_span = score, (start, end)
            if best_span is not None:
                seen.add(article.id)
                support.append(Citation(article.id, *best_span))
        out.append(replace(sentence, support=tuple(support)))
    return tuple(out)
