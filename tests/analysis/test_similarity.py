"""Connected components: the grouping discrepancies and quote evidence rely on, order included."""

from __future__ import annotations

from app.analysis.similarity import components


def test_components_are_listed_by_smallest_node_each_in_increasing_order():
    assert components(6, [(4, 1), (0, 5), (1, 3)]) == [[0, 5], [1, 3, 4], [2]]


def test_no_edges_leaves_singletons_and_no_nodes_no_groups():
    assert components(3, []) == [[0], [1], [2]]
    assert components(0, []) == []
