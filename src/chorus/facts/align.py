"""Align a story's claims across its articles into a fact map (issue #6).

Three kinds of claims, all cited by offsets into `article.text`:
- slot claims: a number or a length attached to a thing ("a two-day state visit", "12 people were
  killed"); one slot with different values from different outlets is a `conflict`;
- named things: short quoted names and LAW/EVENT entities ("Comprehensive Strategic Partnership
  Treaty"), matched on their content words;
- statements: sentences matched across articles by shared content lemmas, weighted so that words
  found all over the story ("Putin", "visit") count little.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

from spacy.tokens import Doc, Span, Token

from chorus.dates.resolve import find_dates
from chorus.facts.conflicts import Claim, slot_facts, source_key, status_of
from chorus.nlp import parse_many
from chorus.quotes.find import quote_spans
from chorus.records import Article, Citation, DateMention, Fact, FactValue
from chorus.settings import Settings

log = logging.getLogger(__name__)

__all__ = ["align_facts", "coverage_matrix"]

_GENERIC_NAME_WORDS = frozenset(
    {"treaty", "agreement", "pact", "deal", "accord", "the", "a", "an", "of", "and", "on", "for"}
)
_LENGTH_VERBS = frozenset({"last", "take", "run", "span", "stretch"})
# Verbs that mean the same event for a count: "12 were killed" and "15 died" disagree.
_VERB_GROUPS = {
    "kill": "die", "die": "die", "perish": "die",
    "injure": "injure", "wound": "injure", "hurt": "injure",
    "arrest": "arrest", "detain": "arrest",
    "evacuate": "evacuate", "displace": "evacuate",
}  # fmt: skip
# Verbs for one event's day: "collapsed on Monday" and "fell on Tuesday" disagree.
_EVENT_GROUPS = {
    "fall": "collapse", "collapse": "collapse", "cave": "collapse",
    "arrive": "arrive", "land": "arrive",
    "kill": "die", "die": "die",
}  # fmt: skip
# Saying or publishing on a day is not the event's day.
_REPORTING = frozenset(
    {"say", "tell", "report", "add", "note", "announce", "write", "publish", "quote", "cite",
     "confirm", "warn", "claim", "state", "brief", "punctuate", "expect", "be", "have", "make",
     "take", "do", "get"}
)  # fmt: skip
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "dozen": 12}
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "hundred": 100,
}  # fmt: skip
_SPEECH = frozenset({"say", "tell", "report", "add", "note", "accord", "quote", "cite"})


def align_facts(articles: Sequence[Article], settings: Settings) -> tuple[Fact, ...]:
    """The fact map of a story's articles: conflicts first, then agreed, then single facts.

    >>> facts = align_facts(articles, Settings())  # doctest: +SKIP
    >>> [f.status for f in facts if f.slot == "visit:length"]  # doctest: +SKIP
    ['conflict']
    """
    articles = list(articles)
    if not articles:
        return ()
    by_id = {a.id: a for a in articles}
    # Undated articles resolve "on Tuesday" against the story's most common date.
    dated = [a.date for a in articles if a.date]
    anchor = max(set(dated), key=dated.count) if dated else None
    docs = parse_many([a.text for a in articles], settings.spacy_model)
    slot_claims: list[Claim] = []
    names: list[tuple[frozenset[str], str, Citation]] = []
    sentences: list[tuple[frozenset[str], str, Citation]] = []
    for article, doc in zip(articles, docs, strict=True):
        # Dated articles resolve both kinds of claim against their own date: one pass.
        own = find_dates(article, article.date, settings)
        when = article.date or anchor
        anchored = own if when == article.date else find_dates(article, when, settings)
        slot_claims.extend(_length_claims(article, doc, own))
        slot_claims.extend(_date_claims(article, doc, anchored))
        slot_claims.extend(_count_claims(article, doc))
        names.extend(_named_things(article, doc))
        sentences.extend(_statements(article, doc))
    facts = slot_facts(slot_claims, by_id)
    facts.extend(_group_names(names, by_id))
    facts.extend(_group_statements(sentences, by_id, settings.fact_min_overlap, facts))
    order = {"conflict": 0, "agreed": 1, "single": 2}
    facts.sort(key=lambda f: (order.get(f.status, 3), -len(f.sources), f.text))
    return tuple(facts)


def coverage_matrix(facts: Sequence[Fact], articles: Sequence[Article]) -> dict[str, Any]:
    """Which outlet reports which fact: `matrix[i][j]` is True when fact i cites outlet j.

    Outlets are the articles' outlets (or ids when unknown), copies folded into their original.
    """
    by_id = {a.id: a for a in articles}
    columns: list[str] = []
    labels: dict[str, str] = {}
    for article in articles:
        key = source_key(article, by_id)
        if key not in labels:
            labels[key] = key.split(":", 1)[1] if not article.outlet else article.outlet
            columns.append(key)
    rows = []
    for fact in facts:
        cited = {
            source_key(by_id[c.article_id], by_id) for c in fact.sources if c.article_id in by_id
        }
        rows.append([key in cited for key in columns])
    return {
        "outlets": [labels[k] for k in columns],
        "facts": [f.text for f in facts],
        "statuses": [f.status for f in facts],
        "matrix": rows,
    }


def _length_claims(article: Article, doc: Doc, mentions: Iterable[DateMention]) -> list[Claim]:
    """ "a two-day state visit", "the meeting lasted about five hours" → (visit:length, P2D)."""
    claims = []
    for mention in mentions:
        if mention.granularity != "duration" or not mention.value or "X" in mention.value:
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        thing = _measured_thing(span)
        if thing is None:
            continue
        phrase = _phrase(thing, span)
        claims.append(
            Claim(
                f"{thing.lemma_.lower()}:length",
                mention.value,
                phrase.text,
                Citation(article.id, phrase.start_char, phrase.end_char),
            )
        )
    return claims


def _date_claims(article: Article, doc: Doc, mentions: Iterable[DateMention]) -> list[Claim]:
    """ "The bridge collapsed on Tuesday" → (collapse:date, 2025-03-11): the day of an event.

    `mentions` are resolved against the article's date, else the story's most common date.
    """
    claims = []
    for mention in mentions:
        if mention.granularity != "day" or not mention.value:
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        verb = _event_verb(span) if span is not None else None
        if verb is None:
            continue
        lo, hi = min(verb.idx, mention.start), max(verb.idx + len(verb), mention.end)
        if "\n" in article.text[lo:hi]:
            continue  # a heading's verb with the next line's date
        if hi - lo > 80:
            lo, hi = mention.start, mention.end
        event = _EVENT_GROUPS.get(verb.lemma_.lower(), verb.lemma_.lower())
        claims.append(
            Claim(f"{event}:date", mention.value, article.text[lo:hi], Citation(article.id, lo, hi))
        )
    return claims


def _event_verb(span: Span) -> Token | None:
    """The verb a date phrase hangs on, unless it only says when something was said."""
    tok = span.root
    for _ in range(3):
        if tok.pos_ == "VERB":
            break
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    if tok.pos_ != "VERB" or tok.lemma_.lower() in _REPORTING:
        return None
    return tok


def _measured_thing(span: Span) -> Token | None:
    root = span.root
    head = root.head
    for tok in (root, head):
        # "two-day" and "day-long" hang on the noun they measure.
        if (
            tok.dep_ in {"amod", "compound", "nummod", "npadvmod"}
            and tok.head.pos_ == "NOUN"
            and tok.head.i not in range(span.start, span.end)
        ):
            return tok.head
    if head.lemma_ in _LENGTH_VERBS:
        subject = next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is not None and subject.pos_ in {"NOUN", "PROPN"}:
            return subject
    return None


def _phrase(thing: Token, span: Span) -> Span:
    doc = thing.doc
    lo = min(span.start, thing.i)
    hi = max(span.end, thing.i + 1)
    if thing.i < span.start:
        return doc[lo:hi]
    # Include the determiner and modifiers before the measure: "a two-day state visit".
    while (
        lo > 0
        and doc[lo - 1].dep_ in {"det", "amod", "compound", "poss"}
        and (doc[lo - 1].head.i == thing.i or doc[lo - 1].head.i in range(lo, hi))
    ):
        lo -= 1
    return doc[lo:hi]


def _count_claims(article: Article, doc: Doc) -> list[Claim]:
    """Counts with the thing counted and the event: "12 people were killed" → (people|die, 12)."""
    claims = []
    for ent in doc.ents:
        if ent.label_ not in {"CARDINAL", "PERCENT", "MONEY", "QUANTITY"}:
            continue
        if not re.search(r"\d|million|billion|thousand|hundred|dozen", ent.text.lower()):
            continue
        value = _number(ent.text)
        if value is None:
            continue
        noun = _counted_noun(ent)
        if noun is None:
            continue
        verb = noun.head if noun.dep_ in {"nsubj", "nsubjpass", "dobj"} else None
        event = _VERB_GROUPS.get(verb.lemma_.lower(), verb.lemma_.lower()) if verb else ""
        unit = "%" if ent.label_ == "PERCENT" else ""
        lo, hi = min(ent.start, noun.i), max(ent.end, noun.i + 1)
        phrase = doc[lo:hi]
        claims.append(
            Claim(
                f"{noun.lemma_.lower()}|{event}:count",
                f"{value:g}{unit}",
                phrase.text,
                Citation(article.id, phrase.start_char, phrase.end_char),
            )
        )
    return claims


def _counted_noun(ent: Span) -> Token | None:
    root = ent.root
    if root.dep_ == "nummod" and root.head.pos_ == "NOUN":
        return root.head
    # "60% of the population", "15 million of them"
    of = next((c for c in root.children if c.lower_ == "of"), None)
    if of is not None:
        obj = next((c for c in of.children if c.dep_ == "pobj"), None)
        if obj is not None and obj.pos_ == "NOUN":
            return obj
    return None


def _number(text: str) -> float | None:
    s = text.lower().replace(",", "")
    m = re.search(r"\d+(?:\.\d+)?", s)
    if m:
        value = float(m.group())
    else:
        words = [w for w in re.findall(r"[a-z]+", s) if w in _NUMBER_WORDS]
        if not words:
            return None
        value = float(_NUMBER_WORDS[words[0]])
    for word, scale in _SCALE.items():
        if word in s:
            value *= scale
    return value


def _named_things(article: Article, doc: Doc) -> list[tuple[frozenset[str], str, Citation]]:
    """Short quoted names and LAW/EVENT entities, keyed on their content words."""
    found = []
    for segments in quote_spans(article.text):
        if len(segments) != 1:
            continue
        start, end = segments[0]
        inner = article.text[start + 1 : end - 1].strip(" ,.;:")
        words = inner.split()
        if not 2 <= len(words) <= 6:
            continue
        key = _name_key(inner)
        if len(key) >= 2:
            found.append((key, inner, Citation(article.id, start + 1, start + 1 + len(inner))))
    for ent in doc.ents:
        if ent.label_ in {"LAW", "EVENT"}:
            key = _name_key(ent.text)
            if len(key) >= 2:
                found.append((key, ent.text, Citation(article.id, ent.start_char, ent.end_char)))
    return found


def _name_key(text: str) -> frozenset[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return frozenset(w for w in words if w not in _GENERIC_NAME_WORDS)


def _group_names(
    names: Sequence[tuple[frozenset[str], str, Citation]], by_id: dict[str, Article]
) -> list[Fact]:
    groups: list[list[tuple[frozenset[str], str, Citation]]] = []
    for item in names:
        for group in groups:
            key = group[0][0]
            small, big = sorted((key, item[0]), key=len)
            # "comprehensive strategic partnership" is the "Comprehensive Strategic Partnership
            # Treaty": one name's content words inside the other's.
            if small <= big:
                group.append(item)
                break
        else:
            groups.append([item])
    facts = []
    for group in groups:
        sources = {source_key(by_id[c.article_id], by_id) for _, _, c in group}
        text = max((t for _, t, _ in group), key=lambda t: (len(t), t[:1].isupper()))
        cites = tuple(dict.fromkeys(c for _, _, c in group))
        facts.append(Fact(text=text, status=status_of(sources), sources=cites, slot="name"))
    return facts


def _statements(article: Article, doc: Doc) -> list[tuple[frozenset[str], str, Citation]]:
    """Sentences that state something: a verb, a named thing or a number, six tokens or more."""
    found = []
    for sent in _line_sentences(doc):
        tokens = [t for t in sent if not t.is_space]
        if len(tokens) < 6:
            continue
        if not any(t.pos_ == "VERB" for t in tokens):
            continue
        if not any(t.ent_type_ or t.like_num for t in tokens):
            continue
        lemmas = frozenset(
            t.lemma_.lower()
            for t in tokens
            if t.pos_ in {"NOUN", "PROPN", "VERB", "NUM", "ADJ"}
            and not t.is_stop
            and t.lemma_.lower() not in _SPEECH
        )
        if len(lemmas) < 3:
            continue
        text = sent.text.strip()
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        found.append((lemmas, text, Citation(article.id, start, start + len(text))))
    return found


def _line_sentences(doc: Doc) -> list[Span]:
    """spaCy's sentences cut at line breaks: it runs headings and captions into the next line."""
    pieces = []
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if "\n" in tok.text and tok.i > start:
                pieces.append(doc[start : tok.i])
                start = tok.i + 1
        if start < sent.end:
            pieces.append(doc[start : sent.end])
    return pieces


def _group_statements(
    sentences: Sequence[tuple[frozenset[str], str, Citation]],
    by_id: dict[str, Article],
    min_overlap: float,
    slot_facts_: Iterable[Fact],
) -> list[Fact]:
    weight = _idf(s for s, _, _ in sentences)
    groups: list[list[tuple[frozenset[str], str, Citation]]] = []
    group_articles: list[set[str]] = []
    group_weights: list[float] = []
    # Lemma → groups whose first sentence holds it, and lemma → groups having it among their
    # first sentence's rarest lemmas. A big story has thousands of groups; only those sharing one
    # of the sentence's rarest lemmas, and holding one of the sentence's lemmas among their own
    # rarest, can reach `min_overlap` (see _probes), so the rest are never scored, and the best
    # group is the same as scoring them all.
    holders: dict[str, list[int]] = {}
    rare_holders: dict[str, list[int]] = {}
    for item in sentences:
        lemmas, _, cite = item
        own = sum(weight.get(w, 0.0) for w in lemmas)
        probes = _probes(lemmas, weight, min_overlap)
        if not probes:
            candidates: set[int] = set()
        else:
            candidates = {g for lemma in probes for g in holders.get(lemma, ())}
            candidates.intersection_update(
                [g for lemma in lemmas for g in rare_holders.get(lemma, ())]
            )
        best, best_score = None, 0.0
        for g in sorted(candidates):
            if cite.article_id in group_articles[g]:
                continue
            # Compared with the group's first sentence only: linking to any member lets a group
            # drift from one claim to the next. `_overlap` inlined, the sentences' total weights
            # summed once (same terms, same order: the same floats).
            shared = lemmas & groups[g][0][0]
            if len(shared) < 3:
                continue
            mean = (own + group_weights[g]) / 2
            score = sum(weight.get(w, 0.0) for w in shared) / mean if mean else 0.0
            if score > best_score:
                best, best_score = g, score
        if best is not None and best_score >= min_overlap:
            groups[best].append(item)
            group_articles[best].add(cite.article_id)
        else:
            for lemma in lemmas:
                holders.setdefault(lemma, []).append(len(groups))
            for lemma in probes:
                rare_holders.setdefault(lemma, []).append(len(groups))
            groups.append([item])
            group_articles.append({cite.article_id})
            group_weights.append(own)
    conflicts = [f for f in slot_facts_ if f.status == "conflict"]
    by_article: dict[str, list[tuple[int, Citation]]] = {}
    for k, fact in enumerate(conflicts):
        for source in fact.sources:
            by_article.setdefault(source.article_id, []).append((k, source))
    facts = []
    for group in groups:
        cites = tuple(c for _, _, c in group)
        sources = {source_key(by_id[c.article_id], by_id) for c in cites}
        status = status_of(sources)
        values: tuple[FactValue, ...] = ()
        # A sentence carrying one side of a conflicting count or length is in conflict too.
        clash = _first_clash(conflicts, by_article, cites)
        if clash is not None:
            status, values = "conflict", clash.values
        facts.append(Fact(text=group[0][1], status=status, sources=cites, values=values, slot=None))
    return facts


def _idf(lemma_sets: Iterable[frozenset[str]]) -> dict[str, float]:
    """Inverse sentence frequency within the story: "Putin" in every sentence says little."""
    sets = list(lemma_sets)
    df: dict[str, int] = {}
    for lemmas in sets:
        for lemma in lemmas:
            df[lemma] = df.get(lemma, 0) + 1
    n = len(sets) + 1
    return {lemma: math.log(n / count) for lemma, count in df.items()}


def _overlap(a: frozenset[str], b: frozenset[str], weight: dict[str, float]) -> float:
    """Weight of the shared content lemmas over the mean weight of the two sentences (a weighted
    Dice); at least three lemmas shared."""
    shared = a & b
    if len(shared) < 3:
        return 0.0
    mean = (sum(weight.get(w, 0.0) for w in a) + sum(weight.get(w, 0.0) for w in b)) / 2
    return sum(weight.get(w, 0.0) for w in shared) / mean if mean else 0.0


def _probes(lemmas: frozenset[str], weight: dict[str, float], min_overlap: float) -> list[str]:
    """The lemmas of which a sentence must share at least one with any group it may join, and
    that any sentence joining its group must share one of.

    Prefix filtering: list the lemmas rarest first; a group sharing none of the first ones shares
    only lemmas of the tail, and the tail is too light or too short to reach what `_overlap`
    needs. Two bounds, the tighter wins: three lemmas shared, so at most two come from the tail;
    and a weighted Dice of `min_overlap` needs shared weight >= t·Wa / (2 - t), since the other
    sentence's weight is at least the shared weight. Both bounds hold from either side.
    """
    order = sorted(lemmas, key=lambda w: (-weight.get(w, 0.0), w))
    keep = len(order) - 2  # at most two shared lemmas in the tail
    if 0 < min_overlap < 2:
        total = sum(weight.get(w, 0.0) for w in order)
        # A hair under the bound, so rounding in the sums never drops a group that qualifies.
        need = min_overlap * total / (2 - min_overlap) * (1 - 1e-9) - 1e-12
        tail = 0.0
        cut = len(order)
        while cut > 0 and tail + weight.get(order[cut - 1], 0.0) < need:
            cut -= 1
            tail += weight.get(order[cut], 0.0)
        keep = min(keep, cut)
    return order[: max(keep, 0)]


def _first_clash(
    conflicts: Sequence[Fact],
    by_article: dict[str, list[tuple[int, Citation]]],
    cites: Sequence[Citation],
) -> Fact | None:
    """The first conflict with a source span inside one of `cites`, looked up by article."""
    first: int | None = None
    for c in cites:
        for k, s in by_article.get(c.article_id, ()):
            if c.start <= s.start and s.end <= c.end and (first is None or k < first):
                first = k
    return conflicts[first] if first is not None else None
