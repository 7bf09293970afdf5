"""Unpacking an uploaded zip under limits: bombs, escapes, links and floods are refused and leave
no folder behind."""
import io
import stat
import zipfile

import pytest

from bigcats.ingest.archive import ArchiveRefused, Limits, unpack_zip


def zipped(members: dict, compression=zipfile.ZIP_DEFLATED, links: dict | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            z.writestr(info, target)
    return buf.getvalue()


def test_a_good_zip_unpacks(tmp_path):
    out = unpack_zip(zipped({"pkg/datapackage.json": "{}", "pkg/media/a.png": b"x" * 10}), tmp_path / "u")
    assert (out / "pkg" / "media" / "a.png").read_bytes() == b"x" * 10


def test_a_zip_bomb_is_stopped_while_unpacking(tmp_path):
    bomb = zipped({"zeros.csv": b"\0" * (64 * 1024**2)})  # 64 MiB of zeros packs to ~64 KB
    assert len(bomb) < 200_000
    with pytest.raises(ArchiveRefused, match="compressed more than"):
        unpack_zip(bomb, tmp_path / "u")
    assert not (tmp_path / "u").exists()
    with pytest.raises(ArchiveRefused, match="in all"):
        unpack_zip(zipped({f"f{i}.csv": bytes(range(256)) * 400 for i in range(5)}, zipfile.ZIP_STORED),
                   tmp_path / "v", Limits(total_bytes=300_000))


def test_a_member_larger_than_allowed_is_refused(tmp_path):
    with pytest.raises(ArchiveRefused, match="per file"):
        unpack_zip(zipped({"big.mp4": b"v" * 5000}, zipfile.ZIP_STORED), tmp_path / "u", Limits(member_bytes=4000))


@pytest.mark.parametrize("name, why", [("../../etc/cron.d/x", "'..'"), ("/etc/passwd", "absolute"),
                                       ("C:/Windows/x.csv", "absolute")])
def test_names_that_leave_the_folder_are_refused(tmp_path, name, why):
    with pytest.raises(ArchiveRefused, match=why):
        unpack_zip(zipped({name: "x"}), tmp_path / "u")
    assert not (tmp_path / "u").exists() and not (tmp_path.parent / "etc").exists()


def test_links_and_floods_are_refused(tmp_path):
    with pytest.raises(ArchiveRefused, match="links"):
        unpack_zip(zipped({"a.csv": "x"}, links={"media/shadow.jpg": "/etc/shadow"}), tmp_path / "u")
    with pytest.raises(ArchiveRefused, match="members"):
        unpack_zip(zipped({f"m{i}": "" for i in range(30)}), tmp_path / "v", Limits(members=20))
    with pytest.raises(ArchiveRefused, match="not a zip"):
        unpack_zip(b"PK\x03\x04 not really", tmp_path / "w")
