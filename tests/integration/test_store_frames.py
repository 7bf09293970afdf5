"""A named query reads a batch too large for a list parameter as a registered frame, and only
the frames its header declares."""
import polars as pl
import pytest

from bigcats.store import QueryError


def test_a_query_reads_the_frames_it_declares_and_no_other(demo_reader):
    some = demo_reader.sql("SELECT observation_id FROM observations ORDER BY observation_id LIMIT 3")
    owners = demo_reader.query("observation_owners", frames={"package_observations": some})
    expected = demo_reader.sql("SELECT o.observation_id, d.owner_area_id FROM observations o JOIN deployments d "
                               "USING (deployment_id) ORDER BY observation_id LIMIT 3")
    assert sorted(owners.rows()) == sorted(expected.rows())
    unknown = pl.DataFrame({"observation_id": ["no such observation"]})
    assert demo_reader.query("observation_owners", frames={"package_observations": unknown}).is_empty()
    with pytest.raises(QueryError, match="reads the frame"):
        demo_reader.query("observation_owners")
    with pytest.raises(QueryError, match="reads the frame"):
        demo_reader.query("area_names", lang="en", frames={"package_observations": some})
