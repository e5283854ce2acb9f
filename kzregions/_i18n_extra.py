"""Translation tables beside :mod:`kzregions._i18n` (which is at its module size limit and
reads these): titles of the columns kzregions' own analyses write, and the programme titles
and zone names that table lacked.

A map of ``kz.real_growth(...)["real_cagr"]`` or ``kz.specialisation_indices(...)["krugman"]``
needs a title and a legend heading in the map's language, not the column key (read through
:func:`kzregions._i18n.column_title`). Units are part of these titles: the columns are usually
joined with ``merge``, which drops the frame's ``attrs["units"]``.

The Kazakh and Russian wordings are ours (following the Bureau's usage: «коэффициент
локализации» / «оқшаулану коэффициенті», «п. п.» / «п. т.» for percentage points; the
agglomerations as the Government's list names them in Russian, «Алматинская агломерация»).
"""

from __future__ import annotations

import functools

RESULT_TITLES: dict[str, dict[str, str]] = {
    # kz.real_growth
    "real_cagr": {"en": "Real growth, % per year (average)",
                  "kk": "Нақты өсу, жылына % (орташа)",
                  "ru": "Реальный рост, % в год (в среднем)"},
    "start_year": {"en": "First year of the period", "kk": "Кезеңнің бірінші жылы",
                   "ru": "Первый год периода"},
    "end_year": {"en": "Last year of the period", "kk": "Кезеңнің соңғы жылы",
                 "ru": "Последний год периода"},
    "real_change": {"en": "Real change over the period, %",
                    "kk": "Кезеңдегі нақты өзгеріс, %",
                    "ru": "Реальное изменение за период, %"},
    "gap_to_national": {"en": "Real growth minus Kazakhstan's, pp per year",
                        "kk": "Нақты өсудің Қазақстан бойынша өсуден айырмасы, жылына п. т.",
                        "ru": "Разница с реальным ростом по Казахстану, п. п. в год"},
    "population_cagr": {"en": "Population growth, % per year (average)",
                        "kk": "Халық санының өсуі, жылына % (орташа)",
                        "ru": "Рост численности населения, % в год (в среднем)"},
    "real_per_capita_cagr": {"en": "Real growth per capita, % per year (average)",
                             "kk": "Жан басына шаққандағы нақты өсу, жылына % (орташа)",
                             "ru": "Реальный рост на душу населения, % в год (в среднем)"},
    "per_capita_gap_to_national": {"en": "Real growth per capita minus Kazakhstan's, pp per year",
                                   "kk": "Жан басына шаққандағы нақты өсудің Қазақстан бойынша "
                                         "өсуден айырмасы, жылына п. т.",
                                   "ru": "Разница с реальным ростом на душу населения по "
                                         "Казахстану, п. п. в год"},
    # kz.lagging_regions (legend of its map)
    "lagging": {"en": "Lagging region (EU rule)",
                "kk": "Артта қалған өңір (ЕО ережесі)",
                "ru": "Отстающий регион (правило ЕС)"},
    # kz.specialisation_indices
    "krugman": {"en": "Krugman specialisation index (0–2)",
                "kk": "Кругманның мамандану индексі (0–2)",
                "ru": "Индекс специализации Кругмана (0–2)"},
    "hoover": {"en": "Hoover specialisation index (0–1)",
               "kk": "Гувердің мамандану индексі (0–1)",
               "ru": "Индекс специализации Гувера (0–1)"},
    "gini": {"en": "Gini coefficient of specialisation (0–1)",
             "kk": "Маманданудың Джини коэффициенті (0–1)",
             "ru": "Коэффициент Джини специализации (0–1)"},
    "herfindahl": {"en": "Herfindahl index of sector shares",
                   "kk": "Салалық үлестердің Херфиндаль индексі",
                   "ru": "Индекс Херфиндаля отраслевых долей"},
    "dominant_sector": {"en": "Sector of highest location quotient",
                        "kk": "Оқшаулану коэффициенті ең жоғары сала",
                        "ru": "Отрасль с наибольшим коэффициентом локализации"},
    "dominant_lq": {"en": "Highest location quotient",
                    "kk": "Ең жоғары оқшаулану коэффициенті",
                    "ru": "Наибольший коэффициент локализации"},
    "largest_sector": {"en": "Largest sector (share of the unit's economy)",
                       "kk": "Ең ірі сала (бірлік экономикасындағы үлесі)",
                       "ru": "Крупнейшая отрасль (доля в экономике единицы)"},
    "largest_share": {"en": "Share of the largest sector",
                      "kk": "Ең ірі саланың үлесі",
                      "ru": "Доля крупнейшей отрасли"},
}

#: Programme titles missing from :data:`kzregions._i18n.PROGRAMME_TITLES` (merged into it there).
PROGRAMME_TITLES_EXTRA: dict[str, dict[str, str]] = {
    "agglomerations": {"en": "Agglomerations (list of 2023)", "kk": "Агломерациялар (2023 жылғы тізбе)",
                       "ru": "Агломерации (перечень 2023 года)"},
    "macroregions_2025": {"en": "Macro-regions of 2025 (only the Central macro-region is shipped)",
                          "kk": "2025 жылғы макроөңірлер (тек Орталық макроөңір)",
                          "ru": "Макрорегионы 2025 года (только Центральный макрорегион)"},
}

#: Zones of those programmes (categories of their maps), merged into ``_i18n.CATEGORIES``.
ZONE_NAMES_EXTRA: dict[str, dict[str, str]] = {
    "Almaty agglomeration": {"en": "Almaty agglomeration", "kk": "Алматы агломерациясы",
                             "ru": "Алматинская агломерация"},
    "Astana agglomeration": {"en": "Astana agglomeration", "kk": "Астана агломерациясы",
                             "ru": "Астанинская агломерация"},
    "Shymkent agglomeration": {"en": "Shymkent agglomeration", "kk": "Шымкент агломерациясы",
                               "ru": "Шымкентская агломерация"},
    "Aktobe agglomeration": {"en": "Aktobe agglomeration", "kk": "Ақтөбе агломерациясы",
                             "ru": "Актюбинская агломерация"},
    "Karaganda agglomeration": {"en": "Karaganda agglomeration", "kk": "Қарағанды агломерациясы",
                                "ru": "Карагандинская агломерация"},
    "Central macro-region": {"en": "Central macro-region", "kk": "Орталық макроөңір",
                             "ru": "Центральный макрорегион"},
}

# issue 24 (round 2): the regionalisation methods as the field names them in Kazakh and Russian,
# so a kk/ru region map carries no Latin word (the "k" of k-средних / k-орташа is the standard
# term). Descriptive where the method is known by an English acronym (max-p, SKATER, AZP); the
# Kazakh descriptive forms are our translations. "and" joins the boundary sets of a zone map.
REGION_TEXT: dict[str, dict[str, str]] = {
    "region_method_maxp": {"en": "max-p", "kk": "табалдырық шартымен өңірлер санын барынша көбейту әдісі",
                           "ru": "метод максимума регионов при пороге"},
    "region_method_skater": {"en": "SKATER", "kk": "минималды қаңқалы ағашты бөлу әдісі",
                             "ru": "метод разбиения минимального остовного дерева"},
    "region_method_azp": {"en": "AZP", "kk": "Опеншоудың автоматты аудандастыру рәсімі",
                          "ru": "автоматическое зонирование по Опеншоу"},
    "region_method_ward": {"en": "Ward clustering", "kk": "Уорд әдісі", "ru": "метод Уорда"},
    "region_method_kmeans": {"en": "k-means", "kk": "k-орташа әдісі", "ru": "метод k-средних"},
    "region_method_intramax": {"en": "Intramax", "kk": "Интрамакс әдісі", "ru": "метод Интрамакс"},
    "region_method_communities": {"en": "Louvain communities of flows",
                                  "kk": "Лувен алгоритмі, ағын қауымдастықтары",
                                  "ru": "лувенский алгоритм, сообщества потоков"},
    "and": {"en": " and ", "kk": " және ", "ru": " и "},
}


@functools.cache
def sdg_titles() -> dict:
    """``{indicator: {"en", "kk", "ru"}}``: the Bureau's titles of the SDG series (shipped
    ``datasets/sdg_indicators.csv``, read without pandas).

    Examples
    --------
    >>> sdg_titles()["poverty_below_subsistence_minimum"]["ru"][:28]
    'Доля населения, имеющего дох'
    """
    import csv
    from importlib import resources

    with resources.files("kzregions.datasets").joinpath("sdg_indicators.csv").open(encoding="utf-8") as f:
        return {r["name"]: {"en": r["title_en"], "kk": r["title_kk"], "ru": r["title_ru"]}
                for r in csv.DictReader(f)}
