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


def t(key: str, lang: str, **fill) -> str:
    """The label `key` in `lang`; English where a translation is missing. Unknown keys fail loudly.
    `fill` puts values into the label's {name} slots (word order differs between languages)."""
    row = catalogue()[key]
    text = row.get(normalise(lang)) or row["en"]
    for name, value in fill.items():
        text = text.replace("{" + name + "}", str(value))
    return text
