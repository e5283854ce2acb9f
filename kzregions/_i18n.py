"""Every piece of text kzregions draws or prints, in English, Kazakh and Russian.

One table, so that a map in Kazakh or Russian never falls back to English words: code asks
for ``text("no_data", lang)`` rather than writing the English phrase.
"""

from __future__ import annotations

LANGS = ("en", "kk", "ru")

_TEXT: dict[str, dict[str, str]] = {
    "no_data": {"en": "No data", "kk": "Деректер жоқ", "ru": "Нет данных"},
    "source": {"en": "Source", "kk": "Дереккөз", "ru": "Источник"},
    "attribution": {
        "en": "Boundaries: geokz (A. Rodionov), CC BY 4.0, after the Bureau of National Statistics "
              "of the Republic of Kazakhstan",
        "kk": "Шекаралар: geokz (А. Родионов), CC BY 4.0, Қазақстан Республикасы Ұлттық статистика "
              "бюросының деректері бойынша",
        "ru": "Границы: geokz (А. Родионов), CC BY 4.0, по данным Бюро национальной статистики "
              "Республики Казахстан",
    },
    "highlighted": {"en": "Highlighted area", "kk": "Белгіленген аумақ", "ru": "Выделенная территория"},
}

#: The cities of republican significance by KATO prefix, as labelled on maps.
CITY_NAMES = {
    "en": {"71": "Astana", "75": "Almaty", "79": "Shymkent"},
    "kk": {"71": "Астана", "75": "Алматы", "79": "Шымкент"},
    "ru": {"71": "Астана", "75": "Алматы", "79": "Шымкент"},
}


def check_lang(lang: str) -> str:
    """Return ``lang`` if kzregions can write in it, else a ValueError naming it."""
    if lang not in LANGS:
        raise ValueError(f"lang={lang!r}: use 'en' (English), 'kk' (Kazakh) or 'ru' (Russian)")
    return lang


def text(key: str, lang: str = "en") -> str:
    """The phrase ``key`` in ``lang``."""
    return _TEXT[key][check_lang(lang)]


def name_column(lang: str) -> str:
    """The column of unit names in ``lang`` (``name_en``, ``name_kk``, ``name_ru``)."""
    return f"name_{check_lang(lang)}"
