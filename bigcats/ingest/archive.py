"""Unpacking an uploaded zip (a Camtrap DP package) under limits.

A zip states its members' sizes, but the statement may lie, and a 4 MB zip can hold 4 GiB of
zeros (a 'zip bomb'). So every member is read as a stream and counted as it is written: the
total, each member's size and each member's compression ratio are bounded, and the names are
checked (no absolute paths, no '..', no links, no devices) before anything is written. On any
breach the folder is removed and the upload refused; nothing reaches the store.

The limits can be set from the environment for a park that exchanges very large packages.
"""
from __future__ import annotations

import io
import os
import shutil
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


class ArchiveRefused(ValueError):
    """The zip was refused before anything was imported; the message says which member and why."""


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True)
class Limits:
    total_bytes: int = _env_int("BIGCATS_ZIP_MAX_BYTES", 2 * 1024**3)       # all members unpacked
    member_bytes: int = _env_int("BIGCATS_ZIP_MAX_MEMBER_BYTES", 512 * 1024**2)  # one file (a CSV or a video)
    members: int = _env_int("BIGCATS_ZIP_MAX_MEMBERS", 100_000)
    ratio: int = _env_int("BIGCATS_ZIP_MAX_RATIO", 200)   # unpacked / packed, for members over 1 MiB
    ratio_floor: int = 1024**2


CHUNK = 1024 * 1024


def _safe_name(info: zipfile.ZipInfo) -> PurePosixPath:
    name = info.filename.replace("\\", "/")
    p = PurePosixPath(name)
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise ArchiveRefused(f"member {info.filename!r}: an absolute path is not allowed in a package")
    if any(part == ".." for part in p.parts):
        raise ArchiveRefused(f"member {info.filename!r}: '..' is not allowed in a package path")
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)  # 0 when the zip was written without a file type (Windows tools)
    if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
        raise ArchiveRefused(f"member {info.filename!r}: links and special files are not allowed in a package")
    if "\x00" in name:
        raise ArchiveRefused(f"member {info.filename!r}: a NUL character in a name")
    return p


def unpack_zip(data: bytes | Path, dest: Path, limits: Limits | None = None) -> Path:
    """Unpack a zip (its bytes, or a path) into the new folder `dest` under `limits`; returns dest.
    Raises ArchiveRefused (and leaves no folder) when the zip is broken or breaks a limit."""
    limits = limits or Limits()
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=False)
    try:
        source = io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else open(data, "rb")
        with source, zipfile.ZipFile(source) as z:
            infos = z.infolist()
            if len(infos) > limits.members:
                raise ArchiveRefused(f"{len(infos)} members; at most {limits.members} are accepted")
            total = 0
            for info in infos:
                rel = _safe_name(info)
                if info.is_dir():
                    (dest / rel).mkdir(parents=True, exist_ok=True)
                    continue
                if info.file_size > limits.member_bytes:
                    raise ArchiveRefused(f"member {info.filename!r}: {info.file_size} bytes; at most "
                                         f"{limits.member_bytes} per file")
                target = dest / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                written = 0
                with z.open(info) as src, open(target, "xb") as out:
                    while True:
                        chunk = src.read(CHUNK)
                        if not chunk:
                            break
                        written += len(chunk)
                        total += len(chunk)
                        # counted as read: the sizes a zip states can lie
                        if written > limits.member_bytes:
                            raise ArchiveRefused(f"member {info.filename!r}: more than {limits.member_bytes} "
                                                 "bytes unpacked")
                        if total > limits.total_bytes:
                            raise ArchiveRefused(f"more than {limits.total_bytes} bytes unpacked in all; "
                                                 "the limit for one package")
                        if written > limits.ratio_floor and written > limits.ratio * max(info.compress_size, 1):
                            raise ArchiveRefused(f"member {info.filename!r}: compressed more than {limits.ratio}:1 "
                                                 "(a zip bomb?)")
                        out.write(chunk)
    except zipfile.BadZipFile as exc:
        shutil.rmtree(dest, ignore_errors=True)
        raise ArchiveRefused(f"not a zip file ({exc})") from exc
    except (RuntimeError, NotImplementedError, EOFError, zlib.error) as exc:  # encrypted, unknown method, cut short
        shutil.rmtree(dest, ignore_errors=True)
        raise ArchiveRefused(f"cannot be unpacked ({exc})") from exc
    except FileExistsError as exc:
        shutil.rmtree(dest, ignore_errors=True)
        raise ArchiveRefused(f"member {Path(exc.filename).name!r} appears twice in the zip") from exc
    except BaseException:
        shutil.rmtree(dest, ignore_errors=True)
        raise
    return dest
