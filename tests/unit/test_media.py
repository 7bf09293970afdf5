"""Location metadata leaves media files for readers who get generalised positions."""
import io

from PIL import Image

from bigcats.media import strip_location

GPS_IFD = 0x8825


def jpeg_with_gps() -> bytes:
    img = Image.new("RGB", (8, 8), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "TrailCam"  # Make
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (43.0, 6.0, 30.0), 3: "E", 4: (131.0, 12.0, 5.0)})
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif, comment=b"cam 43.1084N 131.2014E")
    return buf.getvalue()


def test_jpeg_loses_its_gps_and_keeps_its_pixels():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the attack: GPS is there
    clean = strip_location(original, "image/jpeg")
    img = Image.open(io.BytesIO(clean))
    assert not img.getexif().get_ifd(GPS_IFD) and not img.getexif()
    assert b"43.1084N" not in clean and b"GPS" not in clean
    assert img.size == (8, 8) and img.convert("RGB").getpixel((4, 4)) == \
        Image.open(io.BytesIO(original)).convert("RGB").getpixel((4, 4))


def test_png_loses_its_text_and_exif_chunks():
    img = Image.new("RGB", (4, 4))
    exif = Image.Exif()
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (43.0, 6.0, 30.0)})
    from PIL.PngImagePlugin import PngInfo
    info = PngInfo()
    info.add_text("XML:com.adobe.xmp", "<exif:GPSLatitude>43,6.5N</exif:GPSLatitude>")
    buf = io.BytesIO()
    img.save(buf, "PNG", pnginfo=info, exif=exif)
    clean = strip_location(buf.getvalue(), "image/png")
    assert b"GPSLatitude" not in clean and b"eXIf" not in clean and b"tEXt" not in clean and b"iTXt" not in clean
    assert Image.open(io.BytesIO(clean)).size == (4, 4)


def test_what_cannot_be_cleaned_is_withheld():
    assert strip_location(b"\x00\x00\x00\x18ftypmp42 video", "video/mp4") is None
    assert strip_location(b"\xff\xd8\xff\xe1\x00", "image/jpeg") is None  # a truncated JPEG
    assert strip_location(None) is None
