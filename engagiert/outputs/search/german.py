"""German word forms for the search index: compound parts found at build time.

The index terms (``terms``) already meet across inflections and spellings: ``Städte``
finds ``Stadt``, ``Buergerschaftliches`` finds ``Bürgerschaftliches``, ``Strasse`` finds
``Straße``. What they cannot do is find a word inside a compound: ``Förderung`` does not
find ``Engagementförderung``. This module splits compounds into their parts so the
indexer can add the parts as extra terms (see docs/search.md).

The splitter is dictionary based: a word is split where both sides are known words,
allowing the German linking elements (Fugenelemente) between them. Known words are
a German word list (the Hunspell-derived list shipped in the ``compound-split``
package, read from disk, never copied), a short list of this site's domain words
(``lexicon.txt`` beside this file) and every word that occurs on the site itself.
Loading it takes about 0.1 s, against 1.5 s and 350 MB for the n-gram model of
``compound_split.char_split``, which also splits non-compounds (``Orien|tieren``).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

from ...base.usercache import user_cache_dir

# Letters only: the words that can be compounds or their parts.
WORD_RE = re.compile(r"[^\W\d_]+")

# Linking elements between the parts of a compound, longest first:
# Ehrenamt|s|karte, Landes (Land|es), Frauen (Frau|en), Kinder (Kind|er).
LINKING = ("ens", "es", "en", "er", "s", "n", "e")

MIN_WORD = 7      # shorter words are not split
MIN_HEAD = 4      # the last part (the head) needs at least 4 letters
MIN_MODIFIER = 4  # a leading part needs at least 4 letters (after the linking element)

# Inflection endings tried on a head that is not itself in the word list.
HEAD_ENDINGS = ("en", "er", "es", "n", "s", "e")

_EXTRA_LEXICON = Path(__file__).with_name("lexicon.txt")


def words(text: str) -> list[str]:
    """The words of a text (letters only), for the splitter's vocabulary."""
    return WORD_RE.findall(text)


def fold(word: str) -> str:
    """Lower case, umlauts and ß spelled out: ``Straße`` -> ``strasse``, ``Bürger`` -> ``buerger``."""
    word = unicodedata.normalize("NFC", word.lower())
    return word.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")


_LEXICON_LINE = re.compile(r"^([^\W\d_]{%d,})(?:[\t/]|$)" % MIN_MODIFIER, re.M)


def _lexicon_sources() -> list:
    """Word lists a compound part may come from, those that are installed."""
    sources = []
    for package, parts in (("german_nouns", ("index.txt",)),              # ~270,000 noun forms (Wiktionary)
                           ("compound_split", ("dicts", "de-mixed.dic"))):  # adjectives and verbs too
        try:
            path = resources.files(package).joinpath(*parts)
        except ModuleNotFoundError:
            continue
        if path.is_file():
            sources.append(path)
    sources.append(_EXTRA_LEXICON)
    return sources


def _cache_file(sources) -> Path | None:
    key = hashlib.sha256(repr([(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in sources]).encode())
    return user_cache_dir() / f"lexicon-{key.hexdigest()[:16]}.marshal"


@lru_cache(maxsize=1)
def base_lexicon() -> frozenset[str]:
    """German words (lower case, letters only) a compound part may be.

    Read from the word lists once per process (about 0.5 s); a copy in the user's cache
    folder (``~/.cache/engagiert``) makes later builds load it in about 0.1 s.
    """
    sources = _lexicon_sources()
    cache = _cache_file(sources)
    try:
        return frozenset(marshal.loads(cache.read_bytes()))
    except (OSError, ValueError, EOFError, TypeError, AttributeError):
        pass
    known: set[str] = set()
    for path in sources:
        known.update(_LEXICON_LINE.findall(path.read_text(encoding="utf-8").lower()))
    lexicon = frozenset(known)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(sorted(lexicon)))
        os.replace(tmp, cache)
    except OSError:
        pass
    return lexicon


class Splitter:
    """Splits German compounds at the boundaries between known words.

    ``known`` is the base word list plus the vocabulary of the site; results are cached
    per word, so splitting a whole site costs one dictionary walk per distinct word.
    """

    def __init__(self, vocabulary: Iterable[str] = ()):
        self.known = set(base_lexicon())
        self.known.update(w.lower() for w in vocabulary if len(w) >= MIN_HEAD)
        self._cache: dict[str, tuple[int, ...]] = {}

    def _head_known(self, head: str) -> bool:
        if head in self.known:
            return True
        return any(head.endswith(e) and len(head) - len(e) >= MIN_HEAD and head[: -len(e)] in self.known
                   for e in HEAD_ENDINGS)

    def _modifier(self, left: str, depth: int) -> tuple[int, ...] | None:
        """Inner boundaries of the left side of a compound; None if it is not made of known words."""
        candidates = [left] + [left[: -len(l)] for l in LINKING if left.endswith(l)]
        for cand in candidates:
            if len(cand) >= MIN_MODIFIER and cand in self.known:
                return ()
        if depth < 3:
            for cand in candidates:
                if len(cand) >= MIN_MODIFIER + MIN_HEAD:
                    inner = self._boundaries(cand, depth + 1)
                    if inner:
                        return inner
        return None

    def _boundaries(self, word: str, depth: int) -> tuple[int, ...]:
        # Longest known head first: Engagement|förderung before Engagementför|derung.
        for cut in range(MIN_MODIFIER, len(word) - MIN_HEAD + 1):
            if not self._head_known(word[cut:]):
                continue
            inner = self._modifier(word[:cut], depth)
            if inner is not None:
                # the head may be a compound itself: Netzwerk|mitglieder|versammlung
                head = word[cut:]
                head_cuts = self._boundaries(head, depth + 1) if depth < 3 and len(head) >= MIN_WORD else ()
                return (*inner, cut, *(cut + c for c in head_cuts))
        return ()

    def boundaries(self, word: str) -> tuple[int, ...]:
        """Positions where the parts of a compound meet (after any linking element)."""
        w = unicodedata.normalize("NFC", word.lower())
        # Longer than any real compound: splitting would cost the square of its length.
        if len(w) < MIN_WORD or len(w) > 64:
            return ()
        cached = self._cache.get(w)
        if cached is None:
            cached = self._boundaries(w, 0)
            self._cache[w] = cached
        return cached

    def tails(self, word: str) -> tuple[str, ...]:
        """Every ending of a compound that starts at a part boundary, lower case.

        ``Ehrenamtskarte`` -> ``("karte",)``; ``Jugendfeuerwehr`` -> ``("feuerwehr", "wehr")``.
        The search matches the last query word as a prefix of terms, so these endings let
        any part, and any run of parts, find the compound (``Koordination`` is a prefix of
        the ending ``koordinationsstelle`` of ``Ehrenamtskoordinationsstelle``); the first
        part is a prefix of the compound itself.
        """
        w = unicodedata.normalize("NFC", word.lower())
        return tuple(w[cut:] for cut in self.boundaries(w))
