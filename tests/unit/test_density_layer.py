"""The detection-density layer of the corridor map: points up to its threshold, past it one image
of counts per bin (a browser draws about 100,000 glyphs comfortably)."""
import numpy as np
import polars as pl
from bokeh.models import Image, Scatter
from bokeh.plotting import figure

from dashboards.figures.corridors import density, lonlat_to_mercator

# four places on a line from south-west to north-east; the last photographed twice
PHOTOGRAPHS = lonlat_to_mercator(pl.DataFrame({"longitude": [130.5, 130.6, 130.7, 130.8, 130.8],
                                               "latitude": [42.6, 42.7, 42.8, 42.9, 42.9]}))
EXTENT = (PHOTOGRAPHS["x"].min() - 1000, PHOTOGRAPHS["x"].max() + 1000,
          PHOTOGRAPHS["y"].min() - 1000, PHOTOGRAPHS["y"].max() + 1000)


def test_up_to_the_threshold_every_photograph_is_a_point():
    small = density(figure(), PHOTOGRAPHS, threshold=10, extent=EXTENT)
    assert isinstance(small.glyph, Scatter)
    assert list(small.data_source.data["x"]) == PHOTOGRAPHS["x"].to_list()


def test_past_the_threshold_the_photographs_are_counted_per_bin_on_the_maps_extent():
    big = density(figure(), PHOTOGRAPHS, threshold=3, extent=EXTENT)
    assert isinstance(big.glyph, Image)
    image = big.data_source.data["image"][0]
    # every photograph counted once, the two at one place in one bin; empty bins clear (NaN)
    assert np.nansum(image) == 5 and np.nanmax(image) == 2 and np.isnan(image).sum() == image.size - 4
    # rows run up the map: the north-eastern place (counted twice) is in the upper right
    row, col = np.unravel_index(np.nanargmax(image), image.shape)
    assert row > image.shape[0] * 0.9 and col > image.shape[1] * 0.9
    # the image covers the map's extent, in Web Mercator metres
    glyph = big.glyph
    assert (glyph.x, glyph.y, glyph.dw, glyph.dh) == (EXTENT[0], EXTENT[2], EXTENT[1] - EXTENT[0], EXTENT[3] - EXTENT[2])
