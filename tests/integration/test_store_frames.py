"""A named query reads a batch too large for a list parameter as a registered frame, and only
the frames its header declares."""
import polars as pl
import pytest

from bigcats.store import QueryError


def test_a_query_reads_the_frames_it_declares_and_no_other(demo_reader):
    some = demo_reader.sql("SELECT observation_id FROM observations ORDER BY observation_id LIMIT 3")
    owners = demo_reader.query("observations_owned_elsewhere", park="nowhere", frames={"package_observations": some})
    expected = demo_reader.sql("SELECT o.observation_id, d.owner_area_id FROM observations o JOIN deployments d "
                               "USING (deployment_id) ORDER BY observation_id LIMIT 3")
    assert sorted(owners.rows()) == sorted(expected.rows())
    unknown = pl.DataFrame({"observation_id": ["no such observation"]})
    assert demo_reader.query("observations_owned_elsewhere", park="nowhere",
                             frames={"package_observations": unknown}).is_empty()
    # the park's own observations are not another's
    first = expected["observation_id"].head(1)
    own = demo_reader.sql("SELECT d.owner_area_id FROM observations o JOIN deployments d USING (deployment_id) "
                          "ORDER BY observation_id LIMIT 1")["owner_area_id"][0]
    assert demo_reader.query("observations_owned_elsewhere", park=own,
                             frames={"package_observations": first.to_frame()}).is_empty()
    with pytest.raises(QueryError, match="reads the frame"):
        demo_reader.query("observations_owned_elsewhere", park="nowhere")
    with pytest.raises(QueryError, match="reads the frame"):
        demo_reader.query("area_names", lang="en", frames={"package_observations": some})
