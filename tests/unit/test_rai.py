"""Relative abundance index and naive occupancy, by hand."""
from datetime import datetime

import pytest

from bigcats.estimate import rai


def test_camera_days_are_the_deployment_clipped_to_the_period():
    start, end = datetime(2014, 1, 10), datetime(2014, 5, 10)     # 21 + 28 + 31 + 30 + 10 = 120 days
    assert rai.camera_days([start], [end], datetime(2014, 1, 1), datetime(2015, 1, 1)).tolist() == [120.0]
    assert rai.camera_days([start], [end], datetime(2014, 2, 1), datetime(2015, 1, 1)).tolist() == [98.0]
    # set at noon: half a day; a camera outside the period ran no day of it
    assert rai.camera_days([datetime(2014, 1, 1, 12)], [datetime(2014, 1, 3)], datetime(2014, 1, 1),
                           datetime(2015, 1, 1)).tolist() == [1.5]
    assert rai.camera_days([start], [end], datetime(2015, 1, 1), datetime(2016, 1, 1)).tolist() == [0.0]


def test_index_is_events_per_hundred_camera_days():
    assert rai.relative_abundance_index(3, 150) == pytest.approx(2.0)
    assert rai.relative_abundance_index(0, 150) == 0.0
    assert rai.relative_abundance_index(3, 0) is None


def test_naive_occupancy_is_the_share_of_sites_with_a_detection():
    assert rai.naive_occupancy(2, 5) == pytest.approx(0.4)
    assert rai.naive_occupancy(0, 0) is None
    with pytest.raises(ValueError):
        rai.naive_occupancy(3, 2)
