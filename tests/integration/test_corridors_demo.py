"""Corridors on the demo store: the heat line puts the crossings where the simulated shared
animals live. The simulation's activity centres are not stored, so each shared animal's home
range is placed at the mean of its photographs (the centre SECR estimates, Efford 2004)."""
import numpy as np
import polars as pl
import pytest
from scipy.stats import spearmanr

from bigcats import corridors, geo


@pytest.mark.parametrize("species", ["leopard", "tiger"])
def test_crossings_lie_where_shared_home_ranges_are(demo_reader, species):
    det = demo_reader.query("identified_detections", species=species, scope="tumen",
                            date_from="2013-01-01", date_to="2025-12-31")
    x, y = geo.to_metric_xy("tumen", det["longitude"].to_numpy(), det["latitude"].to_numpy())
    shared = (det.with_columns(pl.Series("x", x), pl.Series("y", y)).group_by("animal_id")
              .agg(pl.col("country").n_unique().alias("countries"), pl.col("x").mean(), pl.col("y").mean())
              .filter(pl.col("countries") > 1))
    border = corridors.region_borders(demo_reader, "tumen")[("CN", "RU")]
    centres = corridors.along(border, shared.select("x", "y").to_numpy())
    cx = corridors.border_crossings(demo_reader, "tumen", [species], "2013-01-01", "2025-12-31")
    cx = cx.filter(pl.col("border") == "CN-RU")
    assert cx.height > 100 and len(centres) > 20
    # nearly every crossing is within 10 km (along the border) of a shared animal's centre
    gap_km = np.array([np.abs(centres - a).min() for a in cx["along_m"]]) / 1000
    assert np.mean(gap_km < 10) > 0.95
    # and the heat line's 10 km segments rank like the number of shared animals living at them
    counts = corridors.segment_counts(cx["along_m"].to_numpy(), border.length, 10_000)
    living = corridors.segment_counts(centres, border.length, 10_000)
    assert spearmanr(counts, living).statistic > 0.6


def test_segment_table_sums_to_the_crossings_and_grid_covers_the_cameras(demo_reader):
    cx = corridors.border_crossings(demo_reader, "khingan", ["tiger"], "2013-01-01", "2025-12-31")
    table, heat = corridors.segment_table(demo_reader, "khingan", cx, 10)
    assert table["crossings"].sum() == cx.height > 0
    # the heat line carries each segment's total on every piece of it, and covers every segment
    per_segment = table.group_by("border", "segment").agg(pl.col("crossings").sum())
    drawn = heat.group_by("border", "segment").agg(pl.col("crossings").max())
    joined = per_segment.join(drawn, on=["border", "segment"], suffix="_drawn")
    assert joined.height == per_segment.height and (joined["crossings"] == joined["crossings_drawn"]).all()
    assert drawn.filter(pl.col("border") == "CN-RU")["segment"].sort().to_list() == \
        list(range(drawn.filter(pl.col("border") == "CN-RU").height))
    cams = demo_reader.query("deployment_detections", region="khingan", species="tiger",
                             date_from="2020-01-01", date_to="2020-12-31")
    cells, cov = corridors.unified_grid(demo_reader, "khingan", cams, 5)
    assert cov["habitat_cells"] == cells.height and 0 < cov["share_watched"] < 1
    assert cov["cells_RU"] > 0 and cov["cells_CN"] > 0 and cov["cells_MN"] == 0
