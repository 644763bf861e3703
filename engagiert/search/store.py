"""Write the site's static search index (``<site>/suchindex/``), read by
``assets/javascripts/search-index.js``.

Made for a visitor on a slow connection and for sites of tens of thousands of pages
(issue #7): the browser downloads a small table of contents, then only the parts of the
word index its query needs, then one small file per result it shows.

    suchindex/meta.json        number of documents, the word-shard keys, a version hash
    suchindex/w/<key>.json     the terms starting with <key>: {term: [doc-id deltas, weights]}
    suchindex/f/<name>.json    a filter (format, thema, jahr): {value: doc-id deltas}
    suchindex/d/<id>.json      one document: url, title, format, date, topics, summary, text

Document ids run newest first (by date, then undated pages by URL), so a listing "newest
first" is the id order and every posting list is sorted by date as well.

Word shards split like a trie: all terms starting with a key go into one file while it
stays under ``SHARD_LIMIT`` bytes; a larger one keeps the term equal to the key (if any) and
hands the others on to longer keys (one more letter). A term is in the shard of the longest
key that starts it. One shard can exceed the limit only by a single term's postings.

Weights are BM25 term-frequency parts (k1 = 1.2, b = 0.75) scaled to 1…100; the browser
multiplies them with the term's IDF, which it knows from the length of the posting list.
Title words count ``TITLE_WEIGHT`` times more. A compound's endings (``german.Splitter``:
``Ehrenamtskarte`` -> ``karte``) count ``EXTRA_WEIGHT`` times as often as the compound.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from array import array
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from .facts import PageFacts
from .german import Splitter
from .terms import term, tokens

INDEX_DIR = "suchindex"
FORMAT_VERSION = 1
SHARD_LIMIT = 16_000
TITLE_WEIGHT = 4.0      # added to the title words' count in the text (the h1 is in the text)
EXTRA_WEIGHT = 0.6
K1, B = 1.2, 0.75
WEIGHT_MAX = 100
MIN_TERM = 2            # one-letter terms ("E" of "E-Mail") are not indexed
FILTERS = ("format", "thema", "jahr")
_SAFE_KEY = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Document:
    url: str            # relative to the site root: "mitglieder/aachen/", "" for the home page
    title: str
    text: str
    facts: PageFacts


def document_order(docs: Iterable[Document]) -> list[Document]:
    """Newest first; undated pages after the dated ones, by URL."""
    dated = sorted((d for d in docs if d.facts.date), key=lambda d: d.url)
    dated.sort(key=lambda d: d.facts.date, reverse=True)  # stable: same date keeps URL order
    undated = sorted((d for d in docs if not d.facts.date), key=lambda d: d.url)
    return dated + undated


def key_file(key: str) -> str:
    """File name of a shard key; the browser computes the same (search-index.js)."""
    if _SAFE_KEY.fullmatch(key):
        return key
    return "".join(c if "a" <= c <= "z" or "0" <= c <= "9" else f"_{ord(c):x}_" for c in key)


def _deltas(ids: Sequence[int]) -> list[int]:
    out, last = [], 0
    for i in ids:
        out.append(i - last)
        last = i
    return out


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


class _Postings:
    """term -> (doc ids ascending, weights), compact: arrays, not lists of tuples."""

    def __init__(self) -> None:
        self.ids: dict[str, array] = {}
        self.weights: dict[str, bytearray] = {}

    def add(self, doc_id: int, tf: dict[str, float], length: int, avg_length: float) -> None:
        norm = K1 * (1 - B + B * length / avg_length)
        for t, f in tf.items():
            w = max(1, min(WEIGHT_MAX, round(WEIGHT_MAX * f / (f + norm))))
            ids = self.ids.get(t)
            if ids is None:
                ids = self.ids[t] = array("I")
                self.weights[t] = bytearray()
            ids.append(doc_id)
            self.weights[t].append(w)

    def encoded(self, t: str) -> str:
        return _dump([_deltas(self.ids[t]), list(self.weights[t])])


def shard_terms(terms: Sequence[str], size: Callable[[str], int], limit: int = SHARD_LIMIT) -> dict[str, list[str]]:
    """Shard key -> its terms (see the module doc). ``terms`` sorted; ``size`` in bytes."""
    shards: dict[str, list[str]] = {}

    def place(key: str, group: Sequence[str]) -> None:
        if len(key) >= 1 and sum(size(t) for t in group) <= limit:
            shards[key] = list(group)
            return
        own = [t for t in group if len(t) == len(key)]
        if own:
            shards[key] = own
        children: dict[str, list[str]] = defaultdict(list)
        for t in group:
            if len(t) > len(key):
                children[t[: len(key) + 1]].append(t)
        for child in sorted(children):
            place(child, children[child])

    place("", terms)
    return shards


class IndexWriter:
    """Collects documents (``add`` in id order), then ``write``s the index folder."""

    def __init__(self, out_dir: Path, documents: int, avg_length: float, splitter: Splitter | None = None):
        self.out_dir = Path(out_dir)
        self.documents = documents
        self.avg_length = max(avg_length, 1.0)
        self.postings = _Postings()
        self.filters: dict[str, dict[str, list[int]]] = {name: defaultdict(list) for name in FILTERS}
        self.digest = hashlib.sha256()
        self.splitter = splitter
        self._term_of: dict[str, str] = {}
        self._tail_terms: dict[str, tuple[str, ...]] = {}
        if self.out_dir.exists():
            shutil.rmtree(self.out_dir)
        (self.out_dir / "d").mkdir(parents=True)
        (self.out_dir / "w").mkdir()
        (self.out_dir / "f").mkdir()

    def _write(self, rel: str, text: str) -> None:
        data = text.encode("utf-8")
        self.digest.update(rel.encode() + b"\0" + data)
        (self.out_dir / rel).write_bytes(data)

    def _tails(self, word: str) -> tuple[str, ...]:
        """Terms of a compound's endings; only nouns (capitalised) are split."""
        cached = self._tail_terms.get(word)
        if cached is None:
            tails = self.splitter.tails(word) if self.splitter and word[:1].isupper() else ()
            cached = self._tail_terms[word] = tuple(t for t in map(term, tails) if len(t) >= MIN_TERM)
        return cached

    def term_frequencies(self, doc: Document) -> tuple[dict[str, float], int]:
        words = tokens(doc.text)
        counts: dict[str, float] = defaultdict(float)
        for w in words:
            counts[w] += 1.0
        for w in tokens(doc.title):
            counts[w] += TITLE_WEIGHT
        term_of = self._term_of
        tf: dict[str, float] = defaultdict(float)
        for w, n in counts.items():
            t = term_of.get(w)
            if t is None:
                t = term_of[w] = term(w)
            if len(t) >= MIN_TERM:
                tf[t] += n
            for tail in self._tails(w):
                tf[tail] += EXTRA_WEIGHT * n
        return tf, len(words)

    def add(self, doc_id: int, doc: Document) -> None:
        tf, length = self.term_frequencies(doc)
        self.postings.add(doc_id, tf, length, self.avg_length)
        f = doc.facts
        self.filters["format"][f.kind].append(doc_id)
        for topic in f.topics:
            self.filters["thema"][topic].append(doc_id)
        if f.year:
            self.filters["jahr"][f.year].append(doc_id)
        record = {"url": doc.url, "title": doc.title, "format": f.kind, "text": doc.text}
        if f.date_label:
            record["datum"] = f.date_label
        if f.topics:
            record["themen"] = " · ".join(f.topics)
        if f.summary:
            record["zusammenfassung"] = f.summary
        self._write(f"d/{doc_id:x}.json", _dump(record))

    def write(self) -> None:
        terms = sorted(self.postings.ids)
        encoded = {t: self.postings.encoded(t) for t in terms}
        shards = shard_terms(terms, lambda t: len(encoded[t]) + len(t) + 4)
        for key, group in shards.items():
            body = "{" + ",".join(f"{_dump(t)}:{encoded[t]}" for t in group) + "}"
            self._write(f"w/{key_file(key)}.json", body)
        for name, values in self.filters.items():
            self._write(f"f/{name}.json", _dump({v: _deltas(ids) for v, ids in values.items()}))
        meta = {
            "version": FORMAT_VERSION,
            "documents": self.documents,
            "shards": sorted(shards),
            "hash": self.digest.hexdigest()[:12],
        }
        (self.out_dir / "meta.json").write_text(_dump(meta), encoding="utf-8")
