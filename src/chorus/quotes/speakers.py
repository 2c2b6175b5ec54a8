"""Resolve the speaker of a quote to a name: pronouns, titles and short names (issue #6).

"he" is the last person named before it; "the North Korean leader" is the person the article
introduced with that title ("North Korean leader Kim Jong Un"); "press secretary Karine
Jean-Pierre" is the name inside the phrase.
"""

from __future__ import annotations

import logging
import re

from spacy.tokens import Doc, Span, Token

log = logging.getLogger(__name__)

__all__ = [
    "TITLE_HEADS",
    "TitleMap",
    "mention_span",
    "resolve_speaker",
    "title_map",
    "title_person",
]

_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_GROUP_PRONOUNS = {"they", "them", "we", "i", "it", "who", "which", "you", "that"}
_NAME_LABELS = {"PERSON", "ORG", "NORP", "GPE"}
# Words that make a noun phrase a role rather than a description: "the Russian leader".
TITLE_HEADS = {
    "leader", "president", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson",
    "chairman", "chairwoman", "chair", "premier", "chancellor", "king", "queen", "prince",
    "senator", "governor", "mayor", "general", "director", "ambassador", "envoy", "official",
    "chief", "head", "candidate", "nominee", "adviser", "advisor", "aide", "attorney", "judge",
    "commander", "representative", "congressman", "congresswoman", "dictator", "counterpart",
}  # fmt: skip

TitleMap = dict[str, list[tuple[int, str, frozenset[str]]]]
"""Title head word → [(char offset, person name, modifier words)] in reading order."""


def title_map(doc: Doc) -> TitleMap:
    """Collect the "<title words> <PERSON>" pairs of a document ("North Korean leader Kim")."""
    found: TitleMap = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        words = [t for t in doc[max(ent.start - 5, 0) : ent.start] if not t.is_punct]
        # Only the contiguous run of title words right before the name counts.
        run: list[Token] = []
        for tok in reversed(words):
            if tok.i != (run[-1].i - 1 if run else ent.start - 1):
                break
            titled = tok.pos_ in {"PROPN", "NOUN", "ADJ"} and tok.ent_iob_ != "I"
            if titled or tok.ent_type_ in {"NORP", "GPE", "ORG"}:
                run.append(tok)
            else:
                break
        heads = [t for t in run if t.lemma_.lower() in TITLE_HEADS]
        if heads:
            mods = frozenset(t.lower_ for t in run)
            for head in heads:
                found.setdefault(head.lemma_.lower(), []).append((ent.start_char, ent.text, mods))
    return found


def mention_span(token: Token) -> Span:
    """The noun phrase of a speaker token: its subtree without relative clauses."""
    doc = token.doc
    keep = [token]
    for child in token.children:
        if child.dep_ in {"relcl", "acl", "prep"} and child.i > token.i:
            continue
        keep.extend(child.subtree)
    start = min(t.i for t in keep)
    end = max(t.i for t in keep) + 1
    while end - 1 > start and doc[end - 1].is_punct:
        end -= 1
    while start < end - 1 and doc[start].is_punct:
        start += 1
    return doc[start:end]


def resolve_speaker(
    mention: Span,
    titles: TitleMap,
    last_person: str | None,
) -> str | None:
    """Name the speaker of `mention`; None when the text does not allow it.

    `last_person` is the most recent person named (or speaking) before the mention, for pronouns.
    """
    text = mention.text.strip()
    low = text.lower()
    if low in _PERSON_PRONOUNS:
        return last_person
    if low in _GROUP_PRONOUNS:
        return None
    people = [e for e in mention.ents if e.label_ == "PERSON"]
    if people:
        return max(people, key=len).text
    head = mention.root
    if head.lemma_.lower() in TITLE_HEADS:
        named = title_person(mention, titles)
        if named:
            return named
    names = [e for e in mention.ents if e.label_ in _NAME_LABELS]
    if names and len(names[0]) >= len(mention) - 1:
        return names[0].text
    return _strip_determiner(text) or None


def title_person(mention: Span, titles: TitleMap) -> str | None:
    """The person introduced earlier with the role `mention` names ("the North Korean leader")."""
    candidates = [
        (pos, name, mods)
        for pos, name, mods in titles.get(mention.root.lemma_.lower(), [])
        if pos < mention.start_char
    ]
    if not candidates:
        return None
    words = {t.lower_ for t in mention if not t.is_stop and not t.is_punct}
    # Prefer the title sharing most modifiers ("North Korean leader" over "Russian leader"),
    # then the latest one introduced.
    best = max(candidates, key=lambda c: (len(words & c[2]), c[0]))
    if words - {mention.root.lower_} and not words & best[2] - {mention.root.lower_}:
        return None
    return best[1]


def _strip_determiner(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE).strip(" ,")
