"""Write the site's static search index (``<site>/suchindex/``), read by
``assets/javascripts/search-index.js``.

Made for a visitor on a slow connection and for sites of tens of thousands of pages
(issue #7): the browser downloads a small table of contents, then only the parts of the
word index its query needs, then the small files holding the results it shows.

    suchindex/meta.json        number of documents, highest id + 1, the word-shard keys, a hash
    suchindex/w/<key>.json     the terms starting with <key>: {term: [doc-id deltas, weights]}
    suchindex/f/<name>.json    a filter (format, thema, jahr): {value: doc-id deltas}
    suchindex/d/<n>.json       documents 8n … 8n+7 (a list, null for ids without a page):
                               url, title, format, date, topics, summary, text

Document ids run newest first (by date, then undated pages by URL), so a listing "newest
first" is the id order and every posting list is sorted by date as well.

Word shards split like a trie: all terms starting with a key go into one file while it
stays under ``SHARD_LIMIT`` bytes; a larger one keeps the term equal to the key (if any) and
hands the others on to longer keys (one more letter). A term is in the shard of the longest
key that starts it. One shard can exceed the limit only by a single term's postings.

Weights are BM25F term-frequency parts (k1 = 1.2, b = 0.75) scaled to 1…100; the browser
multiplies them with the term's IDF, which it knows from the length of the posting list.
The text's counts are normalised by its length; title words add ``TITLE_WEIGHT`` each,
unnormalised. A compound's endings (``german.Splitter``:
``Ehrenamtskarte`` -> ``karte``) count ``EXTRA_WEIGHT`` times as often as the compound.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence, TypeVar

from .facts import PageFacts
from .german import Splitter
from .terms import term, tokens

INDEX_DIR = "suchindex"
FORMAT_VERSION = 1
SHARD_LIMIT = 16_000
TITLE_WEIGHT = 4.0      # per title word, beside its count in the text (the h1 is in the text)
EXTRA_WEIGHT = 0.6
K1, B = 1.2, 0.75
WEIGHT_MAX = 100
MIN_TERM = 2            # one-letter terms ("E" of "E-Mail") are not indexed
# Documents per file in d/: eight times fewer files to write, and a "newest first" listing of
# ten needs two files (a result loads the whole file of its document).
DOC_CHUNK = 8
FILTERS = ("format", "thema", "jahr")
_SAFE_KEY = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Document:
    url: str            # relative to the site root: "mitglieder/aachen/", "" for the home page
    title: str
    text: str
    facts: PageFacts


_Dated = TypeVar("_Dated")  # anything with .url and .facts (documents, candidates)


def document_order(docs: Iterable[_Dated]) -> list[_Dated]:
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


def text_length(text: str) -> int:
    """Length of a page for BM25: its words, counted fast (plain text has single spaces)."""
    return text.count(" ") + 1


class _Postings:
    """term -> (doc ids ascending, weights), compact: arrays, not lists of tuples."""

    def __init__(self) -> None:
        self.lists: dict[str, tuple[array, bytearray]] = {}

    def add(self, doc_id: int, text_tf: dict[str, float], title_tf: dict[str, float], length: int,
            avg_length: float) -> None:
        # BM25F: the text's counts are normalised by its length, the title's are not, so a
        # title word weighs as much in a long page as in a short one.
        scale = 1 / (1 - B + B * length / avg_length)
        tf = {t: f * scale for t, f in text_tf.items()}
        for t, f in title_tf.items():
            tf[t] = tf.get(t, 0.0) + TITLE_WEIGHT * f
        lists = self.lists
        for t, f in tf.items():
            entry = lists.get(t)
            if entry is None:
                entry = lists[t] = (array("I"), bytearray())
            entry[0].append(doc_id)
            # f / (f + k1) < 1, so the weight is 1 … WEIGHT_MAX
            entry[1].append(int(WEIGHT_MAX * f / (f + K1) + 0.5) or 1)

    def terms(self) -> list[str]:
        return sorted(self.lists)

    def encoded(self, t: str) -> str:
        ids, weights = self.lists[t]
        return _dump([_deltas(ids), list(weights)])


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


def prepare(out_dir: Path) -> None:
    """An empty index folder (a previous build's files removed)."""
    out_dir = Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    for sub in ("d", "w", "f"):
        (out_dir / sub).mkdir(parents=True)


@dataclass
class PartResult:
    """What a ``PartWriter`` hands to ``write_index`` (picklable: it may come from a child)."""
    postings: dict[str, tuple[array, bytearray]]
    filters: dict[str, dict[str, list[int]]]
    doc_digests: list[tuple[int, bytes]]      # (doc id, sha1 of its file), for the index hash


class PartWriter:
    """Indexes the documents of one range of ids (``add`` in id order) and writes their
    document files; ``write_index`` merges the parts. Several parts can run in separate
    processes: their ranges follow each other, so merged posting lists stay sorted, and
    start at a multiple of ``DOC_CHUNK``, so no two parts write the same file."""

    def __init__(self, out_dir: Path, avg_length: float, splitter: Splitter | None = None):
        self.out_dir = Path(out_dir)
        self.avg_length = max(avg_length, 1.0)
        self.postings = _Postings()
        self.filters: dict[str, dict[str, list[int]]] = {name: defaultdict(list) for name in FILTERS}
        self.doc_digests: list[tuple[int, bytes]] = []
        self.splitter = splitter
        self._terms_of: dict[str, tuple[tuple[str, float], ...]] = {}
        self._chunk: int | None = None
        self._records: list[str | None] = [None] * DOC_CHUNK

    def _terms(self, word: str) -> tuple[tuple[str, float], ...]:
        """A word's index terms with their weight: its own term, and the endings of a
        compound (only nouns, capitalised, are split). Cached: once per distinct word."""
        found = []
        own = term(word)
        if len(own) >= MIN_TERM:
            found.append((own, 1.0))
        if self.splitter is not None and word[:1].isupper():
            found.extend((t, EXTRA_WEIGHT) for t in map(term, self.splitter.tails(word)) if len(t) >= MIN_TERM)
        cached = self._terms_of[word] = tuple(found)
        return cached

    def _frequencies(self, words: list[str]) -> dict[str, float]:
        terms_of = self._terms_of
        tf: dict[str, float] = defaultdict(float)
        for w, n in Counter(words).items():
            found = terms_of.get(w)
            if found is None:
                found = self._terms(w)
            for t, k in found:
                tf[t] += k * n
        return tf

    def term_frequencies(self, doc: Document) -> tuple[dict[str, float], int]:
        """The text's terms with their counts (the h1 is in the text), and its length."""
        return self._frequencies(tokens(doc.text)), text_length(doc.text)

    def title_frequencies(self, doc: Document) -> dict[str, float]:
        return self._frequencies(tokens(doc.title))

    def add(self, doc_id: int, doc: Document) -> None:
        tf, length = self.term_frequencies(doc)
        self.postings.add(doc_id, tf, self.title_frequencies(doc), length, self.avg_length)
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
        text = _dump(record)
        self.doc_digests.append((doc_id, hashlib.sha1(text.encode("utf-8")).digest()))
        chunk = doc_id // DOC_CHUNK
        if chunk != self._chunk:
            self._flush()
            self._chunk = chunk
        self._records[doc_id % DOC_CHUNK] = text

    def _flush(self) -> None:
        if self._chunk is not None:
            body = "[" + ",".join(r if r is not None else "null" for r in self._records) + "]"
            (self.out_dir / "d" / f"{self._chunk:x}.json").write_bytes(body.encode("utf-8"))
        self._records = [None] * DOC_CHUNK

    def result(self) -> PartResult:
        self._flush()
        self._chunk = None
        return PartResult(self.postings.lists, {k: dict(v) for k, v in self.filters.items()}, self.doc_digests)


def write_index(out_dir: Path, parts: Sequence[PartResult]) -> None:
    """Merge the parts (in id order) and write the word shards, filters and ``meta.json``.
    The output does not depend on how the documents were split into parts."""
    out_dir = Path(out_dir)
    postings = _Postings()
    filters: dict[str, dict[str, list[int]]] = {name: defaultdict(list) for name in FILTERS}
    digest = hashlib.sha256()
    documents = 0
    id_bound = 0
    for part in parts:
        for t, (ids, weights) in part.postings.items():
            entry = postings.lists.get(t)
            if entry is None:
                postings.lists[t] = (ids, weights)
            else:
                entry[0].extend(ids)
                entry[1].extend(weights)
        for name, values in part.filters.items():
            for value, ids in values.items():
                filters[name][value].extend(ids)
        for doc_id, doc_digest in part.doc_digests:
            digest.update(doc_id.to_bytes(4, "big") + doc_digest)
        documents += len(part.doc_digests)
        if part.doc_digests:
            id_bound = max(id_bound, part.doc_digests[-1][0] + 1)

    def write(rel: str, text: str) -> None:
        data = text.encode("utf-8")
        digest.update(rel.encode() + b"\0" + data)
        (out_dir / rel).write_bytes(data)

    terms = postings.terms()
    encoded = {t: postings.encoded(t) for t in terms}
    shards = shard_terms(terms, lambda t: len(encoded[t]) + len(t) + 4)
    for key, group in shards.items():
        write(f"w/{key_file(key)}.json", "{" + ",".join(f"{_dump(t)}:{encoded[t]}" for t in group) + "}")
    for name, values in filters.items():
        write(f"f/{name}.json", _dump({v: _deltas(ids) for v, ids in values.items()}))
    meta = {
        "version": FORMAT_VERSION,
        "documents": documents,
        "ids": id_bound,
        "shards": sorted(shards),
        "hash": digest.hexdigest()[:12],
    }
    (out_dir / "meta.json").write_text(_dump(meta), encoding="utf-8")
