"""Test media made at test time (issue #20): PDFs with and without tags, a tiny DGS video.

    make_pdf(title, *, tagged=True, lang="de-DE", marked=True, struct=True) -> bytes
    make_video(folder, name) -> dict of file names ("video", "poster", "captions") in folder
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

VTT = """WEBVTT

00:00.000 --> 00:01.000
Herzlich willkommen beim Kommunen-Netzwerk.

00:01.000 --> 00:02.000
Hier sehen Sie die Website in Gebärdensprache.
"""


def make_pdf(title: str | None, *, tagged: bool = True, lang: str | None = "de-DE",
             marked: bool | None = None, struct: bool | None = None) -> bytes:
    """A one-page PDF written with pypdf. ``tagged`` sets structure tree and MarkInfo;
    ``marked``/``struct`` override either one."""
    from pypdf import PdfWriter
    from pypdf.generic import BooleanObject, DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if title:
        writer.add_metadata({"/Title": title})
    root = writer._root_object
    marked = tagged if marked is None else marked
    struct = tagged if struct is None else struct
    if struct:
        tree = writer._add_object(DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")}))
        root[NameObject("/StructTreeRoot")] = tree
    if marked:
        root[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
    if lang:
        root[NameObject("/Lang")] = TextStringObject(lang)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def ffmpeg() -> str:
    path = shutil.which("ffmpeg")
    if path is None:
        pytest.fail("ffmpeg is missing: install Debian's ffmpeg (make browser does)", pytrace=False)
    return path


def make_video(folder: Path, name: str = "willkommen") -> dict[str, str]:
    """A 2-second 160×120 WebM (VP8, Chromium plays it without proprietary codecs), a PNG
    poster from its first frame and WebVTT captions with two cues."""
    folder.mkdir(parents=True, exist_ok=True)
    video, poster, captions = folder / f"{name}.webm", folder / f"{name}.png", folder / f"{name}.vtt"
    common = [ffmpeg(), "-hide_banner", "-loglevel", "error", "-y"]
    subprocess.run([*common, "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10:duration=2",
                    "-c:v", "libvpx", "-b:v", "100k", "-pix_fmt", "yuv420p", "-an",
                    "-fflags", "+bitexact", "-flags:v", "+bitexact", str(video)], check=True, timeout=120)
    subprocess.run([*common, "-i", str(video), "-frames:v", "1", str(poster)], check=True, timeout=120)
    captions.write_text(VTT, encoding="utf-8")
    return {"video": video.name, "poster": poster.name, "captions": captions.name}
