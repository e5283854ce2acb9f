"""Map text of built regions and of a few title rules, in English, Kazakh and Russian
(issue 24, third review): catchment titles that count the centres given, the centres that
win no unit, a list of years with its gaps, the period of a growth rate.

The tables live here rather than in :mod:`kzregions._i18n` (its module size limit).
"""

from __future__ import annotations

from collections.abc import Iterable

from ._i18n import LANGS, check_lang

_TEXT: dict[str, dict[str, str]] = {
    # a centre that wins no unit is still one of the centres given: the title counts them
    # all, and the subtitle names those without an area
    "centres_without_area": {"en": "Centres without a catchment area: {k} ({names})",
                             "kk": "Тартылыс аймағы жоқ орталықтар: {k} ({names})",
                             "ru": "Центры без зоны тяготения: {k} ({names})"},
    "period_title": {"en": "{what}, {start}–{end}", "kk": "{what}, {start}–{end} жж.",
                           "ru": "{what}, {start}–{end} гг."},
}


def rtext(key: str, lang: str = "en") -> str:
    """The text ``key`` of this module's table in ``lang``."""
    return _TEXT[key][check_lang(lang)]


def catchment_title(n: int, lang: str = "en") -> str:
    """"Catchment areas of 21 centres" with the numeral's agreement in Russian (21 центра,
    20 центров, 22 центров: the genitive after "зоны тяготения")."""
    check_lang(lang)
    n = int(n)
    if lang == "en":
        return f"Catchment areas of {n} centre" + ("" if n == 1 else "s")
    if lang == "kk":
        return f"{n} орталықтың тартылыс аймақтары"
    word = "центра" if n % 10 == 1 and n % 100 != 11 else "центров"
    return f"Зоны тяготения {n} {word}"


def year_list(years: Iterable) -> str:
    """Years as a title writes them: a run of three or more consecutive years as a range,
    the others listed, so that gaps show ("2019, 2021, 2023, 2024"; "2015–2019, 2021").

    Examples
    --------
    >>> year_list([2019, 2021, 2023, 2024]), year_list([2015, 2016, 2017, 2019])
    ('2019, 2021, 2023, 2024', '2015–2017, 2019')
    """
    ys = sorted({int(y) for y in years})
    runs: list[list[int]] = []
    for y in ys:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    parts = []
    for r in runs:
        parts += [f"{r[0]}–{r[-1]}"] if len(r) >= 3 else [str(y) for y in r]
    return ", ".join(parts)


def with_period(title: str | None, frame, lang: str = "en") -> str | None:
    """``title`` with the period of a rate computed over years (``start_year``/``end_year``
    columns, one value each, e.g. :func:`kzregions.real_growth`): "…, 2010–2021"; the title
    unchanged where the frame has a ``year`` or no single period."""
    if not title or "year" in frame or not {"start_year", "end_year"} <= set(frame.columns):
        return title
    s, e = set(frame["start_year"].dropna()), set(frame["end_year"].dropna())
    if len(s) != 1 or len(e) != 1:
        return title
    return rtext("period_title", lang).format(what=title, start=int(s.pop()), end=int(e.pop()))


__all__ = ["LANGS", "catchment_title", "rtext", "with_period", "year_list"]
