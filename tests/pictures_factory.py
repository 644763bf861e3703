"""Test images for the picture tests (issue #16): a camera-like JPEG with GPS, orientation,
XMP, an ICC profile and a comment, and gallery photos drawn by scripts/make_example_photos.py."""

from __future__ import annotations

import io
import random
import sys
from pathlib import Path

from PIL import Image, ImageCms

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

from make_example_photos import draw_scene  # noqa: E402

from PIL.TiffImagePlugin import IFDRational

GPS_LAT = (IFDRational(50, 1), IFDRational(56, 1), IFDRational(3012, 100))   # 50° 56' 30.12" N – Köln
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="Geheime Kamera"/>'
       b'</rdf:RDF></x:xmpmeta>')
COMMENT = b"Aufgenommen bei Familie Muster, Musterweg 1"


def camera_jpeg(size: tuple[int, int] = (4000, 3000), orientation: int = 6, seed: int = 7) -> bytes:
    """A JPEG like a phone's: EXIF with GPS position and orientation, XMP, ICC profile, comment.
    ``orientation`` 6 means: the camera was held upright, the pixels are stored sideways."""
    im = draw_scene(seed, "tische", size, grain=4)
    exif = Image.Exif()
    exif[0x010F] = "Beispiel-Kamerahersteller"     # Make
    exif[0x0110] = "Modell X"                        # Model
    exif[0x0112] = orientation                       # Orientation
    exif[0x0132] = "2025:11:20 10:15:00"             # DateTime
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = GPS_LAT
    gps[3] = "E"
    gps[4] = (IFDRational(6, 1), IFDRational(57, 1), IFDRational(1234, 100))
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=90, exif=exif, icc_profile=icc, xmp=XMP, comment=COMMENT)
    return buf.getvalue()


def gallery_photo(seed: int, size: tuple[int, int] = (1600, 1200), grain: int = 12) -> bytes:
    """A gallery source with more grain than the examples (closer to a real photo's bytes)."""
    kinds = ("plenum", "tische", "pinnwand", "gebaeude")
    buf = io.BytesIO()
    draw_scene(seed, kinds[seed % 4], size, grain=grain).save(buf, "JPEG", quality=88)
    return buf.getvalue()


def small_png(size: tuple[int, int] = (400, 300)) -> bytes:
    rnd = random.Random(1)
    im = Image.new("RGBA", size, (255, 255, 255, 0))
    for x in range(0, size[0], 20):
        im.paste((rnd.randrange(256), 0, 0, 255), (x, 0, x + 10, size[1]))
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()
