"""Find direct and indirect quotes with their speakers, cues and channels (issue #6).

Direct quotes come from quotation marks (straight or curly); a paragraph that ends inside a quote
and a next paragraph that opens with a mark are one quote, the newspaper convention. Indirect
speech comes from the dependency parse: a speech verb's clausal complement ("X said that …"),
"according to X", and "TASS cited Kim as saying" (speaker Kim, channel TASS). The same quote in
several outlets becomes one `Quote` with several sources.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from chorus.nlp import parse
from chorus.quotes.speakers import TitleMap, mention_span, resolve_speaker, title_map
from chorus.records import Article, Citation, Quote
from chorus.settings import Settings

log = logging.getLogger(__name__)

__all__ = ["Attribution", "find_attributions", "find_quotes", "quote_spans"]

# Verbs that introduce reported speech; chosen from the cue words of PolNeAR's train split.
CUE_LEMMAS = frozenset(
    """say tell add note claim argue announce report warn write explain insist state declare
    believe think acknowledge admit confirm deny predict estimate urge contend maintain
    suggest recall reply respond ask promise vow pledge accuse criticize criticise praise
    describe call complain caution stress emphasize emphasise assert allege charge observe
    remark tweet post reveal indicate concede hope fear worry demand propose mention quote
    cite testify counter retort joke boast lament conclude continue answer""".split()  # noqa: SIM905
)
# Stance verbs: PolNeAR counts "polls show …", "Trump wants …" as attributions too; their content
# is a clause or an object ("criticized the deal"), tried in that order.
STANCE_LEMMAS = frozenset(
    """show find want support back plan expect seem appear refuse prefer endorse dismiss
    discuss learn see know read repeat express accept reject oppose favor favour recommend
    blame welcome question challenge defend attack slam blast hail condemn applaud refer
    talk vote thank list name tout celebrate mock""".split()  # noqa: SIM905
)
_CHANNEL_VERBS = frozenset({"cite", "quote"})
# Verbs whose object is the audience or the medium, not what was said ("told reporters").
_LISTENER_VERBS = frozenset({"say", "tell", "add", "write", "report", "post", "tweet", "state"})
_QUOTE_OPEN = "“"
_QUOTE_CLOSE = "”"
_MARKS = frozenset({'"', "“", "”", "'"})
_SENTENCE_END = re.compile(r"[.!?]\s")
_MIN_BARE_QUOTE_WORDS = 5
"""A quotation without a cue shorter than this is a scare quote or a title, not a quote."""


class Attribution(NamedTuple):
    """One attribution in one article: what `find_quotes` builds on, and what bench/quotes.py
    scores (the speaker's mention offsets are needed there, not in the public record)."""

    article_id: str
    fragments: tuple[tuple[int, int], ...]
    """Content span(s); a quote split by "he said" has two."""
    direct: bool
    cue: str | None
    cue_span: tuple[int, int] | None
    speaker: str | None
    speaker_span: tuple[int, int] | None
    channel: str | None
    reported: bool = True
    """False for stance ("Kim welcomed Putin", "polls show X"): scored, not shown as a quote."""

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]


class _Chain(NamedTuple):
    segments: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]


def quote_spans(text: str) -> list[tuple[tuple[int, int], ...]]:
    """Spans of quotation marks, marks included, chained across paragraphs.

    An opening mark never closed within its paragraph runs to the paragraph's end (unbalanced
    input is kept, not dropped); when the next paragraph opens with a mark it continues there.

    >>> quote_spans('He said "yes" twice.')
    [((8, 13),)]
    """
    return [chain.segments for chain in _chains(text)]


def _chains(text: str) -> list[_Chain]:
    # Some papers (the NYT archive) write a double quote as two apostrophes; same length keeps
    # every offset valid.
    text = text.replace("''", '"\x00')
    chains: list[_Chain] = []
    pending: list[tuple[int, int]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.lstrip()
        starts_with_mark = stripped[:1] in {'"', _QUOTE_OPEN}
        if pending and stripped and not starts_with_mark:
            chains.append(_Chain(tuple(pending)))
            pending = []
        segments, unclosed = _segments(body, offset)
        if pending and segments and starts_with_mark:
            first, *rest = segments
            pending.append(first)
            if rest or not unclosed:
                chains.append(_Chain(tuple(pending)))
                pending = []
            segments = rest
            if not segments and unclosed and pending:
                offset += len(line)
                continue
        for i, seg in enumerate(segments):
            if unclosed and i == len(segments) - 1:
                pending = [seg]
            else:
                chains.append(_Chain((seg,)))
        offset += len(line)
    if pending:
        chains.append(_Chain(tuple(pending)))
    return chains


def _segments(line: str, offset: int) -> tuple[list[tuple[int, int]], bool]:
    """Quoted segments of one paragraph; the flag says the last one is left open."""
    segments: list[tuple[int, int]] = []
    open_at: int | None = None
    for i, ch in enumerate(line):
        if ch not in {'"', _QUOTE_OPEN, _QUOTE_CLOSE}:
            continue
        if ch == '"':
            before = line[i - 1] if i else " "
            is_open = before.isspace() or before in "([{—–-:/" or (open_at is None and i == 0)
            if open_at is not None and not (is_open and i + 1 < len(line) and line[i + 1] != " "):
                is_open = False
        else:
            is_open = ch == _QUOTE_OPEN
        if is_open:
            open_at = i
        elif open_at is not None:
            end = i + 2 if line[i + 1 : i + 2] == "\x00" else i + 1
            segments.append((offset + open_at, offset + end))
            open_at = None
    if open_at is not None:
        end = len(line.rstrip())
        if end - open_at > 1:
            segments.append((offset + open_at, offset + end))
            return segments, True
    return segments, False


def find_attributions(article: Article, settings: Settings) -> list[Attribution]:
    """Every attribution in one article, in reading order."""
    text = article.text
    doc = parse(text, settings.spacy_model)
    chains = _chains(text)
    titles = title_map(doc)
    claimed: set[int] = set()
    found: list[Attribution] = []
    last_speaker: tuple[int, str] | None = None
    for tok in doc:
        cue = _cue(tok)
        if cue is None:
            continue
        speaker_tok, channel_tok, content_head, cue_tokens, reported = cue
        if any(chain.start < tok.idx < chain.end for chain in chains):
            continue  # speech reported inside a quotation is the quoted speaker's, not ours
        mention = mention_span(speaker_tok) if speaker_tok is not None else None
        if mention is not None and any(
            c.start <= mention.start_char < c.end and not c.start <= tok.idx < c.end for c in chains
        ):
            # The parser took a name inside the quotation as the subject of "Trump said".
            mention = _next_to(tok, chains)
        name = None
        if mention is not None:
            name = resolve_speaker(
                mention, titles, _last_person(doc, mention.start_char, last_speaker)
            )
            name = _full_name(name, doc)
        channel = None
        if channel_tok is not None:
            channel = _channel_name(mention_span(channel_tok))
        content = (
            _content_span(content_head, tok, mention, text) if content_head is not None else None
        )
        clause = _clause_span(cue_tokens, mention, channel_tok)
        chain_ids = _adjacent_chains(chains, claimed, text, clause, content)
        if chain_ids:
            claimed.update(chain_ids)
            fragments = tuple((chains[i].start, chains[i].end) for i in chain_ids)
            direct = True
        elif content is not None:
            fragments = (content,)
            direct = False
        else:
            continue
        if name is None and sum(len(text[a:b].split()) for a, b in fragments) < 5:
            continue  # "what has been described as a 'partnership'": a label, not a quote
        if mention is not None and _overlaps((mention.start_char, mention.end_char), fragments):
            continue
        cue_text = " ".join(t.text for t in cue_tokens)
        cue_span = (cue_tokens[0].idx, cue_tokens[-1].idx + len(cue_tokens[-1]))
        if _overlaps(cue_span, fragments):
            continue
        speaker_span = (mention.start_char, mention.end_char) if mention is not None else None
        found.append(
            Attribution(
                article.id,
                fragments,
                direct,
                cue_text,
                cue_span,
                name,
                speaker_span,
                channel,
                reported or direct,
            )
        )
        if (
            name
            and mention is not None
            and (any(e.label_ == "PERSON" for e in mention.ents) or mention.root.pos_ == "PRON")
        ):
            last_speaker = (found[-1].end, name)
    found.extend(_bare_quotes(article.id, doc, chains, claimed, found, titles))
    found.extend(_headline_claims(article.id, doc, found))
    found.sort(key=lambda a: a.start)
    return _drop_nested(_join_continuations(found, text))


def find_quotes(articles: Iterable[Article], settings: Settings) -> tuple[Quote, ...]:
    """Quotes of a set of articles; the same quote in several outlets is one quote.

    >>> find_quotes([Article(id="a", path="a", text='"We won," Ann Lee said.')], Settings())
    ... # doctest: +SKIP
    (Quote(speaker='Ann Lee', text='"We won,"', cue='said', direct=True, ...),)
    """
    found = []
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
            found.append((att, text, cites, _words(text)))
    # Rarest words first: a quote's first words are the ones the same quote elsewhere must share.
    df: dict[str, int] = {}
    for *_, words in found:
        for word in words:
            df[word] = df.get(word, 0) + 1
    merged: list[tuple[Attribution, str, list[Citation], frozenset[str]]] = []
    # Word → merged quotes holding it, and word → merged quotes having it among their rarest
    # words: a big story has thousands of quotes, and only these can pass _same_quote (see
    # _rarest), so the first match is the one a scan of every merged quote finds.
    holders: dict[str, list[int]] = {}
    rare_holders: dict[str, list[int]] = {}
    for att, text, cites, words in found:
        order = sorted(words, key=lambda w: (df[w], w))
        candidates: set[int] = set()
        for word in _rarest(order):
            candidates.update(holders.get(word, ()))
        for word in order:
            candidates.update(rare_holders.get(word, ()))
        for k in sorted(candidates):
            entry = merged[k]
            if entry[0].article_id != att.article_id and _same_quote(entry, att, words):
                entry[2].extend(cites)
                break
        else:
            for word in order:
                holders.setdefault(word, []).append(len(merged))
            for word in _rarest(order):
                rare_holders.setdefault(word, []).append(len(merged))
            merged.append((att, text, cites, words))
    return tuple(
        Quote(
            speaker=att.speaker,
            text=text,
            cue=att.cue,
            direct=att.direct,
            sources=tuple(cites),
            channel=att.channel,
        )
        for att, text, cites, _ in merged
    )


def _inside_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """The quoted words without the outer marks and a trailing comma: "We won," → We won."""
    while start < end and text[start] in _MARKS:
        start += 1
    while end > start and text[end - 1] in _MARKS:
        end -= 1
    while end > start and text[end - 1] in ", ":
        end -= 1
    return start, end


def _same_quote(
    entry: tuple[Attribution, str, list[Citation], frozenset[str]],
    att: Attribution,
    words: frozenset[str],
) -> bool:
    other = entry[3]
    if not words or not other:
        return False
    if att.speaker and entry[0].speaker and not _names_agree(att.speaker, entry[0].speaker):
        return False
    shared = len(words & other)
    # 0.6 of the shorter: outlets trim or translate the same remark differently.
    return shared >= 3 and shared / min(len(words), len(other)) >= 0.6


def _rarest(order: Sequence[str]) -> Sequence[str]:
    """The first words of `order` of which a quote at least as long must share one to match.

    _same_quote needs max(3, 0.6·m) shared words, m the shorter quote's count; when this quote is
    the shorter, more than `len - needed` of its words are shared, so one of any `len - needed + 1`
    of them is. Flooring 0.6·m only lengthens the list, which never loses a match.
    """
    needed = max(3, math.floor(0.6 * len(order)))
    return order[: max(len(order) - needed + 1, 0)]


def _names_agree(a: str, b: str) -> bool:
    wa, wb = set(a.lower().split()), set(b.lower().split())
    return bool(wa & wb)


_STOP = frozenset(
    """the a an and or of to in on for is are was were be it that this with as at by""".split()  # noqa: SIM905
)


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP)


_Cue = tuple[Token | None, Token | None, Token | None, list[Token], bool]


def _cue(tok: Token) -> _Cue | None:
    """(speaker, channel, content head, cue tokens, reported) when `tok` introduces speech.

    `reported` is False for stance verbs and for objects standing in for a reported clause.
    """
    if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "to":
        to = tok.nbor(1)
        objs = [c for c in to.children if c.dep_ == "pobj"]
        speaker = objs[0] if objs else None
        head = tok.head if tok.head.i != tok.i else None
        return speaker, None, head, [tok, to], True
    if tok.pos_ not in {"VERB", "AUX"} or tok.lemma_.lower() not in CUE_LEMMAS | STANCE_LEMMAS:
        return None
    lemma = tok.lemma_.lower()
    before = tok.doc[max(tok.i - 6, 0) : tok.i]
    if tok.lower_ == "saying" and any(
        t.lemma_ in _CHANNEL_VERBS for t in before if t.lower_ != "saying"
    ):
        return None  # handled by its governing "cited … as saying"
    if lemma == "say" and _child(tok, "auxpass") is not None:
        return None  # "Putin was said to be paying a visit": hearsay without a speaker
    if lemma in _CHANNEL_VERBS:
        as_saying = [
            g for c in tok.children if c.lower_ == "as" for g in c.children if g.dep_ == "pcomp"
        ]
        follows_as = any(t.lower_ == "as" for t in tok.doc[tok.i + 1 : tok.i + 6])
        if as_saying or (follows_as and (_child(tok, "dobj") or _child(tok, "nsubjpass"))):
            saying = as_saying[0] if as_saying else tok
            passive = _child(tok, "nsubjpass")
            if passive is not None:
                agent = _child(tok, "agent")
                channel = _child(agent, "pobj") if agent is not None else None
                speaker = passive
            else:
                speaker, channel = _child(tok, "dobj"), _child(tok, "nsubj")
            head = _child(saying, "ccomp") or _child(tok, "ccomp")
            return speaker, channel, head, [tok], True
    speaker = _child(tok, "nsubj") or _child(tok, "nsubjpass")
    governor = tok
    # "After suggesting that …, Mr. Rubio …": the subject sits on a verb a few heads up.
    for _ in range(3):
        if speaker is not None or governor.dep_ not in {"conj", "advcl", "xcomp", "pcomp", "prep"}:
            break
        governor = governor.head
        speaker = _child(governor, "nsubj") or _child(governor, "nsubjpass")
    if speaker is None and tok.dep_ == "acl" and tok.head.pos_ in {"PROPN", "NOUN"}:
        speaker = tok.head  # "by Seoul saying troops crossed the border"
    if speaker is not None and speaker.lower_ == "there":
        speaker = None
    head = _child(tok, "ccomp")
    if lemma in STANCE_LEMMAS or (head is None and lemma not in _LISTENER_VERBS):
        clause = head
        head = head or _child(tok, "xcomp") or _child(tok, "dobj")
        reported = lemma in CUE_LEMMAS and clause is not None
        return (speaker, None, head, [tok], reported) if head is not None else None
    if head is None and tok.dep_ == "parataxis":
        head = tok.head  # "…, he said." hung on the reported clause
    return speaker, None, head, [tok], True


def _child(tok: Token, dep: str) -> Token | None:
    for child in tok.children:
        if child.dep_ == dep:
            return child
    return None


def _content_span(
    head: Token, cue: Token, mention: Span | None, text: str
) -> tuple[int, int] | None:
    """Characters of the reported clause, without the cue and the speaker."""
    if head.i == cue.i:
        return None
    # "…, he said." hangs the cue under the reported clause: leave the cue's own words out.
    exclude = (
        {t.i for t in cue.subtree} if cue.dep_ == "parataxis" and head.i == cue.head.i else set()
    )
    tokens = [t for t in head.subtree if t.i not in exclude]
    if mention is not None:
        tokens = [t for t in tokens if not (mention.start <= t.i < mention.end)]
    if cue.lower_ == "according":
        tokens = [t for t in tokens if t.i not in {x.i for x in cue.subtree}]
    line_start = text.rfind("\n", 0, cue.idx) + 1
    line_end = text.find("\n", cue.idx)
    line_end = len(text) if line_end < 0 else line_end
    tokens = [t for t in tokens if line_start <= t.idx < line_end and not t.is_space]
    if not tokens:
        return None
    # Keep the longest contiguous run: the clause, not stray words around the speaker.
    tokens.sort(key=lambda t: t.i)
    runs: list[list[Token]] = [[tokens[0]]]
    for t in tokens[1:]:
        if t.i == runs[-1][-1].i + 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    run = max(runs, key=len)
    while run and (run[-1].is_punct and run[-1].text not in {'"', "”", ")"}):
        run.pop()
    while run and run[0].is_punct and run[0].text not in {'"', "“"}:
        run.pop(0)
    if len(run) < 2:
        return None
    return run[0].idx, run[-1].idx + len(run[-1])


def _adjacent_chains(
    chains: Sequence[_Chain],
    claimed: set[int],
    text: str,
    clause: tuple[int, int],
    content: tuple[int, int] | None,
) -> list[int]:
    """Quotation(s) this cue introduces.

    A quotation right before the attribution clause ("“…,” Kim said"), right after it ("Kim
    said: “…”", also in the next paragraph after a colon), or holding most of the reported clause.
    A split quote ("“A,” he said, “B.”") gives both sides.
    """
    lo, hi = clause
    before: int | None = None
    after: int | None = None
    for i, chain in enumerate(chains):
        if i in claimed or chain.start < lo < chain.end or chain.start < hi < chain.end:
            continue
        if (
            content is not None
            and content[0] <= chain.start
            and chain.end <= content[1]
            and not _mostly_inside(content, chain)
        ):
            continue  # a scare quote inside the reported clause belongs to that clause
        if chain.end <= lo:
            gap = text[chain.end : lo]
            if "\n" not in gap and len(gap.split()) <= 3 and not _SENTENCE_END.search(gap):
                before = i
        elif chain.start >= hi and after is None:
            gap = text[hi : chain.start]
            words = len(gap.split())
            if ("\n" not in gap and words <= 3 and not _SENTENCE_END.search(gap)) or (
                not gap.strip(" \n:,") and gap.strip(" \n") in {":", ","}
            ):
                after = i
        if (
            before != i
            and after != i
            and content is not None
            and _mostly_inside(content, chain)
            and (_words_in(chain, text) >= _MIN_BARE_QUOTE_WORDS or chain.start < content[0] + 3)
        ):
            return [i]
    if before is not None and after is not None:
        gap = text[chains[before].end : chains[after].start]
        if "\n" not in gap and len(gap.split()) <= 10:
            return [before, after]
    if before is not None:
        return [before]
    return [after] if after is not None else []


def _clause_span(
    cue_tokens: list[Token], mention: Span | None, channel_tok: Token | None
) -> tuple[int, int]:
    """Characters of the attribution clause: cue, speaker and channel."""
    spans = [(cue_tokens[0].idx, cue_tokens[-1].idx + len(cue_tokens[-1]))]
    if mention is not None:
        spans.append((mention.start_char, mention.end_char))
    if channel_tok is not None:
        ch = mention_span(channel_tok)
        spans.append((ch.start_char, ch.end_char))
    lo, hi = min(s for s, _ in spans), max(e for _, e in spans)
    # "as saying", "in a statement": a few words after the cue still belong to the clause.
    doc = cue_tokens[0].doc
    last = cue_tokens[-1]
    for tok in doc[last.i + 1 : last.i + 4]:
        if tok.lower_ in {"as", "saying", "in", "a", "an", "the", "statement", "on"} or (
            tok.ent_type_ == "DATE"
        ):
            hi = tok.idx + len(tok)
        else:
            break
    return lo, hi


def _mostly_inside(content: tuple[int, int], chain: _Chain) -> bool:
    inside = max(0, min(content[1], chain.end) - max(content[0], chain.start))
    return inside >= 0.8 * (content[1] - content[0]) or (
        chain.start <= content[0] and chain.end >= content[1]
    )


def _words_in(chain: _Chain, text: str) -> int:
    return sum(len(text[s:e].split()) for s, e in chain.segments)


def _overlaps(span: tuple[int, int], fragments: Iterable[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in fragments)


def _bare_quotes(
    article_id: str,
    doc: Doc,
    chains: Sequence[_Chain],
    claimed: set[int],
    found: Sequence[Attribution],
    titles: TitleMap,
) -> list[Attribution]:
    """Quotations no listed cue claimed.

    "“…,” an angry Hollande retaliated" and "Bush told the paper: “…”" name their speaker by
    position whatever the verb; otherwise a quotation continues the previous speaker, else the
    speaker is unknown.
    """
    text = doc.text
    out = []
    for i, chain in enumerate(chains):
        if i in claimed or _words_in(chain, text) < _MIN_BARE_QUOTE_WORDS:
            continue
        if any(_overlaps((chain.start, chain.end), a.fragments) for a in found):
            continue
        span = ((chain.start, chain.end),)
        verb = _verb_beside(doc, text, chain, chains)
        if verb is not None:
            subject = _child(verb, "nsubj")
            if subject is not None:
                mention = mention_span(subject)
                name = _full_name(
                    resolve_speaker(mention, titles, _last_person(doc, mention.start_char, None)),
                    doc,
                )
                out.append(
                    Attribution(
                        article_id,
                        span,
                        True,
                        verb.text,
                        (verb.idx, verb.idx + len(verb)),
                        name,
                        (mention.start_char, mention.end_char),
                        None,
                    )
                )
                continue
        before = [a for a in (*found, *out) if a.end <= chain.start]
        speaker, speaker_span = None, None
        if before:
            # A quotation standing alone continues the speaker of the paragraph(s) before it.
            prev = max(before, key=lambda a: a.end)
            gap = text[prev.end : chain.start]
            # At most one paragraph between them, however many blank lines the source uses.
            between = [line for line in gap.split("\n")[1:-1] if line.strip()]
            if len(between) <= 1 and len(gap.split()) <= 40:
                speaker, speaker_span = prev.speaker, prev.speaker_span
        out.append(Attribution(article_id, span, True, None, None, speaker, speaker_span, None))
    return out


def _verb_beside(doc: Doc, text: str, chain: _Chain, chains: Sequence[_Chain]) -> Token | None:
    """The verb of "“…,” X verbed" right after the quotation, or of "X verbed: “…”" before it."""
    inside = [(c.start, c.end) for c in chains]
    after = doc.char_span(chain.end, min(chain.end + 80, len(text)), alignment_mode="expand")
    if after is not None:
        for tok in after[:6]:
            if "\n" in tok.text or (tok.is_sent_start and tok.idx > chain.end + 2):
                break
            if tok.pos_ == "VERB" and not _overlaps((tok.idx, tok.idx + 1), inside):
                return tok
    line_start = text.rfind("\n", 0, chain.start) + 1
    lead = text[line_start : chain.start].rstrip()
    if lead.endswith(":"):
        colon_at = line_start + len(lead) - 1
    else:
        # "Cruz continued:" closing the paragraph before a quotation that fills the next one
        previous = text[:line_start].rstrip()
        if lead or not previous.endswith(":"):
            return None
        colon_at = len(previous) - 1
    span = doc.char_span(colon_at, colon_at + 1, alignment_mode="expand")
    if span is None:
        return None
    root = span[0].sent.root
    return root if root.pos_ in {"VERB", "AUX"} else None


def _next_to(cue: Token, chains: Sequence[_Chain]) -> Span | None:
    """The name or pronoun right before or after a cue, outside every quotation."""
    doc = cue.doc
    for i in (cue.i - 1, cue.i + 1):
        if 0 <= i < len(doc) and doc[i].pos_ in {"PROPN", "PRON", "NOUN"}:
            tok = doc[i]
            if not any(c.start <= tok.idx < c.end for c in chains):
                return mention_span(tok)
    return None


_HEADLINE = re.compile(r"^(?P<who>[A-Z][^:\n]{1,50}):\s+(?P<what>\S[^\n]{10,300})$", re.MULTILINE)
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_NOT_SPEAKERS = frozenset(
    {"credit", "photo", "photos", "watch", "read", "related", "update", "note", "video", "source"}
)


def _headline_claims(article_id: str, doc: Doc, found: Sequence[Attribution]) -> list[Attribution]:
    """ "Graham: Trump's rhetoric is destroying the GOP": a headline giving a claim to a name."""
    text = doc.text
    out = []
    for m in _HEADLINE.finditer(text):
        who_start, who_end = m.span("who")
        if len(m.group("who").split()) > 6 or m.group("who").split()[0].lower() in _NOT_SPEAKERS:
            continue
        what_start, what_end = m.span("what")
        if m.group("what").rstrip().endswith("?"):
            continue  # "Putin and Kim: They've met before, right?" asks, it does not claim
        what_end = what_start + len(m.group("what").rstrip(" ."))
        if any(_overlaps((who_start, what_end), a.fragments) for a in found):
            continue
        who = doc.char_span(who_start, who_end, alignment_mode="expand")
        names = [e for e in who.ents if e.label_ in _NAME_LABELS] if who is not None else []
        if not names or sum(len(e.text) for e in names) < 0.5 * (who_end - who_start):
            continue
        colon = who_end
        out.append(
            Attribution(
                article_id,
                ((what_start, what_end),),
                False,
                ":",
                (colon, colon + 1),
                _full_name(max(names, key=len).text, doc),
                (who_start, who_end),
                None,
            )
        )
    return out


def _join_continuations(found: list[Attribution], text: str) -> list[Attribution]:
    """ "“A,” she said. “B.”" is one quote in two fragments, as in "“A,” she said, “B.”"."""
    out: list[Attribution] = []
    for att in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and att.cue is None
            and att.direct
            and prev.direct
            and prev.cue_span is not None
            and prev.end <= prev.cue_span[0]
        ):
            gap = text[prev.end : att.start]
            if "\n" not in gap and len(gap.split()) <= 6 and prev.cue_span[1] <= att.start:
                out[-1] = prev._replace(fragments=prev.fragments + att.fragments)
                continue
        out.append(att)
    return out


def _drop_nested(found: list[Attribution]) -> list[Attribution]:
    """PolNeAR-style univocal output: a content inside another content is dropped."""
    kept: list[Attribution] = []
    for att in found:
        if any(k.start <= att.start and att.end <= k.end for k in kept):
            continue
        kept.append(att)
    return kept


def _last_person(doc: Doc, char: int, last_speaker: tuple[int, str] | None) -> str | None:
    """The person a "he"/"she" at `char` most likely means: the latest named person before it."""
    person = None
    for ent in doc.ents:
        if ent.start_char >= char:
            break
        # Subjects are what a later "he" points back to, not names in objects or asides.
        if ent.label_ == "PERSON" and ent.root.dep_ in {"nsubj", "nsubjpass", "appos"}:
            person = (ent.end_char, ent.text)
    if last_speaker and (person is None or last_speaker[0] >= person[0]):
        return last_speaker[1]
    return _full_name(person[1], doc) if person else None


def _full_name(name: str | None, doc: Doc) -> str | None:
    """ "Kim" → "Kim Jong Un" when the article names one person with that word most often."""
    if not name or " " in name.strip():
        return name
    counts: dict[str, int] = {}
    for ent in doc.ents:
        words = ent.text.split()
        if ent.label_ == "PERSON" and len(words) > 1 and name in (words[0], words[-1]):
            counts[ent.text] = counts.get(ent.text, 0) + 1
    if not counts:
        return name
    return max(counts, key=lambda k: (counts[k], -len(k)))


def _channel_name(span: Span) -> str:
    """ "Russia's TASS state news agency" → "TASS" when a name is inside."""
    orgs = [e for e in span.ents if e.label_ in {"ORG", "PERSON"}]
    if orgs:
        return orgs[-1].text
    propn = [t.text for t in span if t.pos_ == "PROPN" and t.ent_type_ not in {"GPE", "NORP"}]
    if propn:
        return " ".join(propn)
    return re.sub(r"^(?:the|a|an)\s+", "", span.text, flags=re.IGNORECASE)
