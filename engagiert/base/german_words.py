"""German words as they are read aloud (issue #19): counts with the right singular or plural
and case, relative pronouns that agree with their noun, and the one glossary of terms the
site uses for member types and content. Templates and Python both take their words from
here, so "Stadt", "Stadt (kreisangehörig)" and "kreisangehörige Städte" cannot drift apart.

Pure: imports nothing of the project.

    count(n, "Mitglied")                 "1 Mitglied", "4 Mitglieder"
    count(n, "Eintrag", case="dat")      "von 4 Einträgen" needs the dative plural
    relative(n, "Mitglied")              "dessen" (one member), "deren" (several)
    noun(n, "Beitrag")                   the noun alone, in number and case
    member_type(key)                     MemberTypeTerm: label, plural_label, in-sentence forms
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Noun:
    singular: str
    plural: str
    gender: str                   # "m", "f", "n"
    dative_plural: str = ""       # default: plural + "n" unless it ends in -n or -s
    dative_singular: str = ""     # default: the singular

    def form(self, n: int, case: str = "nom") -> str:
        if case not in ("nom", "acc", "dat"):
            raise ValueError(f"unknown case {case!r}")
        if n == 1:
            return self.dative_singular or self.singular if case == "dat" else self.singular
        if case == "dat":
            if self.dative_plural:
                return self.dative_plural
            return self.plural if self.plural.endswith(("n", "s")) else self.plural + "n"
        return self.plural


# The site's nouns. Content of the knowledge base is a "Beitrag" everywhere (not "Eintrag").
NOUNS: dict[str, Noun] = {
    "Mitglied": Noun("Mitglied", "Mitglieder", "n"),
    "Beitrag": Noun("Beitrag", "Beiträge", "m"),
    "Eintrag": Noun("Eintrag", "Einträge", "m"),
    "Ergebnis": Noun("Ergebnis", "Ergebnisse", "n"),
    "Veranstaltung": Noun("Veranstaltung", "Veranstaltungen", "f"),
    "Termin": Noun("Termin", "Termine", "m"),
    "Thema": Noun("Thema", "Themen", "n"),
    "Seite": Noun("Seite", "Seiten", "f"),
    "Datei": Noun("Datei", "Dateien", "f"),
}


def _noun(word: str) -> Noun:
    try:
        return NOUNS[word]
    except KeyError:
        raise KeyError(f"{word!r} is not in engagiert.base.german_words.NOUNS: add it there") from None


def noun(n: int, word: str, case: str = "nom") -> str:
    return _noun(word).form(n, case)


def count(n: int, word: str, case: str = "nom") -> str:
    """"1 Mitglied", "2 Mitglieder"; case="dat" for "von 4 Einträgen", "mit 3 Beiträgen"."""
    return f"{n} {noun(n, word, case)}"


def relative(n: int, word: str) -> str:
    """Genitive relative pronoun: "1 Mitglied, dessen Name …", "3 Mitglieder, deren Name …"."""
    if n != 1:
        return "deren"
    return "deren" if _noun(word).gender == "f" else "dessen"


@dataclass(frozen=True)
class MemberTypeTerm:
    """One member type, named the same everywhere: ``label`` in lists, filters and on the
    profile; ``plural_label`` as a heading; ``singular``/``plural`` inside a sentence
    ("19 kreisfreie Städte"); ``article``: the indefinite article for "eine Gemeinde"."""

    key: str
    singular: str
    plural: str
    article: str

    @property
    def label(self) -> str:
        return self.singular[:1].upper() + self.singular[1:]

    @property
    def plural_label(self) -> str:
        return self.plural[:1].upper() + self.plural[1:]

    def count(self, n: int) -> str:
        """"eine kreisfreie Stadt", "19 kreisfreie Städte"."""
        return f"{self.article} {self.singular}" if n == 1 else f"{n} {self.plural}"


MEMBER_TYPES: dict[str, MemberTypeTerm] = {
    "kreisfreie-stadt": MemberTypeTerm("kreisfreie-stadt", "kreisfreie Stadt", "kreisfreie Städte", "eine"),
    "stadt": MemberTypeTerm("stadt", "kreisangehörige Stadt", "kreisangehörige Städte", "eine"),
    "gemeinde": MemberTypeTerm("gemeinde", "Gemeinde", "Gemeinden", "eine"),
    "kreis": MemberTypeTerm("kreis", "Kreis", "Kreise", "ein"),
    "bezirksregierung": MemberTypeTerm("bezirksregierung", "Bezirksregierung", "Bezirksregierungen", "eine"),
}


def member_type(key: str) -> MemberTypeTerm:
    return MEMBER_TYPES[key]


def join(parts: list[str]) -> str:
    """"a", "a und b", "a, b und c"."""
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " und " + parts[-1]
