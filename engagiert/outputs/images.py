"""Responsive, metadata-free image files: every raster source in 480/960/1600 px WebP plus a
JPEG (PNG for PNG and transparent sources) fallback, never wider than the original.

Privacy: the EXIF orientation is applied, an embedded colour profile is converted to sRGB,
then the pixels are copied into a fresh image, so no EXIF (GPS, camera, time), XMP, IPTC,
ICC profile or comment reaches a published file. The source itself is never published
(the hook removes it from MkDocs' files).

Cache: the files of one source live in ``<cache>/<key[:2]>/<key>/`` where ``key`` is the
hash of the source's bytes plus the encoder settings (engagiert/base/imagesizes.py). The
cache folder is ``$ENGAGIERT_IMAGE_CACHE`` or ``.cache/bilder/`` in the repository (git
ignores it; CI keeps it between runs). A build with unchanged images processes none and
only copies. The same source gives the same bytes (Pillow's encoders are deterministic for
fixed settings; tests process twice into different folders and compare).
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..base.imagesizes import JPEG_QUALITY, WEBP_QUALITY, Variant, cache_key, widths_for
from ..load.pictures import DOCS_DIR, Source

log = logging.getLogger("mkdocs.engagiert.images")

CACHE_ENV = "ENGAGIERT_IMAGE_CACHE"


@dataclass
class Stats:
    """What the last ``write_images`` did (read by tests and the benchmark through the log)."""

    sources: int = 0
    processed: int = 0
    reused: int = 0
    seconds: float = 0.0


STATS = Stats()


def cache_dir(root: Path) -> Path:
    env = os.environ.get(CACHE_ENV)
    return Path(env) if env else Path(root) / ".cache" / "bilder"


def _file_key(variant: Variant) -> str:
    return f"{variant.width}.{variant.ext}"


# --------------------------------------------------------------------------- processing (pure)

def _oriented_rgb(data: bytes, source: Source, max_width: int):
    """The pixels as the visitor should see them, in sRGB, without any metadata."""
    from PIL import Image, ImageCms, ImageOps

    im = Image.open(io.BytesIO(data))
    if im.format == "JPEG" and max_width * 2 <= source.width:
        # Let libjpeg decode at 1/2, 1/4 … scale (never below the largest width; Lanczos
        # does the rest): much faster on camera files, and deterministic.
        scale = max_width / source.width
        im.draft("RGB", (int(im.size[0] * scale) + 1, int(im.size[1] * scale) + 1))
    im.load()
    icc = im.info.get("icc_profile")
    im = ImageOps.exif_transpose(im)
    alpha = source.has_alpha
    mode = "RGBA" if alpha else "RGB"
    if icc:
        try:
            if im.mode not in ("RGB", "RGBA", "CMYK", "L"):
                im = im.convert(mode)
            im = ImageCms.profileToProfile(im, ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                                           ImageCms.createProfile("sRGB"), outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unusable profile: keep the pixels as they are
    if im.mode != mode:
        im = im.convert(mode)
    # A fresh image carries no info dict: nothing of the source's metadata can be saved.
    return Image.frombytes(mode, im.size, im.tobytes())


def render(data: bytes, source: Source) -> dict[str, bytes]:
    """Every variant of one source: ``{"480.webp": bytes, …, "1600.jpg": bytes}``."""
    from PIL import Image

    widths = widths_for(source.width)
    base = _oriented_rgb(data, source, max(widths))
    out: dict[str, bytes] = {}
    fallback = source.variants[-1].ext
    for width in sorted(widths, reverse=True):
        height = max(1, round(base.height * width / base.width))
        if (width, height) == base.size:
            img = base.copy()
        else:
            img = base.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        img.info = {}
        buf = io.BytesIO()
        img.save(buf, "WEBP", quality=WEBP_QUALITY, method=4)
        out[f"{width}.webp"] = buf.getvalue()
        buf = io.BytesIO()
        if fallback == "png":
            img.save(buf, "PNG", optimize=True)
        else:
            img.save(buf, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        out[f"{width}.{fallback}"] = buf.getvalue()
    return dict(sorted(out.items()))


# --------------------------------------------------------------------------- cache

class Cache:
    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def entry(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def get(self, key: str, names: Iterable[str]) -> Path | None:
        entry = self.entry(key)
        return entry if all((entry / n).is_file() for n in names) else None

    def put(self, key: str, files: dict[str, bytes]) -> Path:
        """Store atomically (a folder renamed into place): parallel builds may share the cache."""
        entry = self.entry(key)
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=entry.parent))
        for name, data in files.items():
            (tmp / name).write_bytes(data)
        try:
            if entry.exists():
                shutil.rmtree(entry)  # incomplete entry of an interrupted build
            os.replace(tmp, entry)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
            if not self.get(key, files):
                raise
        return entry


def ensure(root: Path, source: Source, cache: Cache) -> tuple[Path, bool]:
    """(cache folder with every variant of ``source``, whether it had to be processed)."""
    key = cache_key(source.digest)
    names = [_file_key(v) for v in source.variants]
    hit = cache.get(key, names)
    if hit is not None:
        return hit, False
    data = (Path(root) / DOCS_DIR / source.src).read_bytes()
    return cache.put(key, render(data, source)), True


def _ensure_job(args: tuple) -> tuple[str, bool]:
    root, source, folder = args
    path, processed = ensure(Path(root), source, Cache(Path(folder)))
    return str(path), processed


def publish(root: Path, sources: Iterable[Source], site_dir: Path, cache: Cache, *, workers: int = 1) -> Stats:
    """Write every variant of every source below ``site_dir`` (processing only cache misses)."""
    started = time.perf_counter()
    sources = sorted(sources, key=lambda s: s.src)
    stats = Stats(sources=len(sources))
    todo = [s for s in sources if cache.get(cache_key(s.digest), [_file_key(v) for v in s.variants]) is None]
    if workers > 1 and len(todo) > 1:
        import concurrent.futures
        import multiprocessing

        with concurrent.futures.ProcessPoolExecutor(max_workers=workers,
                                                    mp_context=multiprocessing.get_context("fork")) as pool:
            list(pool.map(_ensure_job, [(str(root), s, str(cache.folder)) for s in todo]))
    for source in sources:
        entry, _ = ensure(root, source, cache)
        for variant in source.variants:
            target = Path(site_dir) / variant.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(entry / _file_key(variant), target)
    stats.processed = len(todo)
    stats.reused = len(sources) - len(todo)
    stats.seconds = time.perf_counter() - started
    return stats


def write_images(build, site_dir: Path) -> None:
    """Output writer (engagiert.plan.build.OUTPUT_WRITERS): the images of ``build.pictures``."""
    from . import parallel

    catalog = getattr(build, "pictures", None)
    if catalog is None:
        return
    cache = Cache(cache_dir(build.root))
    stats = publish(build.root, catalog.sources.values(), Path(site_dir), cache,
                    workers=2 if parallel.enabled() else 1)
    STATS.__dict__.update(stats.__dict__)
    log.info("Bilder: %d Quellen, %d neu verarbeitet, %d aus dem Zwischenspeicher %s (%.2f s)",
             stats.sources, stats.processed, stats.reused, cache.folder, stats.seconds)
