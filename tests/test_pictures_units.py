"""Image pipeline without MkDocs (issue #16): metadata stripped, orientation applied, sizes,
byte-reproducible output, the cache, Markdown image scanning and the editors' checks."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from pictures_factory import COMMENT, GPS_LAT, XMP, camera_jpeg, gallery_photo, small_png

from engagiert.base.imagesizes import fallback_ext, widths_for
from engagiert.load import pictures as sources
from engagiert.load.pictures import check_markdown, inspect, scan_markdown
from engagiert.outputs import images
from engagiert.views.pictures import picture_html


def _repo(tmp_path: Path, files: dict[str, bytes | str]) -> Path:
    for rel, data in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return tmp_path


@pytest.fixture(scope="module")
def camera(tmp_path_factory):
    root = _repo(tmp_path_factory.mktemp("camera"), {"content/fotos/kamera.jpg": camera_jpeg()})
    return root, inspect(root, "fotos/kamera.jpg")


def test_widths_never_exceed_the_original():
    assert widths_for(4000) == (480, 960, 1600)
    assert widths_for(1200) == (480, 960, 1200)
    assert widths_for(300) == (300,)
    assert fallback_ext("PNG", False) == "png" and fallback_ext("JPEG", False) == "jpg"
    assert fallback_ext("WEBP", True) == "png"


def test_camera_file_is_seen_upright(camera):
    root, source = camera
    # stored 4000 × 3000 with orientation 6: the visitor sees it 3000 wide, 4000 high
    assert (source.width, source.height, source.format) == (3000, 4000, "JPEG")
    assert [(v.width, v.height, v.ext) for v in source.variants] == [
        (480, 640, "webp"), (960, 1280, "webp"), (1600, 2133, "webp"),
        (480, 640, "jpg"), (960, 1280, "jpg"), (1600, 2133, "jpg")]


def test_outputs_carry_no_metadata_and_the_right_size(camera, tmp_path):
    root, source = camera
    raw = (root / "content/fotos/kamera.jpg").read_bytes()
    assert b"Exif" in raw and XMP[:20] in raw and COMMENT in raw and b"ICC_PROFILE" in raw  # the test file has them
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(0x8825)[2] == GPS_LAT
    files = images.render(raw, source)
    assert sorted(files) == ["1600.jpg", "1600.webp", "480.jpg", "480.webp", "960.jpg", "960.webp"]
    for name, data in files.items():
        im = Image.open(io.BytesIO(data))
        width = int(name.split(".")[0])
        assert im.size == (width, round(4000 * width / 3000)), name
        assert im.format == ("WEBP" if name.endswith("webp") else "JPEG")
        # each kind of metadata separately, parsed and as bytes
        assert not im.getexif(), f"{name}: EXIF left"
        assert "exif" not in im.info and "xmp" not in im.info and "XML:com.adobe.xmp" not in im.info, name
        assert "icc_profile" not in im.info, f"{name}: ICC profile left"
        assert "comment" not in im.info, f"{name}: comment left"
        for marker in (b"Exif\x00", b"GPS", b"http://ns.adobe.com/xap", b"adobe:ns:meta", b"ICC_PROFILE",
                       b"Photoshop 3.0", b"8BIM", COMMENT, b"Geheime Kamera", b"Beispiel-Kamerahersteller"):
            assert marker not in data, f"{name} contains {marker!r}"


def test_orientation_is_applied_to_the_pixels(tmp_path):
    # a stored image whose left half is red; orientation 6 (rotate 90° clockwise to view)
    im = Image.new("RGB", (1000, 800), (0, 0, 255))
    im.paste((255, 0, 0), (0, 0, 500, 800))
    exif = Image.Exif()
    exif[0x0112] = 6
    buf = io.BytesIO()
    im.save(buf, "JPEG", exif=exif, quality=95)
    root = _repo(tmp_path, {"content/a.jpg": buf.getvalue()})
    source = inspect(root, "a.jpg")
    out = Image.open(io.BytesIO(images.render(buf.getvalue(), source)["800.jpg"])).convert("RGB")
    assert out.size == (800, 1000)
    top, bottom = out.getpixel((400, 100)), out.getpixel((400, 900))
    assert top[0] > 200 and top[2] < 60, top        # the red half is on top once upright
    assert bottom[2] > 200 and bottom[0] < 60, bottom


def test_same_input_same_bytes_in_two_cache_folders(camera, tmp_path):
    root, source = camera
    outputs = []
    for name in ("a", "b"):
        site = tmp_path / f"site-{name}"
        stats = images.publish(root, [source], site, images.Cache(tmp_path / f"cache-{name}"))
        assert stats.processed == 1
        outputs.append({p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()})
    assert outputs[0] == outputs[1]
    assert sorted(outputs[0]) == sorted(v.name for v in source.variants)


def test_warm_cache_processes_nothing(tmp_path):
    root = _repo(tmp_path, {f"content/g/{i}.jpg": gallery_photo(i, (1000, 750)) for i in range(3)})
    found = [inspect(root, f"g/{i}.jpg") for i in range(3)]
    cache = images.Cache(tmp_path / "cache")
    cold = images.publish(root, found, tmp_path / "site1", cache)
    warm = images.publish(root, found, tmp_path / "site2", cache)
    assert (cold.sources, cold.processed, cold.reused) == (3, 3, 0)
    assert (warm.sources, warm.processed, warm.reused) == (3, 0, 3)
    assert sorted(p.name for p in (tmp_path / "site2/bilder").iterdir()) == \
        sorted(p.name for p in (tmp_path / "site1/bilder").iterdir())
    # a changed source is processed again, the others are not
    (root / "content/g/1.jpg").write_bytes(gallery_photo(11, (1000, 750)))
    found[1] = inspect(root, "g/1.jpg")
    again = images.publish(root, found, tmp_path / "site3", cache)
    assert (again.processed, again.reused) == (1, 2)


def test_png_keeps_png_fallback_and_transparency(tmp_path):
    root = _repo(tmp_path, {"content/logo.png": small_png()})
    source = inspect(root, "logo.png")
    assert source.has_alpha and [v.name.rsplit(".", 1)[1] for v in source.variants] == ["webp", "png"]
    files = images.render((root / "content/logo.png").read_bytes(), source)
    assert sorted(files) == ["400.png", "400.webp"]
    assert Image.open(io.BytesIO(files["400.png"])).mode == "RGBA"


def test_picture_markup(camera):
    _, source = camera
    html = str(picture_html(source, 'Ein "Foto" <mit> Text', "../../", eager=False))
    assert html.startswith('<picture><source type="image/webp" srcset="../../bilder/kamera-')
    assert 'width="1600" height="2133"' in html and 'loading="lazy"' in html and 'decoding="async"' in html
    assert 'alt="Ein &#34;Foto&#34; &lt;mit&gt; Text"' in html
    assert "1600w" in html and 'sizes="' in html
    assert 'loading="lazy"' not in str(picture_html(source, "x", "", eager=True))


# --------------------------------------------------------------------------- Markdown and checks

PAGE = """---
title: Test
---

# Test

Text mit Bild ![Ein Bild im Satz](fotos/a.jpg) mitten drin.

![](fotos/a.jpg)

![](fotos/a.jpg){ .dekorativ }

```markdown
![](beispiel-im-code.jpg)
```

`![](auch-kein-bild.jpg)` und ![Gruppenfoto](../b.jpg "Unterschrift"){ foto="Anna Beispiel" lizenz="CC BY 4.0" }
"""


def test_scan_markdown_finds_images_with_lines():
    found = scan_markdown(PAGE, "content/wissen/seite.md", "wissen/seite.md")
    assert [(i.line, i.alt, i.target, i.decorative) for i in found] == [
        (7, "Ein Bild im Satz", "wissen/fotos/a.jpg", False),
        (9, "", "wissen/fotos/a.jpg", False),
        (11, "", "wissen/fotos/a.jpg", True),
        (17, "Gruppenfoto", "b.jpg", False),
    ]
    assert found[3].title == "Unterschrift"
    assert found[3].attr("foto") == "Anna Beispiel" and found[3].attr("lizenz") == "CC BY 4.0"


def test_missing_alt_text_is_an_error_at_file_and_line(tmp_path):
    root = _repo(tmp_path, {"content/wissen/seite.md": PAGE, "content/wissen/fotos/a.jpg": gallery_photo(1, (900, 600)),
                            "content/b.jpg": gallery_photo(2, (900, 600))})
    problems = check_markdown(root)
    assert [(p.file, p.line) for p in problems] == [("content/wissen/seite.md", 9)]
    assert "keinen Alternativtext" in problems[0].message and "{ .dekorativ }" in problems[0].message


def test_markdown_checks_format_size_and_existence(tmp_path, monkeypatch):
    gif = io.BytesIO()
    Image.new("RGB", (900, 600)).save(gif, "GIF")
    page = ("# T\n\n![Animiertes Bild](a.gif)\n\n![Ein GIF als JPEG getarnt](b.jpg)\n\n![Fehlt](fehlt.jpg)\n\n"
            "![Groß](gross.jpg)\n")
    root = _repo(tmp_path, {"content/s.md": page, "content/a.gif": gif.getvalue(), "content/b.jpg": gif.getvalue(),
                            "content/gross.jpg": gallery_photo(3, (1000, 700))})
    monkeypatch.setattr(sources, "MAX_BYTES", 50_000)
    problems = {p.line: p.message for p in check_markdown(root)}
    assert "nicht erlaubt" in problems[3] and "JPEG" in problems[3]
    assert "GIF-Bild" in problems[5]
    assert "gibt es nicht" in problems[7]
    assert "MB groß" in problems[9] and "verkleinern" in problems[9]
