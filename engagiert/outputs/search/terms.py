"""Index terms of German words: the same rules as ``assets/javascripts/search-terms.js``.

The build indexes each word as a *term*; the browser turns the visitor's query words into
terms with the JavaScript twin of this module, so both sides must agree exactly
(tests/test_search_terms.py runs both over the site's whole vocabulary).

    term("Städte") == term("Stadt") == "stadt"
    term("Buergerschaftliches") == term("Bürgerschaftliches") == "burgerschaftlich"
    term("Straßen") == term("Strasse") == "stras"

1. ``base``: lower case, ä/ö/ü → a/o/u, ß → ss, other accents dropped (é → e), only letters
   and digits kept.
2. A light German stemmer (J. Savoy's, as in Lucene's GermanLightStemmer) removes
   inflection endings: Kommunen → kommun, Mitgliedern → mitglied, Engagements → engagement.
3. ``fold``: ae/oe/ue → a/o/u and ss → s, so that spellings without umlauts and ß meet the
   ones with them. It runs after the stemmer: ``neue`` loses its ending before the ``ue``
   could be read as an umlaut (neue → neu, like neu).

A query's last word is also matched as a prefix (the visitor may still be typing): the
prefix is ``fold(base(word))``, compared with the indexed terms.
"""

from __future__ import annotations

import re
import unicodedata

# Letters and digits; everything else separates words ("E-Mail" is "e" and "mail").
TOKEN_RE = re.compile(r"[^\W_]+")
_NOT_ALNUM = re.compile(r"[^\w]|_")
_UMLAUTS = str.maketrans({"ä": "a", "ö": "o", "ü": "u"})
_ST_ENDING = frozenset("bdfghklmnt")


# Longer runs of letters are no words anyone searches for (hashes, pasted noise); indexing
# them would make shard keys as deep as the word is long.
MAX_TOKEN = 64


def tokens(text: str) -> list[str]:
    return [w for w in TOKEN_RE.findall(text) if len(w) <= MAX_TOKEN]


def base(word: str) -> str:
    w = unicodedata.normalize("NFC", word.lower()).translate(_UMLAUTS).replace("ß", "ss")
    w = "".join(c for c in unicodedata.normalize("NFD", w) if unicodedata.category(c)[0] != "M")
    return _NOT_ALNUM.sub("", w)


def fold(word: str) -> str:
    return word.replace("ae", "a").replace("oe", "o").replace("ue", "u").replace("ss", "s")


def stem(w: str) -> str:
    """Savoy's light German stemmer on a ``base`` form (two steps of suffix removal)."""
    n = len(w)
    if n > 5 and w.endswith("ern"):
        w = w[:-3]
    elif n > 4 and w[-2:] in ("em", "en", "er", "es"):
        w = w[:-2]
    elif n > 3 and w[-1] == "e":
        w = w[:-1]
    elif n > 3 and w[-1] == "s" and w[-2] in _ST_ENDING:
        w = w[:-1]
    n = len(w)
    if n > 5 and w.endswith("est"):
        w = w[:-3]
    elif n > 4 and w[-2:] in ("er", "en"):
        w = w[:-2]
    elif n > 4 and w.endswith("st") and w[-3] in _ST_ENDING:
        w = w[:-2]
    return w


def term(word: str) -> str:
    """The index term of a word ("" for a word without letters or digits)."""
    return fold(stem(base(word)))


def prefix(word: str) -> str:
    """What a word being typed is matched against, as the start of indexed terms."""
    return fold(base(word))
