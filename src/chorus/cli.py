"""The `chorus` command: parse arguments, call the library, render, map results to exit codes.

Exit codes: 0 every input processed; 1 some inputs rejected (the rest processed); 2 usage error
(bad option, unknown story, unreadable store or settings).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from chorus import pipeline, render
from chorus.errors import ChorusError
from chorus.records import Report
from chorus.scale.dask_runner import run_ingest
from chorus.settings import Settings, load_settings
from chorus.store import Store, open_store

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="chorus",
    help="Turn news articles into stories: what happened, who said what, which sources agree.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)


class Format(StrEnum):
    json = "json"
    markdown = "markdown"


class Explain(StrEnum):
    auto = "auto"
    always = "always"
    on_read = "on-read"


DbOption = Annotated[
    str, typer.Option("--db", envvar="CHORUS_DB", help="SQLite file or postgresql:// URL.")
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print only results and errors.")]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="TOML settings file (a \\[chorus] table).")
]
WordsOption = Annotated[
    int | None, typer.Option("--words", min=1, help="Summary length in words (default 100).")
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
OutOption = Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE.")]
WorkersOption = Annotated[
    int | None,
    typer.Option("--workers", min=1, help="Read and clean on a local Dask cluster of N workers."),
]
ExplainOption = Annotated[
    Explain | None,
    typer.Option(
        "--explain",
        help="Summaries and understanding in this run (always), at first read (on-read), or "
        "in this run unless it changes more than 2,000 articles' stories (auto, the default).",
    ),
]
SchedulerOption = Annotated[
    str | None,
    typer.Option("--scheduler", help="Read and clean on the Dask scheduler at tcp://host:8786."),
]


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", highlight=False, markup=True)
    return typer.Exit(EXIT_USAGE)


def _settings(
    config: Path | None, words: int | None = None, explain: Explain | None = None
) -> Settings:
    try:
        return load_settings(config, summary_words=words, explain=explain and explain.value)
    except ChorusError as exc:
        raise _fail(str(exc)) from exc


def _open(db: str) -> Store:
    try:
        return open_store(db)
    except ChorusError as exc:
        raise _fail(str(exc)) from exc


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        output.write_text(text, encoding="utf-8")


@contextmanager
def _progress(quiet: bool) -> Iterator[pipeline.Progress | None]:
    """A Rich progress bar on a terminal, plain stage lines otherwise, nothing with --quiet."""
    if quiet:
        yield None
        return
    if not err.is_terminal:

        def plain(stage: str, done: int, total: int) -> None:
            if done == total:
                err.print(f"{stage}: {done}", highlight=False, markup=False)

        yield plain
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True) as bar:
        tasks: dict[str, int] = {}

        def draw(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield draw


def _report_errors(report: Report, quiet: bool) -> int:
    for e in report.errors:
        err.print(f"rejected {e.path}: {e.reason}", highlight=False, markup=False)
    if not quiet:
        s = report.stats
        err.print(
            f"{s.get('articles_new', 0)} new articles, {s.get('already_stored', 0)} already "
            f"stored, {s.get('rejected', 0)} rejected, {s.get('duplicates', 0)} copies, "
            f"{s.get('stories_new', 0)} new stories, {s.get('stories_updated', 0)} updated "
            f"({s.get('seconds', 0)} s)",
            highlight=False,
            markup=False,
        )
    return EXIT_REJECTED if report.errors else EXIT_OK


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, feed or sitemap URLs.")],
    db: Annotated[
        str | None,
        typer.Option(
            "--db", envvar="CHORUS_DB", help="Keep results in this store (else in memory)."
        ),
    ] = None,
    fmt: FormatOption = Format.markdown,
    output: OutOption = None,
    words: WordsOption = None,
    quiet: QuietOption = False,
    config: ConfigOption = None,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    explain: ExplainOption = None,
) -> None:
    """Read articles, group them into stories and print each story with its cited summary."""
    settings = _settings(config, words, explain)
    store = _open(db) if db else None
    try:
        with _progress(quiet) as progress:
            report = run_ingest(
                paths, settings, store, workers=workers, scheduler=scheduler, progress=progress
            )
    except ChorusError as exc:
        raise _fail(str(exc)) from exc
    finally:
        if store is not None:
            store.close()
    text = render.report_json(report) if fmt is Format.json else render.report_markdown(report)
    _emit(text, output)
    raise typer.Exit(_report_errors(report, quiet))


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, feed or sitemap URLs.")],
    db: DbOption = "chorus.db",
    words: WordsOption = None,
    quiet: QuietOption = False,
    config: ConfigOption = None,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    explain: ExplainOption = None,
) -> None:
    """Add articles to the store and place them into stories; re-running adds nothing twice."""
    settings = _settings(config, words, explain)
    with _open(db) as store:
        try:
            with _progress(quiet) as progress:
                report = run_ingest(
                    paths,
                    settings,
                    store,
                    workers=workers,
                    scheduler=scheduler,
                    progress=progress,
                )
        except ChorusError as exc:
            raise _fail(str(exc)) from exc
    raise typer.Exit(_report_errors(report, quiet))


@app.command()
def stories(
    db: DbOption = "chorus.db",
    fmt: Annotated[Format | None, typer.Option("--format", "-f", help="json for scripts.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 50,
) -> None:
    """List stories: id, date, title, outlets and article count, newest first."""
    with _open(db) as store:
        found = store.get_stories(limit=limit)
    if fmt is Format.json:
        import json

        rows = [
            {
                "id": s.id,
                "title": s.title,
                "date": s.date,
                "outlets": list(s.outlets),
                "articles": len(s.article_ids),
                "independent_sources": s.independent_sources,
            }
            for s in found
        ]
        _emit(json.dumps(rows, ensure_ascii=False, indent=2), None)
        return
    table = Table("id", "date", "title", "outlets", "articles", "sources", box=None)
    for s in found:
        table.add_row(
            s.id,
            s.date or "—",
            s.title,
            ", ".join(s.outlets),
            str(len(s.article_ids)),
            str(s.independent_sources),
        )
    Console(width=200 if not sys.stdout.isatty() else None).print(table)


@app.command()
def show(
    story_id: Annotated[str, typer.Argument(help="A story id from `chorus stories`.")],
    db: DbOption = "chorus.db",
    fmt: FormatOption = Format.markdown,
    output: OutOption = None,
    config: ConfigOption = None,
) -> None:
    """Print one story: cited summary, facts, quotes, timeline and sources."""
    settings = _settings(config)
    with _open(db) as store:
        try:
            story = pipeline.read_story(store, story_id, settings)
        except ChorusError as exc:
            raise _fail(str(exc)) from exc
        if story is None:
            raise _fail(f"no story {story_id!r} in {db}")
        articles = store.get_articles(story.article_ids)
    if fmt is Format.json:
        _emit(render.story_json(story, articles), output)
    else:
        _emit(render.story_markdown(story, {a.id: a for a in articles}), output)


@app.command()
def explain(
    story_ids: Annotated[
        list[str] | None, typer.Argument(help="Stories to explain (default: every pending one).")
    ] = None,
    db: DbOption = "chorus.db",
    quiet: QuietOption = False,
    config: ConfigOption = None,
) -> None:
    """Fill in the summaries and understanding that a bulk ingest left for later."""
    settings = _settings(config)
    with _open(db) as store:
        try:
            with _progress(quiet) as progress:
                done = pipeline.explain_pending(
                    store, story_ids or None, settings, progress=progress
                )
        except ChorusError as exc:
            raise _fail(str(exc)) from exc
        missing = sorted(set(story_ids or ()) - {s.id for s in done})
    for story_id in missing:
        err.print(f"no story {story_id!r} in {db}", highlight=False, markup=False)
    if not quiet:
        err.print(f"{len(done) - sum(s.pending for s in done)} stories explained", highlight=False)
    raise typer.Exit(EXIT_USAGE if missing else EXIT_OK)


@app.command()
def summarize(
    paths: Annotated[list[Path], typer.Argument(help="Articles of one story.")],
    words: WordsOption = None,
    query: Annotated[
        str | None, typer.Option("--query", help="Favour what this asks about.")
    ] = None,
    fmt: FormatOption = Format.markdown,
    output: OutOption = None,
    config: ConfigOption = None,
) -> None:
    """Summarize the given articles as one story, every sentence with its sources."""
    settings = _settings(config, words)
    articles, summary, errors = pipeline.summarize_inputs(paths, settings, query=query)
    if fmt is Format.json:
        import json
        from dataclasses import asdict

        _emit(json.dumps([asdict(s) for s in summary], ensure_ascii=False, indent=2), output)
    else:
        ids = {a.id: n for n, a in enumerate(articles, 1)}
        lines = [
            s.text + " " + "".join(f"[{ids[c.article_id]}]" for c in s.citations) for s in summary
        ]
        lines += [
            "",
            *[
                f"[{n}] {a.outlet or ''} {a.title or a.id}"
                for a, n in ((a, ids[a.id]) for a in articles)
            ],
        ]
        _emit("\n".join(lines), output)
    for e in errors:
        err.print(f"rejected {e.path}: {e.reason}", highlight=False, markup=False)
    raise typer.Exit(EXIT_REJECTED if errors else EXIT_OK)


@app.command()
def serve(
    db: DbOption = "chorus.db",
    host: Annotated[
        str, typer.Option("--host", help="Address to bind; the default keeps it on this machine.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar="CHORUS_TOKEN",
            help="Require `Authorization: Bearer TOKEN` to ingest.",
        ),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Serve the web page (/) and the JSON API (/api/v1, docs at /docs) over the store."""
    import uvicorn

    from chorus.api import create_app

    settings = _settings(config)
    try:
        web = create_app(db, token=token, settings=settings)
    except ChorusError as exc:
        raise _fail(str(exc)) from exc
    if token is None and host not in {"127.0.0.1", "localhost", "::1"}:
        err.print(f"warning: anyone who can reach {host} can ingest; pass --token", soft_wrap=True)
    err.print(
        f"serving {db} at http://{host}:{port}/", highlight=False, markup=False, soft_wrap=True
    )
    uvicorn.run(web, host=host, port=port, log_level="warning")


@app.command()
def watch(
    feeds: Annotated[list[str], typer.Argument(help="RSS/Atom feed URLs to follow.")],
    db: DbOption = "chorus.db",
    interval: Annotated[
        float | None, typer.Option("--interval", min=1, help="Seconds between polls (300).")
    ] = None,
    max_rounds: Annotated[
        int | None, typer.Option("--max-rounds", min=1, help="Stop after N polling rounds.")
    ] = None,
    quiet: QuietOption = False,
    config: ConfigOption = None,
) -> None:
    """Poll feeds and ingest new items until Ctrl-C; unchanged feeds cost a 304."""
    from chorus.ingest.watch import watch as follow
    from chorus.logs import log_summary

    settings = _settings(config)
    if interval is not None:
        from dataclasses import replace

        settings = replace(settings, watch_interval=interval)

    def tell(summary: object) -> None:
        if not quiet:
            s = summary.as_stats()  # type: ignore[attr-defined]
            err.print(
                f"round {s['rounds']}: {s['articles_new']} new articles so far, "
                f"{s['not_modified']} unchanged polls, {s['rejected']} errors",
                highlight=False,
                markup=False,
            )

    with _open(db) as store:
        try:
            summary = follow(feeds, store, settings, max_rounds=max_rounds, on_round=tell)
        except ChorusError as exc:
            raise _fail(str(exc)) from exc
    log_summary(logging.getLogger("chorus.cli"), "watch", summary.as_stats())
    for e in summary.errors:
        err.print(f"rejected {e.path}: {e.reason}", highlight=False, markup=False)
    raise typer.Exit(EXIT_REJECTED if summary.errors else EXIT_OK)


@app.callback()
def _main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log debug details.")] = False,
    log_json: Annotated[
        bool, typer.Option("--log-json", help="Log JSON lines to stderr, with run summaries.")
    ] = False,
) -> None:
    level = logging.DEBUG if verbose else logging.WARNING
    if log_json:
        from chorus.logs import configure_json_logging

        configure_json_logging(logging.DEBUG if verbose else logging.INFO)
        return
    if err.is_terminal:
        from rich.logging import RichHandler

        logging.basicConfig(
            level=level, handlers=[RichHandler(console=err)], format="%(message)s", force=True
        )
    else:
        logging.basicConfig(
            level=level,
            stream=sys.stderr,
            format="%(levelname)s %(name)s: %(message)s",
            force=True,  # wordllama configures the root logger when imported
        )


def main() -> None:
    app()
