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

# --- issue 16 (atlas, QGIS styles): phrases of the atlas pages; {placeholders} are filled by
# kzregions.plotting.atlas. Kept as one block so it can be carried over as a unit.
_TEXT.update({
    "oblast_of": {"en": "{name} oblast", "kk": "{name} облысы", "ru": "{name} область"},
    "atlas_subtitle": {"en": "Districts, {vintage} boundaries", "kk": "Аудандар, {vintage} жылғы шекаралар",
                       "ru": "Районы, границы {vintage} г."},
    "atlas_cover": {"en": "Atlas of oblasts: {n} sheets", "kk": "Облыстар атласы: {n} парақ",
                    "ru": "Атлас областей: {n} листов"},
    "atlas_cover_zones": {"en": "Atlas of zones: {n} sheets", "kk": "Аймақтар атласы: {n} парақ",
                          "ru": "Атлас зон: {n} листов"},
    "classes_national": {"en": "Classes: one national classification of all {n} units (colours compare "
                               "across pages)",
                         "kk": "Сыныптар: барлық {n} бірліктің бірыңғай ұлттық жіктелуі (түстер барлық "
                               "беттерде салыстырмалы)",
                         "ru": "Классы: единая национальная классификация всех {n} единиц (цвета "
                               "сопоставимы на всех страницах)"},
    "classes_page": {"en": "Classes: this sheet's units only (colours do not compare across pages)",
                     "kk": "Сыныптар: тек осы парақтың бірліктері (түстер беттер арасында салыстырылмайды)",
                     "ru": "Классы: только единицы этого листа (цвета между страницами не сопоставимы)"},
    "page_of": {"en": "Page {n} of {total}", "kk": "{total} беттің {n}-беті", "ru": "Страница {n} из {total}"},
    "contents": {"en": "Contents", "kk": "Мазмұны", "ru": "Содержание"},
    "location": {"en": "Location in Kazakhstan", "kk": "Қазақстандағы орналасуы",
                 "ru": "Положение в Казахстане"},
    "neighbours": {"en": "Neighbouring units", "kk": "Көршілес бірліктер", "ru": "Соседние единицы"},
    "unit_col": {"en": "District / city", "kk": "Аудан / қала", "ru": "Район / город"},
    "rank_col": {"en": "Rank of {n}", "kk": "Орны ({n})", "ru": "Место из {n}"},
    "rank_note": {"en": "Rank in Kazakhstan: 1 = highest value; units without data are not ranked.",
                  "kk": "Қазақстандағы орны: 1 = ең жоғары мән; деректері жоқ бірліктерге орын берілмейді.",
                  "ru": "Место в Казахстане: 1 = наибольшее значение; единицы без данных не ранжируются."},
    "zone": {"en": "Zone", "kk": "Аймақ", "ru": "Зона"},
    "kazakhstan": {"en": "Kazakhstan", "kk": "Қазақстан", "ru": "Казахстан"},
    # the CLI atlas: the district indicators, their unit and source
    "title_population_start_of_year": {"en": "Population on 1 January {year}",
                                       "kk": "{year} жылғы 1 қаңтардағы халық саны",
                                       "ru": "Численность населения на 1 января {year} г."},
    "unit_persons": {"en": "persons", "kk": "адам", "ru": "человек"},
    "bns": {"en": "Bureau of National Statistics of the Republic of Kazakhstan",
            "kk": "Қазақстан Республикасы Ұлттық статистика бюросы",
            "ru": "Бюро национальной статистики Республики Казахстан"},
})
# --- end issue 16
