"""Baseline summarizers a user would otherwise pick: Lead, centroid, LexRank and TextRank (sumy).

They use the same sentence splitting, dateline trimming and candidate filter (no headlines, no
fragments under `summary_min_words`) as "ilp.v1" and fill the word budget greedily in rank order
(a sentence that does not fit is skipped, a shorter one may still fit). The ILP's own levers (lead
cap `summary_max_position`, `summary_skip_quotes`) are not given to them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

from chorus.records import Article, SummarySentence
from chorus.settings import Settings
from chorus.summarize.candidates import Candidate, build_candidates
from chorus.summarize.cite import cite, merge_identical

_WORD = re.compile(r"[a-z0-9]+")

_CENTROID_REDUNDANCY = 0.7
"""Cosine above which a centroid-ranked sentence repeats a chosen one (Radev et al. 2004's MEAD
used a similar overlap cut-off); not tuned."""


class _Ranked:
    """Shared greedy fill: rank the distinct usable candidates, take them while they fit."""

    name = "base"

    def __call__(
        self,
        articles: Sequence[Article],
        words: int,
        settings: Settings,
        query: str | None = None,
    ) -> tuple[SummarySentence, ...]:
        candidates = build_candidates(articles, settings.summary_min_words)
        carriers = merge_identical(candidates)
        pool = [i for i in carriers if candidates[i].usable]
        chosen: list[int] = []
        used = 0
        for i in self.rank(articles, candidates, pool):
            if used + candidates[i].words <= words and self.fresh(candidates, chosen, i):
                chosen.append(i)
                used += candidates[i].words
        by_id = {id(candidates[i]): carriers[i] for i in chosen}
        return cite(articles, [candidates[i] for i in chosen], by_id)

    def rank(
        self, articles: Sequence[Article], candidates: Sequence[Candidate], pool: list[int]
    ) -> list[int]:
        raise NotImplementedError

    def fresh(self, candidates: Sequence[Candidate], chosen: list[int], i: int) -> bool:
        return True


class LeadSummarizer(_Ranked):
    """First sentences of the most recent article (DUC's baseline, in whole sentences)."""

    name = "lead.v1"

    def rank(
        self, articles: Sequence[Article], candidates: Sequence[Candidate], pool: list[int]
    ) -> list[int]:
        latest = max(range(len(articles)), key=lambda a: (articles[a].date or "", a))
        own = [i for i in pool if candidates[i].article == latest]
        return sorted(own, key=lambda i: candidates[i].position)

    def fresh(self, candidates: Sequence[Candidate], chosen: list[int], i: int) -> bool:
        # Lead stops at the first sentence that does not fit, as "the first N words" would.
        return all(candidates[j].position < candidates[i].position for j in chosen)


class CentroidSummarizer(_Ranked):
    """Sentences nearest the story's TF-IDF centroid, skipping near-repeats (MEAD-style)."""

    name = "centroid.v1"

    def rank(
        self, articles: Sequence[Article], candidates: Sequence[Candidate], pool: list[int]
    ) -> list[int]:
        docs: dict[int, set[str]] = {}
        for c in candidates:
            docs.setdefault(c.article, set()).update(c.stems)
        n = len(docs)
        df = Counter(t for terms in docs.values() for t in terms)
        tf = Counter(t for c in candidates for t in c.stems)
        centroid = {t: tf[t] * math.log((n + 1) / df[t]) for t in tf}
        self._vectors = {i: _tfidf(candidates[i].stems, df, n) for i in pool}

        def score(i: int) -> float:
            return _cosine(self._vectors[i], centroid)

        return sorted(pool, key=lambda i: (-score(i), i))

    def fresh(self, candidates: Sequence[Candidate], chosen: list[int], i: int) -> bool:
        v = self._vectors[i]
        return all(_cosine(v, self._vectors[j]) < _CENTROID_REDUNDANCY for j in chosen)


class _SumyTokenizer:
    """Words for sumy from our tokenization (sumy's default tokenizer needs NLTK's punkt data)."""

    def to_words(self, text: str) -> tuple[str, ...]:
        return tuple(_WORD.findall(text.lower()))

    def to_sentences(self, text: str) -> tuple[str, ...]:
        return (text,)


class _SumySummarizer(_Ranked):
    algorithm: type = LexRankSummarizer

    def rank(
        self, articles: Sequence[Article], candidates: Sequence[Candidate], pool: list[int]
    ) -> list[int]:
        if not pool:
            return []
        tokenizer = _SumyTokenizer()
        sentences = [Sentence(candidates[i].text, tokenizer) for i in pool]
        document = ObjectDocumentModel([Paragraph(sentences)])
        summarizer = self.algorithm(Stemmer("english"))
        summarizer.stop_words = get_stop_words("english")
        ratings: dict[Sentence, float] = {}

        def capture(doc_sentences: object, count: int, rating: object, *a: object) -> tuple:
            ratings.update(rating if isinstance(rating, dict) else {})
            return ()

        summarizer._get_best_sentences = capture
        summarizer(document, len(sentences))
        scores = [ratings.get(s, 0.0) for s in sentences]
        order = sorted(range(len(pool)), key=lambda k: (-scores[k], k))
        return [pool[k] for k in order]


class LexRankSummarizerV1(_SumySummarizer):
    """LexRank (Erkan & Radev 2004) from sumy over our sentences."""

    name = "lexrank.v1"
    algorithm = LexRankSummarizer


class TextRankSummarizerV1(_SumySummarizer):
    """TextRank (Mihalcea & Tarau 2004) from sumy over our sentences."""

    name = "textrank.v1"
    algorithm = TextRankSummarizer


BASELINES: dict[str, type[_Ranked]] = {
    "lead.v1": LeadSummarizer,
    "centroid.v1": CentroidSummarizer,
    "lexrank.v1": LexRankSummarizerV1,
    "textrank.v1": TextRankSummarizerV1,
}


def _tfidf(stems: Sequence[str], df: Counter[str], n: int) -> dict[str, float]:
    tf = Counter(stems)
    return {t: f * math.log((n + 1) / df[t]) for t, f in tf.items() if df[t]}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(t, 0.0) for t, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0
