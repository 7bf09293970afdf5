"""What a reader of a non-English page may see in Latin letters, and what gives a page away as
half-translated: an English word that is neither in the message catalogue's language nor a name,
an acronym, an id or a quotation; a snake_case identifier; a whole number written as "8.0".

Used on the words of every page built in every language (tests/integration/test_page_languages.py)
and on the text a browser shows (tests/browser/test_pages.py)."""
from __future__ import annotations

import re

from bigcats.i18n import LANGUAGES, catalogue

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
WHOLE_AS_FLOAT = re.compile(r"(?<![\d.,])\d+[.,]0(?![\d.,])")  # "8.0", and Russian "8,0"
# a bound of an interval ("1.0 – 2.5", "0.7 – 1.0"): written to the interval's precision, so its
# ".0" is a rounded figure, not a whole number shown as a decimal
INTERVAL_BOUND = re.compile(r"\d[.,]\d\s*[–-]\s*$|^\s*[–-]\s*\d")
WITH_DIGIT = re.compile(r"\S*\d\S*")  # ids and codes: "sim-113", "M-53-XX", "T-15", "6F"


def acronym(word: str) -> bool:
    """CPI, SECR, LLNP, DOI, BibTeX: two capitals or more make an acronym or a format's name."""
    return sum(c.isupper() for c in word) >= 2


def allowed_words(store, lang: str) -> tuple[set[str], list[str]]:
    """(words allowed anywhere on a `lang` page, texts allowed whole): the Latin words the
    catalogue's `lang` column and the store's words in `lang` use themselves, the languages'
    own names; the quotations, titles, catalogue numbers and aliases shown as written."""
    texts = store.query("original_language_texts", lang=lang)
    words = set(LANGUAGES.values()) | {store.actor.name}  # the signed-in person's own name
    for row in catalogue().values():
        words |= set(LATIN_WORD.findall(row.get(lang) or ""))
    for text in texts.filter(texts["kind"] == "in_lang")["text"].drop_nulls():
        words |= set(LATIN_WORD.findall(text))
    originals = sorted(set(texts.filter(texts["kind"] == "original")["text"].drop_nulls()), key=len, reverse=True)
    return words, originals


def untranslated(text: str, allowed: tuple[set[str], list[str]]) -> set[str]:
    """The words of `text` a `lang` reader should not meet (see the module's docstring)."""
    words, originals = allowed
    found = {f"snake_case: {m}" for m in SNAKE_CASE.findall(text)}
    found |= {f"whole number as a decimal: {m.group(0)}" for m in WHOLE_AS_FLOAT.finditer(text)
              if not (INTERVAL_BOUND.search(text[max(0, m.start() - 12):m.start()])
                      or INTERVAL_BOUND.search(text[m.end():m.end() + 12]))}
    for original in originals:  # longest first, so a title goes before the words inside it
        if len(original) > 2:
            text = text.replace(original, " ")
    text = WITH_DIGIT.sub(" ", text)
    found |= {w for w in LATIN_WORD.findall(text) if w not in words and not acronym(w)}
    return found
