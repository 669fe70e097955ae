"""The `parallax` command: serve the app, migrate, import articles, compare files."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from app.settings import get_settings

cli = typer.Typer(
    help="Parallax: compare how news outlets cover the same story.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
err = Console(stderr=True)

IMPORTABLE = {".txt", ".md", ".markdown", ".html", ".htm"}
# One unwrapped line per file, file names never read as markup: scripts can parse the log.
PLAIN = {"soft_wrap": True, "markup": False, "highlight": False}


@cli.command()
def migrate() -> None:
    """Apply database migrations, then load the demo story into an empty database."""
    _prepare_database()
    typer.echo("database is up to date")


@cli.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(min=1, envvar="PARALLAX_WORKERS", help="web processes")] = 1,
    reload: Annotated[bool, typer.Option(help="restart on code changes (development)")] = False,
) -> None:
    """Serve the web app and API (migrations are applied first)."""
    import uvicorn

    _prepare_database()
    if workers > 1 and not get_settings().model_fields_set & {"secret_key"}:
        # Every worker must sign form tokens with the same key, or a form from one fails at another.
        os.environ["PARALLAX_SECRET_KEY"] = get_settings().secret_key
    uvicorn.run("app.web.main:app_factory", factory=True, host=host, port=port, workers=workers, reload=reload)


@cli.command()
def worker(
    concurrency: Annotated[int, typer.Option(min=1, help="jobs run at once by this process")] = 1,
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
    run_worker(engine, concurrency=concurrency)


@cli.command("import")
def import_(
    paths: Annotated[list[Path], typer.Argument(help="files or folders of .txt, .md, .html, .htm")],
    outlet: Annotated[str | None, typer.Option(help="outlet for every file (default: from the HTML or URL)")] = None,
    story: Annotated[int | None, typer.Option(help="id of the story the articles belong to")] = None,
) -> None:
    """Store articles from files; exits non-zero when any file failed."""
    from app.db import make_engine

    settings = get_settings()
    _prepare_database(load_demo=False)
    files = _collect(paths)
    engine = make_engine(settings.database_url)
    counts = {"added": 0, "duplicate": 0, "failed": 0}
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err) as progress:
        task = progress.add_task("importing", total=len(files))
        for file in files:
            outcome, line = _import_file(engine, settings, file, {"outlet": outlet, "story_id": story})
            counts[outcome] += 1
            # Printed (and flushed) only after the commit: a line seen means the article is stored.
            progress.console.print(line, **(PLAIN if outcome != "failed" else {}))  # "failed" is in red markup
            progress.advance(task)
    typer.echo(f"{counts['added']} added, {counts['duplicate']} duplicate, {counts['failed']} failed")
    if counts["failed"]:
        raise typer.Exit(1)


def _import_file(engine, settings, file: Path, fields: dict) -> tuple[str, str]:
    """Store one file: ("added" | "duplicate" | "failed", the line to print)."""
    from sqlmodel import Session

    from app.services.articles import ArticleCreate
    from app.services.errors import Duplicate, UserError, validated
    from app.services.ingest import Upload, ingest

    try:
        given = validated(ArticleCreate, fields)
        with Session(engine) as session:
            article = ingest(session, settings, given, Upload(file.name, file.read_bytes()))
    except Duplicate as exc:
        return "duplicate", f"duplicate {file}  = article {exc.existing_id}"
    except (UserError, OSError) as exc:
        return "failed", f"[red]failed[/red]    {file}: {getattr(exc, 'message', exc)}"
    return "added", f"added     {file}  → article {article.id}"


def _collect(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in IMPORTABLE))
        else:
            files.append(path)
    return files


@cli.command()
def compare(
    files: Annotated[list[Path], typer.Argument(help="article files, one per outlet")],
    as_json: Annotated[bool, typer.Option("--json", help="print the comparison as JSON")] = False,
) -> None:
    """Compare article files without storing them (ids are the file names without extension)."""
    from app.analysis import compare as run_compare
    from app.report import render_summary
    from app.services.errors import UserError
    from app.services.ingest import decode_bytes

    articles = []
    for file in files:
        try:
            text = decode_bytes(file.read_bytes())
        except (OSError, UserError) as exc:
            err.print(f"[red]cannot read {file}: {getattr(exc, 'message', exc)}[/red]")
            raise typer.Exit(2) from None
        articles.append({"id": file.stem, "text": text, "outlet": file.stem})
    result = run_compare(articles)
    if as_json:
        json.dump(result, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        Console().print(render_summary(result, {a["id"]: a["text"] for a in articles}))


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


def _prepare_database(load_demo: bool = True) -> None:
    from sqlmodel import Session

    from app.db import make_engine
    from app.migrate import upgrade
    from app.services.demo import load_demo as load

    settings = get_settings()
    upgrade(settings.database_url)
    if load_demo and settings.demo:
        engine = make_engine(settings.database_url)
        with Session(engine) as session:
            load(session, settings)
        engine.dispose()


def main() -> None:
    cli()
