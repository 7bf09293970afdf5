"""Media files without the places they carry.

A camera-trap photograph often carries its camera's position in its metadata (EXIF GPS, XMP
`exif:GPSLatitude`, IPTC location fields). For a reader who gets generalised positions the file
goes out without that metadata: the image data is copied byte for byte (no re-encoding, no loss),
only the metadata blocks are left out:

- JPEG: APP1 (Exif and XMP), APP13 (IPTC/Photoshop) and COM segments are dropped (JPEG File
  Interchange Format, ITU T.81 Annex B; Exif 2.32 §4.5);
- PNG: eXIf, tEXt, zTXt and iTXt chunks (PNG 3rd ed. §11.3) are dropped;
- anything else (video, audio, other image formats) cannot be cleaned with certainty and is
  withheld (None).
"""
from __future__ import annotations

import struct

_JPEG_DROP = {0xE1, 0xED, 0xFE}  # APP1 (Exif, XMP), APP13 (IPTC), COM
_PNG_DROP = {b"eXIf", b"tEXt", b"zTXt", b"iTXt"}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _strip_jpeg(data: bytes) -> bytes | None:
    out = bytearray(data[:2])
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            return None  # not a marker where one must be: not a JPEG we can read safely
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0xDA:  # start of scan: the rest is image data
            out += data[i:]
            return bytes(out)
        if 0xD0 <= marker <= 0xD9 or marker == 0x01:  # markers without a length
            out += data[i:i + 2]
            i += 2
            continue
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if length < 2 or i + 2 + length > len(data):
            return None
        if marker not in _JPEG_DROP:
            out += data[i:i + 2 + length]
        i += 2 + length
    return None


def _strip_png(data: bytes) -> bytes | None:
    out = bytearray(_PNG_SIGNATURE)
    i = len(_PNG_SIGNATURE)
    while i + 12 <= len(data):
        length = struct.unpack(">I", data[i:i + 4])[0]
        kind = data[i + 4:i + 8]
        end = i + 12 + length
        if end > len(data):
            return None
        if kind not in _PNG_DROP:
            out += data[i:end]
        i = end
        if kind == b"IEND":
            return bytes(out)
    return None


def strip_location(content: bytes | None, mediatype: str | None = None) -> bytes | None:
    """`content` without location metadata; None when it cannot be cleaned (then it is withheld)."""
    if content is None:
        return None
    data = bytes(content)
    if data[:3] == b"\xff\xd8\xff":
        return _strip_jpeg(data)
    if data[:8] == _PNG_SIGNATURE:
        return _strip_png(data)
    return None
