"""No feature's views import another feature's views, directly or through other modules: a
feature answers on the case page through cases.render, which imports no views, so the
features can be read, changed and tested one at a time."""

from __future__ import annotations

import grimp
import pytest

pytestmark = pytest.mark.repository  # reads the repository's files: not run by make mutants

GRAPH = grimp.build_graph("qtrax_disputes", cache_dir=None)
VIEWS = sorted(m for m in GRAPH.modules if m.endswith(".views"))
PAIRS = [(a, b) for a in VIEWS for b in VIEWS if a != b]


def test_the_graph_sees_the_features_views():
    assert {"qtrax_disputes.cases.views", "qtrax_disputes.costs.views",
            "qtrax_disputes.documents.views", "qtrax_disputes.deadlines.views"} <= set(VIEWS)


@pytest.mark.parametrize(("importer", "imported"), PAIRS)
def test_no_feature_views_import_another_features_views(importer, imported):
    chain = GRAPH.find_shortest_chain(importer=importer, imported=imported)
    assert chain is None, " -> ".join(chain or ())


def test_the_case_page_renderer_imports_no_views():
    reached = GRAPH.find_upstream_modules("qtrax_disputes.cases.render")  # what it imports
    assert not {m for m in reached if m.endswith(".views")}
