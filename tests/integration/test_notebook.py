"""The researchers' notebook runs top to bottom on the demo store."""
import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT


@pytest.mark.slow
def test_explore_notebook_runs(demo_db, monkeypatch):
    monkeypatch.setenv("BIGCATS_DB", str(demo_db))
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    nb = nbformat.read(ROOT / "notebooks" / "explore.ipynb", as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = " ".join(str(o.get("data", {}).get("text/plain", "")) + str(o.get("data", {}).get("text/html", ""))
                    for o in outputs)
    assert "Land of Big Cats" in text and "detected" in text
    assert "Chao (1987) moment estimator" in text and "density_per_100km2" in text
    # the last cell renders the Overview inline (a Panel bundle for the notebook)
    last = nb.cells[-1]["outputs"]
    assert any("application/vnd.holoviews_exec.v0+json" in o.get("data", {}) or "text/html" in o.get("data", {})
               for o in last)
