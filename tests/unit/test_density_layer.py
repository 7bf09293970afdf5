"""The detection-density layer switches to datashader past its threshold."""
import holoviews as hv
import pandas as pd

from dashboards.corridors import CorridorMaps


def test_density_is_points_below_and_a_raster_above_the_threshold():
    pts = pd.DataFrame({"longitude": [130.5, 130.6, 130.7, 130.8], "latitude": [42.6, 42.7, 42.8, 42.9]})
    assert isinstance(CorridorMaps.density_layer(pts, threshold=10), hv.Points)
    big = CorridorMaps.density_layer(pts, threshold=3)
    assert isinstance(big, hv.DynamicMap)
    raster = big[()]
    assert isinstance(raster, hv.Image)
    # every photograph is counted once, in Web Mercator metres
    assert int(raster.data["longitude_latitude Count"].sum()) == 4
    assert raster.data["longitude"].min() > 1.4e7
