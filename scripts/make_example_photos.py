"""Draw the example photos of the site (issue #16): no download, same bytes on every run.

    .venv/bin/python scripts/make_example_photos.py          # (re)writes the files listed in PHOTOS

The pictures are simple scenes (a hall, tables, people as shapes) with a little grain, so
that they behave like photos in the image pipeline (JPEG, 1600 × 1200, a few hundred KB).
They are marked as examples: the data gives them the credit „Beispielbild“. Replace them
with real photos before the site goes live. ``draw_scene`` is also used by the tests and the
benchmark to make gallery sources of any size.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent

# File below content/ -> (seed, kind)
PHOTOS = {
    "wissen/dokumentation/bilder/netzwerktreffen-2025-2-plenum.jpg": (1, "plenum"),
    "wissen/dokumentation/bilder/netzwerktreffen-2025-2-gruppenarbeit.jpg": (2, "tische"),
    "wissen/dokumentation/bilder/netzwerktreffen-2025-2-pinnwand.jpg": (3, "pinnwand"),
    "assets/images/mitglieder/stadt-koeln-rathaus.jpg": (4, "gebaeude"),
}

_PALETTE = [(196, 74, 56), (52, 101, 164), (78, 154, 6), (237, 212, 0), (117, 80, 123), (245, 121, 0),
            (46, 52, 54), (193, 125, 17)]


def _person(draw: ImageDraw.ImageDraw, x: int, y: int, scale: float, colour) -> None:
    head = int(26 * scale)
    draw.ellipse([x - head, y - 3 * head, x + head, y - head], fill=(233, 185, 150))
    draw.rounded_rectangle([x - int(1.6 * head), y - head, x + int(1.6 * head), y + int(3 * head)],
                           radius=int(head * 0.8), fill=colour)


def draw_scene(seed: int, kind: str = "plenum", size: tuple[int, int] = (1600, 1200), grain: int = 6) -> Image.Image:
    """A deterministic example picture of a meeting (``kind``: plenum, tische, pinnwand, gebaeude)."""
    rnd = random.Random(seed)
    w, h = size
    im = Image.new("RGB", size)
    draw = ImageDraw.Draw(im)
    # wall and floor with a soft gradient
    for y in range(h):
        t = y / h
        colour = (int(225 - 40 * t), int(220 - 45 * t), int(205 - 55 * t)) if y < h * 0.62 else \
            (int(150 - 30 * t), int(120 - 25 * t), int(95 - 20 * t))
        draw.line([(0, y), (w, y)], fill=colour)
    s = w / 1600
    if kind == "gebaeude":
        draw.rectangle([0, 0, w, int(h * 0.62)], fill=(150, 190, 230))
        draw.rectangle([int(w * 0.15), int(h * 0.2), int(w * 0.85), int(h * 0.75)], fill=(190, 160, 120))
        draw.polygon([(int(w * 0.12), int(h * 0.2)), (int(w * 0.5), int(h * 0.05)), (int(w * 0.88), int(h * 0.2))],
                     fill=(120, 60, 50))
        draw.rectangle([int(w * 0.45), int(h * 0.02), int(w * 0.55), int(h * 0.3)], fill=(170, 140, 100))
        for row in range(3):
            for col in range(8):
                x0 = int(w * (0.19 + col * 0.084))
                y0 = int(h * (0.28 + row * 0.14))
                draw.rectangle([x0, y0, x0 + int(40 * s), y0 + int(70 * s)], fill=(60, 80, 110))
        draw.rectangle([int(w * 0.46), int(h * 0.6), int(w * 0.54), int(h * 0.75)], fill=(90, 55, 35))
    elif kind == "pinnwand":
        draw.rectangle([int(w * 0.1), int(h * 0.1), int(w * 0.9), int(h * 0.7)], fill=(170, 130, 90))
        for _ in range(28):
            x0 = rnd.randint(int(w * 0.12), int(w * 0.8))
            y0 = rnd.randint(int(h * 0.12), int(h * 0.6))
            draw.rectangle([x0, y0, x0 + int(120 * s), y0 + int(80 * s)], fill=rnd.choice(_PALETTE[2:6]))
        for i in range(3):
            _person(draw, int(w * (0.25 + 0.25 * i)), int(h * 0.86), 1.6 * s, rnd.choice(_PALETTE))
    else:
        draw.rectangle([int(w * 0.3), int(h * 0.12), int(w * 0.7), int(h * 0.42)], fill=(250, 250, 245))
        draw.rectangle([int(w * 0.33), int(h * 0.16), int(w * 0.6), int(h * 0.2)], fill=(52, 101, 164))
        tables = 3 if kind == "tische" else 1
        for t in range(tables):
            cx = int(w * (0.2 + 0.3 * t)) if tables > 1 else w // 2
            for i in range(5 if tables > 1 else 14):
                x = cx + int((i - (2 if tables > 1 else 6.5)) * 95 * s) + rnd.randint(-10, 10)
                y = int(h * (0.74 if i % 2 else 0.8)) + rnd.randint(-15, 15)
                _person(draw, x, y, (1.2 if tables > 1 else 1.0) * s, rnd.choice(_PALETTE))
            if tables > 1:
                draw.ellipse([cx - int(170 * s), int(h * 0.84), cx + int(170 * s), int(h * 0.95)], fill=(120, 85, 60))
    im = im.filter(ImageFilter.GaussianBlur(1.2 * s))
    if grain:
        # grain from our own seeded generator (Image.effect_noise is not reproducible)
        noise = Image.frombytes("L", size, rnd.randbytes(w * h)).convert("RGB")
        im = Image.blend(im, noise, grain / 100)
    return im


def write_photo(path: Path, seed: int, kind: str, size: tuple[int, int] = (1600, 1200), quality: int = 85) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    draw_scene(seed, kind, size).save(path, "JPEG", quality=quality, optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    for rel, (seed, kind) in PHOTOS.items():
        path = args.root / "content" / rel
        write_photo(path, seed, kind)
        print(f"{path.relative_to(args.root)}: {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
