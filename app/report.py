"""A terminal summary of a comparison: its languages, the claims matrix, quotes and discrepancies.

What compare() could not check is said before the tables and in their titles: a table with
no rows for a stage that did not run for some article must never read as "none there"."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

MAX_ROWS = 60


def render_summary(result: dict, texts: dict[str, str]) -> Group:
    ids = [a["id"] for a in result["articles"]]
    checks = result.get("checks") or {}
    return Group(
        *_checks_lines(checks),
        _claims_table(result, ids),
        _quotes_table(result, checks),
        _discrepancies_table(result, checks),
    )


def _checks_lines(checks: dict) -> list[RenderableType]:
    languages = checks.get("languages", [])
    told = ", ".join(f"{c['name']} ({', '.join(c['articles'])})" for c in languages)
    lines: list[RenderableType] = [Text(f"Languages: {told}")] if told else []
    lines += [Text(notice, style="bold yellow") for notice in checks.get("notices", [])]
    return lines


def _unchecked(checks: dict, stage: str) -> str:
    """ " (not checked for Polish: b)" when ``stage`` did not run for some articles, else ""."""
    missing = [
        f"{c['name']}: {', '.join(c['articles'])}" for c in checks.get("languages", []) if stage in c["not_checked"]
    ]
    return f" (not checked for {'; '.join(missing)})" if missing else ""


def _claims_table(result: dict, ids: list[str]) -> Table:
    claims = sorted(result["claims"], key=lambda c: -len({o["article"] for o in c["occurrences"]}))
    shared = sum(1 for c in claims if len({o["article"] for o in c["occurrences"]}) > 1)
    table = Table(title=f"Claims: {len(claims)} groups, {shared} carried by more than one outlet", show_lines=False)
    table.add_column("claim", overflow="fold", max_width=70)
    for aid in ids:
        table.add_column(aid, justify="center")
    for claim in claims[:MAX_ROWS]:
        present = {o["article"] for o in claim["occurrences"]}
        table.add_row(_short(claim.get("text", "")), *("●" if aid in present else "·" for aid in ids))
    if len(claims) > MAX_ROWS:
        table.caption = f"{len(claims) - MAX_ROWS} more claims not shown (use --json for all)"
    return table


def _quotes_table(result: dict, checks: dict) -> Table:
    table = Table(title=f"Quotes: {len(result['quotes'])} statements{_unchecked(checks, 'quotes')}")
    table.add_column("speaker")
    table.add_column("words", overflow="fold", max_width=70)
    table.add_column("outlets")
    for quote in result["quotes"][:MAX_ROWS]:
        fullest = max(quote["occurrences"], key=lambda o: len(o["text"]))
        outlets = sorted({o["article"] for o in quote["occurrences"]})
        table.add_row(quote.get("speaker") or "unknown", _short(fullest["text"]), ", ".join(outlets))
    return table


def _discrepancies_table(result: dict, checks: dict) -> Table:
    table = Table(title=f"Discrepancies: {len(result['discrepancies'])}{_unchecked(checks, 'discrepancies')}")
    table.add_column("about")
    table.add_column("values", overflow="fold")
    for d in result["discrepancies"]:
        values = Text(" | ".join(f"{v['article']}: {v['value']}" for v in d["values"]))
        table.add_row(d.get("about", ""), values)
    return table


def _short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
