"""Which responsive variants a source image gets, and what their files are called.

Pure arithmetic shared by the page side (``srcset``, ``width``/``height``) and the writer
(engagiert/outputs/images.py), so both always agree on names and sizes.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

# Widths written for every raster image (never wider than the original).
WIDTHS = (480, 960, 1600)
# Encoder settings. They are part of every file name and cache key: changing one
# produces new names (browsers never keep an old file) and a cold cache.
WEBP_QUALITY = 78
JPEG_QUALITY = 82
SETTINGS = f"v1;w={','.join(map(str, WIDTHS))};webp={WEBP_QUALITY};jpeg={JPEG_QUALITY}"
OUTPUT_DIR = "bilder"   # below site_dir


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    ext: str            # "webp", "jpg" or "png"
    name: str           # path below site_dir, e.g. "bilder/foto-1a2b3c4d5e-960.webp"

    @property
    def mime(self) -> str:
        return {"webp": "image/webp", "jpg": "image/jpeg", "png": "image/png"}[self.ext]


def widths_for(original_width: int) -> tuple[int, ...]:
    """480/960/1600, capped at the original: a 1200 px photo gets 480, 960 and 1200."""
    return tuple(sorted({min(w, original_width) for w in WIDTHS}))


def height_for(width: int, original_width: int, original_height: int) -> int:
    return max(1, round(original_height * width / original_width))


def fallback_ext(source_format: str, has_alpha: bool) -> str:
    """PNG sources (and transparent WebP) keep a PNG fallback; photos get JPEG."""
    return "png" if source_format == "PNG" or has_alpha else "jpg"


def cache_key(digest: str) -> str:
    """Content hash of the source plus the settings: one folder in the cache."""
    return hashlib.sha256(f"{digest}\0{SETTINGS}".encode()).hexdigest()


_STEM = re.compile(r"[^a-z0-9]+")


def variants(src: str, digest: str, width: int, height: int, fallback: str) -> tuple[Variant, ...]:
    """Every file written for one source (WebP first, then the fallback), smallest first."""
    stem = _STEM.sub("-", src.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()).strip("-") or "bild"
    key = cache_key(digest)[:10]
    out = []
    for ext in ("webp", fallback):
        for w in widths_for(width):
            out.append(Variant(w, height_for(w, width, height), ext, f"{OUTPUT_DIR}/{stem}-{key}-{w}.{ext}"))
    return tuple(out)
