"""Make Pagefind's output byte-identical from build to build.

Pagefind 1.5.2 writes the word index and the fragments deterministically, but not its
filter indexes: the values inside each ``filter/*.pf_filter`` file and the list of
filters in the ``pagefind.<lang>_<hash>.pf_meta`` file come out in hash-map order, and
since file names are content hashes, the names of the filter files, of the meta file
and the hash in ``pagefind-entry.json`` change too (measured: three builds of the same
input, three different results; see docs/search.md).

This module rewrites those three kinds of file after Pagefind has run: values and
filters sorted by name, files re-encoded and re-compressed without a timestamp, and
renamed after a hash of their new content. It also gives the page fragments short
names, which makes the meta file (downloaded before every first result) about a third
smaller. The JavaScript only follows the names in the meta file and the entry file, so
the bundle works unchanged.

Pagefind's files are gzip-compressed ``pagefind_dcd`` + CBOR; a minimal CBOR codec for
the types Pagefind uses (integers, strings, arrays, maps, booleans, null) is below.
Any layout other than the one of Pagefind 1.5 raises an error instead of guessing.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"
SUPPORTED_VERSIONS = ("1.5.",)
META_PAGES = 1        # position of the page list [[fragment hash, word count], …] in the meta file
META_FILTERS = 3      # position of the filter list [[name, file hash], …] in the meta file


class BundleFormatError(RuntimeError):
    """Pagefind wrote something this normaliser does not know (a new version?)."""


# --------------------------------------------------------------------------- CBOR

def cbor_decode(data: bytes, pos: int = 0) -> tuple[Any, int]:
    head = data[pos]
    major, info = head >> 5, head & 31
    pos += 1
    if info < 24:
        value = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        value = int.from_bytes(data[pos:pos + size], "big")
        pos += size
    else:
        raise BundleFormatError(f"CBOR: unsupported additional information {info}")
    if major == 0:
        return value, pos
    if major == 1:
        return -1 - value, pos
    if major == 2:
        return bytes(data[pos:pos + value]), pos + value
    if major == 3:
        return data[pos:pos + value].decode("utf-8"), pos + value
    if major == 4:
        items = []
        for _ in range(value):
            item, pos = cbor_decode(data, pos)
            items.append(item)
        return items, pos
    if major == 5:
        mapping = {}
        for _ in range(value):
            key, pos = cbor_decode(data, pos)
            mapping[key], pos = cbor_decode(data, pos)
        return mapping, pos
    if major == 7 and info in (20, 21, 22):
        return {20: False, 21: True, 22: None}[info], pos
    raise BundleFormatError(f"CBOR: unsupported major type {major}")


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if value < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, value)
    raise BundleFormatError("CBOR: integer too large")


def cbor_encode(value: Any) -> bytes:
    if value is False:
        return b"\xf4"
    if value is True:
        return b"\xf5"
    if value is None:
        return b"\xf6"
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(cbor_encode(v) for v in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(cbor_encode(k) + cbor_encode(v) for k, v in value.items())
    raise BundleFormatError(f"CBOR: cannot encode {type(value).__name__}")


# --------------------------------------------------------------------------- files

def read_pf(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise BundleFormatError(f"{path.name}: no Pagefind signature")
    value, end = cbor_decode(data, len(SIGNATURE))
    if end != len(data):
        raise BundleFormatError(f"{path.name}: trailing bytes")
    return value


def pack_pf(value: Any) -> bytes:
    # mtime=0: no timestamp in the gzip header, the same bytes every time
    return gzip.compress(SIGNATURE + cbor_encode(value), compresslevel=9, mtime=0)


def _content_name(prefix: str, data: bytes, length: int) -> str:
    return f"{prefix}_{hashlib.sha256(data).hexdigest()[:length]}"


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out


def _shorten_fragment_names(bundle: Path, language: str, pages: list) -> None:
    """Rename the page fragments ``de_<7 hex>`` to ``de<tag><counter>``.

    The page list in the meta file, which every visitor downloads before the first
    result, names each page's fragment; random 7-hex names are most of its size
    (≈ 6.3 of 8.5 bytes per page after compression). Short sequential names compress to
    about a third. ``tag`` is a hash of all fragments, so every changed bundle gets new
    names and no browser keeps a stale fragment from its cache.
    """
    if not all(isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) for p in pages):
        raise BundleFormatError("meta: unexpected page list")
    folder = bundle / "fragment"
    digest = hashlib.sha256()
    for page in pages:
        path = folder / f"{page[0]}.pf_fragment"
        if not path.is_file():
            raise BundleFormatError(f"fragment {page[0]} missing")
        digest.update(path.read_bytes())
    tag = digest.hexdigest()[:4]  # from the contents: renaming twice gives the same names
    renames = [(folder / f"{page[0]}.pf_fragment", f"{language}{tag}{_base36(i)}") for i, page in enumerate(pages)]
    temporary = []
    for i, (old, new) in enumerate(renames):  # via temporary names: old and new names may overlap
        tmp = folder / f"~{i}.tmp"
        old.rename(tmp)
        temporary.append((tmp, new))
    for (tmp, new), page in zip(temporary, pages):
        tmp.rename(folder / f"{new}.pf_fragment")
        page[0] = new


def normalise_bundle(bundle: Path) -> None:
    """Rewrite the filter and meta files of a Pagefind bundle in a stable order."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    if not str(entry.get("version", "")).startswith(SUPPORTED_VERSIONS):
        raise BundleFormatError(f"Pagefind {entry.get('version')}: normalisation not verified for this version")
    for language, info in sorted(entry["languages"].items()):
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = read_pf(meta_path)
        filters = meta[META_FILTERS] if isinstance(meta, list) and len(meta) > META_FILTERS else None
        if not isinstance(filters, list) or not all(
                isinstance(f, list) and len(f) == 2 and all(isinstance(x, str) for x in f) for f in filters):
            raise BundleFormatError(f"{meta_path.name}: unexpected layout")
        rewritten = []
        for item in filters:
            path = bundle / "filter" / f"{item[1]}.pf_filter"
            name, values = read_pf(path)
            values = sorted(([value, sorted(pages)] for value, pages in values), key=lambda v: v[0])
            rewritten.append((item, path, pack_pf([name, values])))
        for item, path, data in rewritten:  # all read before any is written: names may coincide
            path.unlink()
        for item, path, data in rewritten:
            item[1] = _content_name(language, data, 7)
            (bundle / "filter" / f"{item[1]}.pf_filter").write_bytes(data)
        filters.sort(key=lambda f: f[0])
        _shorten_fragment_names(bundle, language, meta[META_PAGES])
        data = pack_pf(meta)
        new_hash = _content_name(language, data, 10)
        meta_path.unlink()
        (bundle / f"pagefind.{new_hash}.pf_meta").write_bytes(data)
        info["hash"] = new_hash
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
