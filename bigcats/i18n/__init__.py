"""Message catalogue: every label of the interface in English, Russian, Chinese and Mongolian.

The language is a value passed per call (per session in the app), never process-wide state,
so one server can serve a Russian and a Chinese director at the same time.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

LANGUAGES = {"en": "English", "ru": "Русский", "zh": "中文", "mn": "Монгол"}
DEFAULT_LANGUAGE = "en"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    with open(Path(__file__).with_name("messages.csv"), encoding="utf-8", newline="") as f:
        return {row["key"]: row for row in csv.DictReader(f)}


def normalise(lang: str | None) -> str:
    lang = (lang or DEFAULT_LANGUAGE).lower()[:2]
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def plural_category(n: int, lang: str) -> str:
    """The CLDR cardinal plural category of a whole number `n` in `lang`: how the noun after it
    is inflected (Unicode CLDR plural rules). Russian: one (1, 21, 101: "особь"), few (2-4, 22-24:
    "особи"), many (0, 5-20, 25, 111: "особей"); English: one (1) or other; Chinese and Mongolian
    do not inflect a noun after a numeral: other."""
    n = abs(int(n))
    lang = normalise(lang)
    if lang == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return "one"
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return "few"
        return "many"
    if lang == "en":
        return "one" if n == 1 else "other"
    return "other"


def t_count(key: str, lang: str, n: int, **fill) -> str:
    """The label `key` that follows the count `n` ("103 особи сфотографированы"), in the form the
    count asks for: the catalogue row `key#one`, `key#few` or `key#many` where the language has
    one (a label in `lang` is left empty where that form is the label itself), else `key`."""
    row = catalogue().get(f"{key}#{plural_category(n, lang)}")
    text = row.get(normalise(lang)) if row else None
    return t(key, lang, **fill) if not text else t(f"{key}#{plural_category(n, lang)}", lang, **fill)


def t(key: str, lang: str, **fill) -> str:
    """The label `key` in `lang`; English where a translation is missing. Unknown keys fail loudly.
    `fill` puts values into the label's {name} slots (word order differs between languages)."""
    row = catalogue()[key]
    text = row.get(normalise(lang)) or row["en"]
    for name, value in fill.items():
        text = text.replace("{" + name + "}", str(value))
    return text
