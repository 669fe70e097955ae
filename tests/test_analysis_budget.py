"""The analysis child process: its wall-time and memory budgets, and a parent that stops waiting."""

from __future__ import annotations

import pytest

from app.services import analysis_worker
from app.services.analysis_worker import Budget
from tests.heavy_articles import heavy_articles

PAIR = [
    {"id": "1", "text": 'Officials said on Tuesday that 3 shelters reopened. "Power is back," the mayor said.'},
    {"id": "2", "text": "Officials said Tuesday that four shelters had reopened, according to the mayor."},
]


def _articles(texts: list[str]) -> list[dict]:
    return [{"id": str(n), "text": t, "outlet": f"Outlet {n}", "language": "en"} for n, t in enumerate(texts)]


def test_a_comparison_within_its_budget_gives_the_analysis_result():
    result = analysis_worker.run([{**a, "outlet": f"O{a['id']}", "language": None} for a in PAIR], Budget(60, 512))
    assert {a["id"] for a in result["articles"]} == {"1", "2"} and result["claims"]


def test_over_the_time_budget_the_child_is_stopped_and_the_reason_given():
    # Eight long articles take about 4 s on an idle machine (three short ones finished inside 0.5 s);
    # the child is stopped at 0.5 s, so the test costs that whatever the input.
    with pytest.raises(analysis_worker.OverBudget, match=r"took longer than 0\.5 s"):
        analysis_worker.run(_articles(heavy_articles(8, 15_000)), Budget(0.5, 2048))


@pytest.mark.slow
def test_over_the_memory_budget_the_analysis_fails_with_the_reason():
    with pytest.raises(analysis_worker.OverBudget, match="needed more than 16 MB"):
        analysis_worker.run(_articles(heavy_articles(6, 12_000)), Budget(300, 16))


def test_a_parent_that_stops_waiting_kills_the_child():
    with pytest.raises(analysis_worker.Abandoned):
        analysis_worker.run(_articles(heavy_articles(8, 15_000)), Budget(60, 2048), lambda: False, beat_seconds=0.2)


def test_an_analysis_that_raises_is_reported_not_hung():
    with pytest.raises(analysis_worker.AnalysisCrashed):
        analysis_worker.run(["not an article", "nor this"], Budget(60, 512))  # compare raises on these
