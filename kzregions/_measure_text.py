"""Map titles of location quotients and shift-share components, in English, Kazakh and Russian
(issue 24: "indicator, sector, year(s), unit"; the boundary set is the map's subtitle).

The tables live here rather than in :mod:`kzregions._i18n` (its module size limit); they are
built when the quotients or the decomposition are computed, from what the sector table says
of itself (``attrs``: ``table``, ``year``, ``unit``), and travel with the result in
``attrs["titles"]`` and ``attrs["legend_titles"]`` (column -> language -> text) through
:func:`kzregions.attach` to :func:`kzregions.choropleth`, which uses them as its defaults.
A location quotient has no unit: what its scale means (1 = the sector's share in all units
given) is the legend's title.
"""

from __future__ import annotations

from typing import Any

from ._i18n import LANGS, column_title, unit_text

#: What the shipped sector tables measure (``sector_table(name)``), as a title writes it.
MEASURES = {
    "gva": {"en": "gross value added", "kk": "жалпы қосылған құн", "ru": "валовая добавленная стоимость"},
    "employment": {"en": "employment", "kk": "жұмыспен қамту", "ru": "занятость"},
}
_LQ = {"en": "location quotient", "kk": "оқшаулану коэффициенті", "ru": "коэффициент локализации"}
#: The unit of a location quotient: a ratio of shares, 1 where the unit's share of the sector
#: equals the share in all units given together (the whole the quotient compares with).
LQ_UNIT = {"en": "1 = its share in all units", "kk": "1 = барлық бірліктердегі үлесі",
           "ru": "1 = доля во всех единицах"}
_QUOTES = {"en": ("“", "”"), "kk": ("«", "»"), "ru": ("«", "»")}
_YEAR = {"en": "{y}", "kk": "{y} ж.", "ru": "{y} г."}
_SHIFT = {"en": "Regional shift", "kk": "Өңірлік ығысу", "ru": "Региональный сдвиг"}
_PCT_OF = {"en": "% of the {y} total", "kk": "{y} жылғы жиынтықтың %", "ru": "% от итога {y} г."}


def _years(year: Any) -> str | None:
    if year is None:
        return None
    ys = [int(y) for y in year] if isinstance(year, (list, tuple)) else [int(year)]
    return ", ".join(str(y) for y in ys)


def lq_titles(sectors: list, attrs: dict) -> tuple[dict, dict]:
    """Map titles and legend titles (column -> language -> text) of each sector's location
    quotient: "Location quotient, “Mining and quarrying”: gross value added, 2024" and
    "Location quotient (1 = its share in all units together)". ``attrs`` of the sector table
    (``table``, ``year``); parts it does not say are left out."""
    titles: dict[str, dict[str, str]] = {}
    measure, years = MEASURES.get(str(attrs.get("table"))), _years(attrs.get("year"))
    for s in sectors:
        row = {}
        for lang in LANGS:
            bits = ([measure[lang]] if measure else []) + ([_YEAR[lang].format(y=years)] if years else [])
            o, c = _QUOTES[lang]
            head = f"{_LQ[lang][:1].upper()}{_LQ[lang][1:]}, {o}{column_title(str(s), lang) or s}{c}"
            row[lang] = f"{head}: {', '.join(bits)}" if bits else head
        titles[str(s)] = row
    legend = {lang: f"{_LQ[lang][:1].upper()}{_LQ[lang][1:]}\n({LQ_UNIT[lang]})" for lang in LANGS}
    return titles, {str(s): legend for s in sectors}


def shift_share_titles(columns: list, params: dict, table: str | None) -> dict[str, dict[str, str]]:
    """Column -> language -> title of the shift-share table's columns: "Regional shift:
    employment, 2022–2025 (% of the 2022 total)", "Industry-mix component: employment,
    2022–2025 (persons)"; ``params`` of :class:`ShiftShare`, ``table`` the shipped table's name."""
    measure = MEASURES.get(str(table))
    y0, y1 = params["start"], params["end"]
    out: dict[str, dict[str, str]] = {}
    for c in columns:
        row = {}
        for lang in LANGS:
            if c == "regional_shift_pct":
                head, unit = _SHIFT[lang], _PCT_OF[lang].format(y=y0)
            else:
                head, unit = column_title(c, lang) or c, unit_text(params.get("unit"), lang) or ""
            what = ", ".join(([measure[lang]] if measure else []) + [f"{y0}–{y1}"])
            row[lang] = f"{head}: {what}" + (f" ({unit})" if unit else "")
        out[c] = row
    return out
