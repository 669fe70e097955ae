"""The `parallax` command: serve the app, migrate, import articles and outlets' labels, compare files."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, TypedDict

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.text import Text

from app.settings import get_settings

cli = typer.Typer(
    help="Parallax: compare how news outlets cover the same story.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
err = Console(stderr=True)

IMPORTABLE = {".txt", ".md", ".markdown", ".html", ".htm"}
_LANGUAGE_HELP = "language of every file (ISO 639-1 code such as de or ar); detected per file when left out"


class _PrintOptions(TypedDict):
    soft_wrap: bool
    markup: bool
    highlight: bool


# One unwrapped line per file, file names never read as markup: scripts can parse the log.
PLAIN: _PrintOptions = {"soft_wrap": True, "markup": False, "highlight": False}


@cli.command()
def migrate() -> None:
    """Apply database migrations, then load the demo story into an empty database."""
    for line in _prepare_database():
        typer.echo(line)


@cli.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(min=1, envvar="PARALLAX_WORKERS", help="web processes")] = 1,
    reload: Annotated[bool, typer.Option(help="restart on code changes (development)")] = False,
) -> None:
    """Serve the web app and API (migrations are applied first)."""
    import uvicorn

    for line in _prepare_database():
        typer.echo(line)
    shown = "127.0.0.1" if host in {"0.0.0.0", "::", ""} else (f"[{host}]" if ":" in host else host)
    typer.echo(f"Parallax is at http://{shown}:{port}/ (Ctrl-C stops it)")
    os.environ["PARALLAX_BIND_HOST"] = host  # the rate limit is on by default unless this is loopback
    if workers > 1 and not get_settings().model_fields_set & {"secret_key"}:
        # Every worker must sign form tokens with the same key, or a form from one fails at another.
        os.environ["PARALLAX_SECRET_KEY"] = get_settings().secret_key
    uvicorn.run("app.web.main:app_factory", factory=True, host=host, port=port, workers=workers, reload=reload)


@cli.command()
def worker(
    concurrency: Annotated[int, typer.Option(min=1, help="jobs run at once by this process")] = 1,
    alive_file: Annotated[
        Path | None, typer.Option(help="file touched every sweep (half a job lease), for a healthcheck to read its age")
    ] = None,
) -> None:
    """Run background jobs (big comparisons) on PostgreSQL, apart from the web processes."""
    from app.db import make_engine

    engine = make_engine(get_settings().database_url)
    if engine.dialect.name != "postgresql":
        err.print("On SQLite every `parallax serve` process runs its own jobs; a worker needs PostgreSQL.")
        raise typer.Exit(2)
    from app.migrate import upgrade
    from app.services.comparisons import run_worker

    upgrade(get_settings().database_url)
    typer.echo("worker started; Ctrl-C stops it after the job in hand")
    run_worker(engine, get_settings(), concurrency=concurrency, alive_file=alive_file)


@cli.command("import")
def import_(
    sources: Annotated[
        list[str] | None, typer.Argument(help="files or folders of .txt, .md, .html, .htm, or http(s) URLs to fetch")
    ] = None,
    urls_file: Annotated[
        Path | None, typer.Option("--urls", help="a file of URLs, one per line ('#' lines skipped)")
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="outlet for every file (default: from the HTML or URL)")] = None,
    story: Annotated[int | None, typer.Option(help="id of the story the articles belong to")] = None,
    language: Annotated[str | None, typer.Option(help=_LANGUAGE_HELP)] = None,
) -> None:
    """Store articles from files and URLs; exits non-zero when any failed."""
    from app.db import make_engine, refresh_statistics

    settings = get_settings()
    _prepare_database(load_demo=False)
    files, urls = _sources(sources or [], urls_file)
    if language and urls:
        err.print(
            "--language applies to files; each fetched page's language is detected (edit it afterwards).", **PLAIN
        )
        raise typer.Exit(2)
    engine = make_engine(settings.database_url)
    counts = {"added": 0, "duplicate": 0, "failed": 0}
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err) as progress:
        task = progress.add_task("importing", total=len(files) + len(urls))

        def report(status: str, source: object, detail: str) -> None:
            # Printed (and flushed) only after the commit: a line seen means the article is stored.
            counts[status] += 1
            progress.console.print(_result_line(status, source, detail), **PLAIN)
            progress.advance(task)

        fields = {"outlet": outlet, "story_id": story, "language": language}
        for start in range(0, len(files), IMPORT_BATCH):
            for result in _import_files(engine, settings, files[start : start + IMPORT_BATCH], fields):
                report(*result)
        if counts["added"]:
            refresh_statistics(engine)  # the planner's statistics, after the files (URL imports refresh their own)
        if urls:
            _import_urls(engine, settings, urls, story, report)
    typer.echo(f"{counts['added']} added, {counts['duplicate']} duplicate, {counts['failed']} failed")
    if counts["failed"]:
        raise typer.Exit(1)


def _sources(sources: list[str], urls_file: Path | None) -> tuple[list[Path], list[str]]:
    """The files (folders walked) and the URLs to import, from the arguments and a file of URLs."""
    urls = [s for s in sources if s.lower().startswith(("http://", "https://"))]
    files = _collect([Path(s) for s in sources if s not in urls])
    if urls_file is not None:
        from app.services.imports import parse_url_list

        try:
            urls += parse_url_list(urls_file.read_text(encoding="utf-8", errors="replace"))
        except OSError as exc:
            err.print(f"cannot read {urls_file}: {exc}", style="red", **PLAIN)
            raise typer.Exit(2) from None
    if not files and not urls:
        err.print("Nothing to import: give files, folders, URLs or --urls FILE.", style="red", **PLAIN)
        raise typer.Exit(2)
    return files, urls


def _result_line(status: str, source: object, detail: str) -> Text:
    """One unwrapped line per file or URL ("failed" in red), for people and for scripts parsing the log."""
    if status == "added":
        return Text(f"added     {source}  → article {detail}")
    if status == "duplicate":
        return Text(f"duplicate {source}  = article {detail}")
    return Text.assemble(("failed", "red"), f"    {source}: {detail}")


# Files stored per transaction: one commit and one hold of the story lock per batch, not per file.
IMPORT_BATCH = 50


def _import_files(engine, settings, files: list[Path], fields: dict) -> list[tuple[str, Path, str]]:
    """Store a batch of files: ("added" | "duplicate" | "failed", the file, the article id or why) for each.

    One transaction for the batch; should the database refuse it, the files go one by one."""
    from sqlmodel import Session

    from app.services.articles import ArticleCreate
    from app.services.errors import Duplicate, UserError, validated
    from app.services.ingest import Upload, ingest_batch

    try:
        given = validated(ArticleCreate, fields)
    except UserError as exc:
        return [("failed", file, exc.message) for file in files]
    results: dict[Path, tuple[str, Path, str]] = {}
    items, readable = [], []
    for file in files:
        try:
            items.append((given, Upload(file.name, file.read_bytes())))
            readable.append(file)
        except OSError as exc:
            results[file] = ("failed", file, str(exc))
    try:
        with Session(engine) as session:
            outcomes = ingest_batch(session, settings, items)
    except Exception:  # a database error: the batch was rolled back; each file on its own says which
        return [_import_file(engine, settings, file, fields) for file in files]
    for file, outcome in zip(readable, outcomes, strict=True):
        if isinstance(outcome, Duplicate):
            results[file] = ("duplicate", file, str(outcome.existing_id))
        elif isinstance(outcome, UserError):
            results[file] = ("failed", file, outcome.message)
        else:
            results[file] = ("added", file, str(outcome.id))
    return [results[file] for file in files]


def _import_file(engine, settings, file: Path, fields: dict) -> tuple[str, Path, str]:
    """Store one file: ("added" | "duplicate" | "failed", the file, the article id or why it failed)."""
    from sqlmodel import Session

    from app.services.articles import ArticleCreate
    from app.services.errors import Duplicate, UserError, validated
    from app.services.ingest import Upload, ingest

    try:
        given = validated(ArticleCreate, fields)
        with Session(engine) as session:
            article = ingest(session, settings, given, Upload(file.name, file.read_bytes()))
    except Duplicate as exc:
        return "duplicate", file, str(exc.existing_id)
    except (UserError, OSError) as exc:
        return "failed", file, str(getattr(exc, "message", exc))
    return "added", file, str(article.id)


def _import_urls(engine, settings, urls: list[str], story: int | None, report) -> None:
    """URLs go through the same import job as the web's bulk import, run here in the foreground."""
    from sqlmodel import Session

    from app.models import ImportStatus
    from app.services.errors import UserError
    from app.services.imports import create_import, progress, run_import

    def report_item(item) -> None:
        failed = item.status == ImportStatus.FAILED
        report(item.status.value, item.url, item.message or "" if failed else str(item.article_id))

    try:
        with Session(engine) as session:
            job = create_import(session, urls, story)
            assert job.id is not None
            job_id, slug, items = job.id, job.slug, progress(session, job).items
    except UserError as exc:
        err.print(exc.message, style="red", **PLAIN)
        raise typer.Exit(2) from None
    for item in items:
        if item.status == ImportStatus.FAILED:  # not a URL at all: refused before any fetch
            report_item(item)
    run_import(engine, settings, job_id, on_result=report_item)
    err.print(f"results kept at /imports/{slug}", **PLAIN)


def _collect(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in IMPORTABLE))
        else:
            files.append(path)
    return files


labels_cli = typer.Typer(
    help="Label sets the operator defines for outlets (country, ownership, ...).", no_args_is_help=True
)
cli.add_typer(labels_cli, name="labels")


@labels_cli.command("import")
def labels_import(
    file: Annotated[Path, typer.Argument(help="CSV file: an 'outlet' column, then one column per label set")],
    source: Annotated[
        str | None, typer.Option(help="whose labels these are, shown with them (for the sets this file defines)")
    ] = None,
    create_outlets: Annotated[
        bool, typer.Option(help="create outlets not stored yet instead of skipping them")
    ] = False,
) -> None:
    """Define label sets and values as needed and assign them to outlets; exits non-zero when outlets were unknown."""
    from sqlmodel import Session

    from app.db import make_engine
    from app.services.errors import UserError
    from app.services.labels import import_csv

    _prepare_database(load_demo=False)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        err.print(f"cannot read {file}: {exc}", style="red", **PLAIN)
        raise typer.Exit(2) from None
    engine = make_engine(get_settings().database_url)
    try:
        with Session(engine) as session:
            report = import_csv(session, text, source, create_outlets)
    except UserError as exc:
        err.print(f"{file}: {exc.message}", style="red", **PLAIN)
        raise typer.Exit(2) from None
    finally:
        engine.dispose()
    for name in report.sets_created:
        typer.echo(f"defined the label set {name}")
    for name in report.outlets_created:
        typer.echo(f"created the outlet {name}")
    for name in report.unknown_outlets:
        err.print(f"skipped {name}: no outlet of that name (--create-outlets creates it)", **PLAIN)
    typer.echo(
        f"{report.assigned} labels set, {report.unchanged} unchanged, {report.values_created} new values, "
        f"{len(report.unknown_outlets)} unknown outlets"
    )
    if report.unknown_outlets:
        raise typer.Exit(1)


@cli.command()
def compare(
    files: Annotated[list[Path], typer.Argument(help="article files, one per outlet")],
    as_json: Annotated[bool, typer.Option("--json", help="print the comparison as JSON")] = False,
    language: Annotated[str | None, typer.Option(help=_LANGUAGE_HELP)] = None,
) -> None:
    """Compare article files without storing them (ids are the file names without extension)."""
    from app.analysis import compare as run_compare
    from app.report import render_summary
    from app.services.errors import UserError
    from app.services.ingest import checked_language, decode_bytes

    try:
        code = checked_language(language)
    except UserError as exc:
        err.print(exc.message, style="red", **PLAIN)
        raise typer.Exit(2) from None
    articles = []
    texts: dict[str, str] = {}
    for file in files:
        try:
            text = decode_bytes(file.read_bytes())
        except (OSError, UserError) as exc:
            err.print(f"[red]cannot read {file}: {getattr(exc, 'message', exc)}[/red]")
            raise typer.Exit(2) from None
        articles.append({"id": file.stem, "text": text, "outlet": file.stem, "language": code})
        texts[file.stem] = text
    result = run_compare(articles)
    if as_json:
        json.dump(result, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        Console().print(render_summary(result, texts))


@cli.command("backup")
def backup_(
    path: Annotated[Path, typer.Argument(help="file (or folder) to write the copy to")],
    force: Annotated[bool, typer.Option(help="overwrite an existing file")] = False,
) -> None:
    """Write a consistent copy of the SQLite database, safe while the server runs."""
    from app.backup import BackupError, backup

    try:
        written = backup(get_settings().database_url, path, force=force)
    except BackupError as exc:
        err.print(f"backup failed: {exc}", style="red", **PLAIN)
        raise typer.Exit(1) from None
    typer.echo(f"backed up to {written}")


@cli.command("restore")
def restore_(
    path: Annotated[Path, typer.Argument(help="a file written by `parallax backup`")],
    force: Annotated[bool, typer.Option(help="replace an existing database")] = False,
) -> None:
    """Replace the database with a backup after checking the backup's integrity. Stop the server first."""
    from app.backup import BackupError, restore

    try:
        target = restore(get_settings().database_url, path, force=force)
    except BackupError as exc:
        err.print(f"restore failed: {exc}", style="red", **PLAIN)
        raise typer.Exit(1) from None
    _prepare_database(load_demo=False)  # a backup from an older version gets the newer migrations
    typer.echo(f"restored {path} into {target}")


def _prepare_database(load_demo: bool = True) -> list[str]:
    """Migrate (and load the demo into an empty database); returns what was done, to print."""
    from sqlalchemy.engine import make_url
    from sqlmodel import Session

    from app.db import make_engine
    from app.migrate import current_revision, upgrade

    settings = get_settings()
    where = make_url(settings.database_url).render_as_string(hide_password=True)
    before = current_revision(settings.database_url) if _database_exists(settings.database_url) else None
    upgrade(settings.database_url)
    after = current_revision(settings.database_url)
    if before is None:
        done = [f"set up a new database at {where}"]
    elif before != after:
        done = [f"database upgraded from revision {before} to {after}"]
    else:
        done = ["database is up to date"]
    if load_demo and settings.demo:
        from app.services.demo import load_demo as load  # the demo's imports only where it is loaded

        engine = make_engine(settings.database_url)
        with Session(engine) as session:
            story_id = load(session, settings)
        engine.dispose()
        if story_id is not None:
            done.append(f"loaded the demo story (story {story_id}, with its comparison); PARALLAX_DEMO=0 starts empty")
    return done


def _database_exists(database_url: str) -> bool:
    """False for a SQLite file not made yet (asking alembic would create it empty)."""
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return True
    return Path(url.database).expanduser().exists()


def main() -> None:
    cli()
