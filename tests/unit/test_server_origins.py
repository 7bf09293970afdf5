"""The websocket accepts pages only from the configured origins on a non-loopback address."""
import socket

from dashboards.server import allowed_origins


def test_loopback_needs_no_list_and_other_addresses_get_their_own_names(monkeypatch):
    monkeypatch.delenv("BIGCATS_ALLOWED_ORIGINS", raising=False)
    assert allowed_origins("127.0.0.1", 5006) is None
    origins = allowed_origins("0.0.0.0", 5006)
    assert "*" not in origins and f"{socket.gethostname()}:5006" in origins
    assert all(o.endswith(":5006") for o in origins) and "0.0.0.0:5006" not in origins
    monkeypatch.setenv("BIGCATS_ALLOWED_ORIGINS", "dashboard.neaspec.org, 10.0.0.5:5006")
    origins = allowed_origins("10.0.0.5", 5006)
    assert "dashboard.neaspec.org" in origins and "10.0.0.5:5006" in origins and "*" not in origins
