"""The detection-density layer switches to datashader past its threshold."""
import holoviews as hv
import polars as pl

from dashboards.figures.corridors import density, lonlat_to_mercator


def test_density_is_points_below_and_a_raster_above_the_threshold():
    pts = lonlat_to_mercator(pl.DataFrame({"longitude": [130.5, 130.6, 130.7, 130.8], "latitude": [42.6, 42.7, 42.8, 42.9]}))
    assert isinstance(density(pts, threshold=10), hv.Points)
    big = density(pts, threshold=3)
    assert isinstance(big, hv.DynamicMap)
    raster = big[()]
    assert isinstance(raster, hv.Image)
    # every photograph is counted once, in Web Mercator metres
    assert int(raster.data["x_y Count"].sum()) == 4
    assert raster.data["x"].min() > 1.4e7
