"""Every piece of text kzregions draws or prints, in English, Kazakh and Russian.

One table, so that a map in Kazakh or Russian never falls back to English words: code asks
for ``text("no_data", lang)`` rather than writing the English phrase.
"""

from __future__ import annotations

from ._i18n_extra import PROGRAMME_TITLES_EXTRA, REGION_TEXT, RESULT_TITLES, ZONE_NAMES_EXTRA, sdg_titles

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
    "km": {"en": "km", "kk": "км", "ru": "км"},
    # the letter on the north arrow: N(orth), С(олтүстік), С(евер)
    "north": {"en": "N", "kk": "С", "ru": "С"},
    "context": {"en": "Neighbouring countries: Natural Earth", "kk": "Көрші елдер: Natural Earth",
                "ru": "Соседние страны: Natural Earth"},
    "no_data_for": {"en": "No data for {key}", "kk": "{key}: деректер жоқ", "ru": "Нет данных за {key}"},
    "name": {"en": "Name", "kk": "Атауы", "ru": "Название"},
    "kato": {"en": "KATO", "kk": "ҚАТО", "ru": "КАТО"},
    "value": {"en": "Value", "kk": "Мәні", "ru": "Значение"},
    "class": {"en": "Class", "kk": "Сынып", "ru": "Класс"},
    "oblasts": {"en": "oblasts and cities of republican significance",
                "kk": "облыстар және республикалық маңызы бар қалалар",
                "ru": "области и города республиканского значения"},
    "districts": {"en": "districts and cities of oblast significance",
                  "kk": "аудандар және облыстық маңызы бар қалалар",
                  "ru": "районы и города областного значения"},
    "boundaries_of": {"en": "{vintage} boundaries", "kk": "{vintage} жылғы шекаралар",
                      "ru": "границы {vintage} года"},
    "units_map": {"en": "Kazakhstan: {what} ({vintage} boundaries)",
                  "kk": "Қазақстан: {what} ({vintage} жылғы шекаралар)",
                  "ru": "Казахстан: {what} (границы {vintage} года)"},
    "bns": {"en": "Bureau of National Statistics of the Republic of Kazakhstan",
            "kk": "Қазақстан Республикасының Ұлттық статистика бюросы",
            "ru": "Бюро национальной статистики Республики Казахстан"},
    "wrote": {"en": "wrote {path} ({n} units, {vintage} boundaries)",
              "kk": "{path} жазылды ({n} аумақ, {vintage} жылғы шекаралар)",
              "ru": "записан {path} ({n} единиц, границы {vintage} года)"},
    "types_title": {"en": "Types of regions", "kk": "Өңірлер типтері", "ru": "Типы регионов"},
    "lisa_title": {"en": "Local Moran clusters: {what}", "kk": "Жергілікті Моран кластерлері: {what}",
                   "ru": "Локальные кластеры Морана: {what}"},
    "fewer_classes": {
        "en": "{got} classes instead of the {asked} asked for: {reason}",
        "kk": "{asked} сыныптың орнына {got} сынып: {reason}",
        "ru": "{got} классов вместо {asked}: {reason}",
    },
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
        from .errors import LanguageError

        raise LanguageError(f"lang={lang!r}: use 'en' (English), 'kk' (Kazakh) or 'ru' (Russian)")
    return lang


def text(key: str, lang: str = "en") -> str:
    """The phrase ``key`` in ``lang``."""
    return _TEXT[key][check_lang(lang)]


def name_column(lang: str) -> str:
    """The column of unit names in ``lang`` (``name_en``, ``name_kk``, ``name_ru``)."""
    return f"name_{check_lang(lang)}"


# ----------------------------------------------------------------------------- catalogue text
#: Titles of the shipped indicators (English as in ``kzregions.stats.TITLES``).
INDICATOR_TITLES: dict[str, dict[str, str]] = {
    "grp_total": {"en": "Gross regional product", "kk": "Жалпы өңірлік өнім",
                  "ru": "Валовой региональный продукт"},
    "grp_per_capita": {"en": "GRP per capita", "kk": "Жан басына шаққандағы ЖӨӨ",
                       "ru": "ВРП на душу населения"},
    "grp_per_capita_usd": {"en": "GRP per capita (USD)", "kk": "Жан басына шаққандағы ЖӨӨ (АҚШ доллары)",
                           "ru": "ВРП на душу населения (долл. США)"},
    "population_avg_annual": {"en": "Population (annual average)", "kk": "Халық саны (орташа жылдық)",
                              "ru": "Численность населения (среднегодовая)"},
    "urban_population_avg_annual": {"en": "Urban population (annual average)",
                                    "kk": "Қала халқы (орташа жылдық)",
                                    "ru": "Городское население (среднегодовое)"},
    "urban_population_share": {"en": "Urban population share", "kk": "Қала халқының үлесі",
                               "ru": "Доля городского населения"},
    "population_start_of_year": {"en": "Population on 1 January", "kk": "1 қаңтардағы халық саны",
                                 "ru": "Численность населения на 1 января"},
    "urban_population_start_of_year": {"en": "Urban population on 1 January",
                                       "kk": "1 қаңтардағы қала халқы",
                                       "ru": "Городское население на 1 января"},
    "unemployment_rate": {"en": "Unemployment rate", "kk": "Жұмыссыздық деңгейі",
                          "ru": "Уровень безработицы"},
    "avg_monthly_nominal_wage": {"en": "Average monthly nominal wage", "kk": "Орташа айлық атаулы жалақы",
                                 "ru": "Среднемесячная номинальная заработная плата"},
    "per_capita_nominal_cash_income": {"en": "Per-capita nominal cash income",
                                       "kk": "Жан басына шаққандағы атаулы ақшалай табыс",
                                       "ru": "Номинальные денежные доходы на душу населения"},
    "poverty_rate_below_subsistence_minimum": {
        "en": "Population below the subsistence minimum",
        "kk": "Табысы күнкөріс деңгейінен төмен халық үлесі",
        "ru": "Доля населения с доходами ниже прожиточного минимума"},
    "census_population": {"en": "Census population", "kk": "Санақ бойынша халық саны",
                          "ru": "Численность населения по переписи"},
    "area_km2": {"en": "Area", "kk": "Аумағы", "ru": "Площадь"},
    # the district panel's name for its population column
    "population": {"en": "Population on 1 January", "kk": "1 қаңтардағы халық саны",
                   "ru": "Численность населения на 1 января"},
}

#: Derived indicators (``kz.derive``): the suffix of the column and how its title is built.
_DERIVED = {
    "density": {"en": "{t} per km²", "kk": "{t}, 1 км²-ге", "ru": "{t} на 1 км²"},
    "index": {"en": "{t}, index", "kk": "{t}, индекс", "ru": "{t}, индекс"},
    "share": {"en": "{t}, share of the country", "kk": "{t}, елдегі үлесі", "ru": "{t}, доля в стране"},
    "per_capita": {"en": "{t} per capita", "kk": "Жан басына шаққандағы {t}", "ru": "{t} на душу населения"},
    "cagr": {"en": "{t}: average annual growth, {y0}–{y1}", "kk": "{t}: орташа жылдық өсу, {y0}–{y1}",
             "ru": "{t}: среднегодовой рост, {y0}–{y1}"},
}
#: Population density has its own name in every language.
_DENSITY = {"en": "Population density", "kk": "Халық тығыздығы", "ru": "Плотность населения"}

#: Units as the statistics name them (``attrs["units"]``), in each language.
UNITS: dict[str, dict[str, str]] = {
    "thousand KZT": {"en": "thousand KZT", "kk": "мың теңге", "ru": "тыс. тенге"},
    "million KZT (current prices)": {"en": "million KZT (current prices)",
                                     "kk": "млн теңге (ағымдағы бағамен)", "ru": "млн тенге (в текущих ценах)"},
    "KZT per month": {"en": "KZT per month", "kk": "теңге/ай", "ru": "тенге в месяц"},
    "USD (at NBK average rate)": {"en": "USD (at NBK average rate)",
                                  "kk": "АҚШ доллары (ҰБ орташа бағамы бойынша)",
                                  "ru": "долл. США (по среднему курсу НБК)"},
    "thousand persons": {"en": "thousand persons", "kk": "мың адам", "ru": "тыс. человек"},
    "persons": {"en": "persons", "kk": "адам", "ru": "человек"},
    "persons per km²": {"en": "persons per km²", "kk": "адам/км²", "ru": "чел./км²"},
    "km2": {"en": "km²", "kk": "км²", "ru": "км²"},
    "%": {"en": "%", "kk": "%", "ru": "%"},
    "% per year": {"en": "% per year", "kk": "жылына %", "ru": "% в год"},
    "national = 100": {"en": "Kazakhstan = 100", "kk": "Қазақстан = 100", "ru": "Казахстан = 100"},
}

#: Categories drawn by categorical maps (typology, LISA clusters, programme zones), keyed by
#: the English key the analysis functions write.
CATEGORIES: dict[str, dict[str, str]] = {
    # typology (kzregions.analysis.TYPES)
    "growth pole": {"en": "Growth pole", "kk": "Өсу полюсі", "ru": "Полюс роста"},
    "depressed": {"en": "Depressed", "kk": "Депрессиялық", "ru": "Депрессивный"},
    "pioneer": {"en": "Pioneer", "kk": "Жаңадан игерілетін", "ru": "Пионерный"},
    "stagnating": {"en": "Stagnating", "kk": "Тоқыраған", "ru": "Стагнирующий"},
    "catching up": {"en": "Catching up", "kk": "Қуып жетуші", "ru": "Догоняющий"},
    "developed/stable": {"en": "Developed / stable", "kk": "Дамыған / тұрақты", "ru": "Развитый / стабильный"},
    "unclassified": {"en": "Unclassified", "kk": "Жіктелмеген", "ru": "Не классифицирован"},
    # LISA clusters (kzregions.spatial.LISA_COLORS)
    "High-High": {"en": "High – high", "kk": "Жоғары – жоғары", "ru": "Высокий – высокий"},
    "Low-Low": {"en": "Low – low", "kk": "Төмен – төмен", "ru": "Низкий – низкий"},
    "High-Low": {"en": "High – low", "kk": "Жоғары – төмен", "ru": "Высокий – низкий"},
    "Low-High": {"en": "Low – high", "kk": "Төмен – жоғары", "ru": "Низкий – высокий"},
    "Not significant": {"en": "Not significant", "kk": "Мәнді емес", "ru": "Незначимый"},
    # programme zones (kzregions/datasets/*_zones.csv, the key before the bracket)
    "ecological_disaster": {"en": "Ecological disaster zone", "kk": "Экологиялық апат аймағы",
                            "ru": "Зона экологической катастрофы"},
    "ecological_crisis": {"en": "Ecological crisis zone", "kk": "Экологиялық дағдарыс аймағы",
                          "ru": "Зона экологического кризиса"},
    "ecological_pre_crisis": {"en": "Ecological pre-crisis zone", "kk": "Экологиялық дағдарыс алды аймағы",
                              "ru": "Зона экологического предкризисного состояния"},
    "extreme_radiation_risk": {"en": "Extreme radiation risk zone", "kk": "Төтенше радиациялық қатер аймағы",
                               "ru": "Зона чрезвычайного радиационного риска"},
    "maximum_radiation_risk": {"en": "Maximum radiation risk zone", "kk": "Ең жоғары радиациялық қатер аймағы",
                               "ru": "Зона максимального радиационного риска"},
    "increased_radiation_risk": {"en": "Increased radiation risk zone", "kk": "Жоғары радиациялық қатер аймағы",
                                 "ru": "Зона повышенного радиационного риска"},
    "minimum_radiation_risk": {"en": "Minimum radiation risk zone", "kk": "Ең төменгі радиациялық қатер аймағы",
                               "ru": "Зона минимального радиационного риска"},
    "privileged_socioeconomic_status": {
        "en": "Territory with privileged socio-economic status",
        "kk": "Жеңілдікті әлеуметтік-экономикалық мәртебесі бар аумақ",
        "ru": "Территория с льготным социально-экономическим статусом"},
    "monotown": {"en": "Single-industry town", "kk": "Моноқала", "ru": "Моногород"},
    # natural zones (kz.natural_zones(), geokz kaz_zones.csv: keyed by its English name; Kazakh
    # and Russian as the source gives them, except the dry-steppe zone, whose Kazakh name the
    # source leaves empty: "құрғақ дала", dry steppe, formed as its "дала" and "жартылай шөл")
    "Desert": {"en": "Desert", "kk": "Шөл", "ru": "Пустынная"},
    "Dry-steppe": {"en": "Dry-steppe", "kk": "Құрғақ дала", "ru": "Сухостепная"},
    "Foothill-desert-steppe": {"en": "Foothill-desert-steppe", "kk": "Тау етегі-шөл-дала",
                               "ru": "Предгорно-пустынно-степная"},
    "Semi-desert": {"en": "Semi-desert", "kk": "Жартылай шөл", "ru": "Полупустынная"},
    "South Siberian mountain and foothill": {"en": "South Siberian mountain and foothill",
                                             "kk": "Оңтүстік Сібір тауы мен тау бөктері",
                                             "ru": "Южно-Сибирская горная и предгорная"},
    "Steppe": {"en": "Steppe", "kk": "Дала", "ru": "Степная"},
}

#: Titles of the programmes of the catalogue (``kz.programmes()``), by id.
PROGRAMME_TITLES: dict[str, dict[str, str]] = {
    "aral_sea": {"en": "Aral Sea region: zones of ecological disaster, crisis and pre-crisis",
                 "kk": "Арал өңірі: экологиялық апат, дағдарыс және дағдарыс алды аймақтары",
                 "ru": "Приаралье: зоны экологической катастрофы, кризиса и предкризисного состояния"},
    "semipalatinsk": {"en": "Semipalatinsk nuclear test site: zones of radiation risk and privileged status",
                      "kk": "Семей ядролық сынақ полигоны: радиациялық қатер және жеңілдікті мәртебе аймақтары",
                      "ru": "Семипалатинский испытательный ядерный полигон: зоны радиационного риска "
                            "и льготного статуса"},
    "monotowns": {"en": "Single-industry towns (monotowns) of the Monotowns Development Programme 2012-2020",
                  "kk": "Моноқалаларды дамытудың 2012–2020 жылдарға арналған бағдарламасының моноқалалары",
                  "ru": "Моногорода Программы развития моногородов на 2012–2020 годы"},
    "sez": {"en": "Special economic zones", "kk": "Арнайы экономикалық аймақтар",
            "ru": "Специальные экономические зоны"},
    "depressed_1999": {"en": "Districts with a depressed economy (1999)",
                       "kk": "Экономикасы депрессиялық аудандар (1999)",
                       "ru": "Районы с депрессивной экономикой (1999)"},
}


PROGRAMME_TITLES.update(PROGRAMME_TITLES_EXTRA)
CATEGORIES.update(ZONE_NAMES_EXTRA)


def indicator_title(column: str, lang: str = "en") -> str | None:
    """The title of an indicator column in ``lang``, or None if the catalogue does not know it.

    Derived columns (``<col>_density``, ``<col>_index``, ``<col>_share``,
    ``<col>_per_capita``, ``<ind>_cagr_<y0>_<y1>``) are titled from their base indicator.

    Examples
    --------
    >>> indicator_title("population_start_of_year_density", "ru")
    'Плотность населения'
    """
    import re

    check_lang(lang)
    if column in INDICATOR_TITLES:
        return INDICATOR_TITLES[column][lang]
    if column in sdg_titles():  # the SDG series carry their titles in three languages
        return sdg_titles()[column][lang]
    m = re.fullmatch(r"(.+)_cagr_(\d{4})_(\d{4})", column)
    if m:
        base = indicator_title(m.group(1), lang)
        return None if base is None else _DERIVED["cagr"][lang].format(t=base, y0=m.group(2), y1=m.group(3))
    for suffix in ("per_capita", "density", "index", "share"):
        if column.endswith("_" + suffix):
            stem = column[: -len(suffix) - 1]
            if suffix == "density" and "population" in stem and "urban" not in stem:
                return _DENSITY[lang]
            base = indicator_title(stem, lang)
            if base is None:
                return None
            t = base if suffix != "per_capita" or lang != "kk" else base[0].lower() + base[1:]
            return _DERIVED[suffix][lang].format(t=t)
    return None


def unit_text(unit: str | None, lang: str = "en") -> str | None:
    """A unit (as the statistics write it) in ``lang``; unknown units are returned as given."""
    check_lang(lang)
    if unit is None:
        return None
    return UNITS.get(unit.strip(), {}).get(lang, unit)


def category(key, lang: str = "en"):
    """A category of a categorical map (typology type, LISA cluster, programme zone) in
    ``lang``; keys the table does not hold are returned unchanged. Zone keys may carry the
    source's bracketed Russian wording (``"ecological_crisis (зона ...)"``)."""
    check_lang(lang)
    if not isinstance(key, str):
        return key
    k = key.split(" (", 1)[0].strip()
    row = CATEGORIES.get(key) or CATEGORIES.get(k)
    return row[lang] if row else key


def programme_title(programme_id: str, lang: str = "en") -> str | None:
    """The title of a catalogue programme in ``lang`` (None for an id the table lacks)."""
    check_lang(lang)
    row = PROGRAMME_TITLES.get(programme_id)
    return row[lang] if row else None

# phrases of the atlas pages; {placeholders} are filled by kzregions.plotting.atlas
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
})

# issue 23: sectors (specialisation maps), EU lagging classes, shift-share and growth titles
CATEGORIES.update({
    "agriculture": {"en": "Agriculture, forestry, fishing", "kk": "Ауыл, орман және балық шаруашылығы",
                    "ru": "Сельское, лесное и рыбное хозяйство"},
    "mining": {"en": "Mining and quarrying", "kk": "Тау-кен өндірісі", "ru": "Горнодобывающая промышленность"},
    "manufacturing": {"en": "Manufacturing", "kk": "Өңдеу өнеркәсібі", "ru": "Обрабатывающая промышленность"},
    "utilities": {"en": "Electricity, gas, steam", "kk": "Электр, газ, бу", "ru": "Электроснабжение, газ, пар"},
    "rest_of_economy": {"en": "Other sectors and net taxes", "kk": "Басқа салалар және таза салықтар",
                        "ru": "Прочие отрасли и чистые налоги"},
    "industry_construction": {"en": "Industry and construction", "kk": "Өнеркәсіп және құрылыс",
                              "ru": "Промышленность и строительство"},
    "services": {"en": "Services", "kk": "Қызмет көрсету", "ru": "Услуги"},
    "low income": {"en": "Low income (< 50 %)", "kk": "Табысы төмен (< 50 %)", "ru": "Низкий доход (< 50 %)"},
    "low growth": {"en": "Low growth (≤ 90 %, not converging)", "kk": "Өсуі баяу (≤ 90 %, жақындамайды)",
                   "ru": "Низкий рост (≤ 90 %, без сближения)"},
    "not lagging": {"en": "Not lagging", "kk": "Артта қалмаған", "ru": "Не отстающий"},
})
# the panel indicators of issue 23 (English as in kzregions._sectors.INDICATORS; the section letters
# of the classifier of economic activities stay out of the kk/ru titles, which maps print)
INDICATOR_TITLES.update({
    "grp_volume_index": {"en": "GRP volume index", "kk": "ЖӨӨ нақты көлем индексі",
                         "ru": "Индекс физического объёма ВРП"},
    "employed_agriculture": {"en": "Employed in agriculture, forestry and fishing",
                             "kk": "Ауыл, орман және балық шаруашылығында жұмыспен қамтылғандар",
                             "ru": "Занятые в сельском, лесном и рыбном хозяйстве"},
    "employed_industry_construction": {"en": "Employed in industry and construction",
                                       "kk": "Өнеркәсіп пен құрылыста жұмыспен қамтылғандар",
                                       "ru": "Занятые в промышленности и строительстве"},
    "employed_services": {"en": "Employed in services", "kk": "Қызмет көрсету саласында жұмыспен қамтылғандар",
                          "ru": "Занятые в сфере услуг"},
    "gva_agriculture": {"en": "Gross value added: agriculture, forestry, fishing (A)",
                        "kk": "Жалпы қосылған құн: ауыл, орман және балық шаруашылығы",
                        "ru": "Валовая добавленная стоимость: сельское, лесное и рыбное хозяйство"},
    "gva_mining": {"en": "Gross value added: mining and quarrying (B)",
                   "kk": "Жалпы қосылған құн: тау-кен өндірісі",
                   "ru": "Валовая добавленная стоимость: горнодобывающая промышленность"},
    "gva_manufacturing": {"en": "Gross value added: manufacturing (C)",
                          "kk": "Жалпы қосылған құн: өңдеу өнеркәсібі",
                          "ru": "Валовая добавленная стоимость: обрабатывающая промышленность"},
    "gva_utilities": {"en": "Gross value added: electricity, gas, steam (D)",
                      "kk": "Жалпы қосылған құн: электр, газ, бу",
                      "ru": "Валовая добавленная стоимость: электроснабжение, газ, пар"},
    "grp_rest_of_economy": {"en": "GRP less sections A-D (sections E-S plus net taxes on products)",
                            "kk": "Басқа салалардың ЖӨӨ-сі және өнімдерге таза салықтар",
                            "ru": "ВРП прочих отраслей и чистые налоги на продукты"},
})
UNITS.update({
    "% of previous year (constant prices)": {"en": "% of previous year (constant prices)",
                                             "kk": "алдыңғы жылға % (салыстырмалы бағамен)",
                                             "ru": "% к предыдущему году (в сопоставимых ценах)"},
})
_TEXT.update({
    "specialisation_title": {"en": "Sector of highest specialisation (location quotient), {year}",
                             "kk": "Ең жоғары мамандану саласы (оқшаулану коэффициенті), {year}",
                             "ru": "Отрасль наибольшей специализации (коэффициент локализации), {year}"},
    "shift_share_title": {"en": "Regional shift in employment, {start}–{end}",
                          "kk": "Жұмыспен қамтудың өңірлік ығысуы, {start}–{end}",
                          "ru": "Региональный сдвиг занятости, {start}–{end}"},
    "shift_share_unit": {"en": "% of employment in {start}", "kk": "{start} жылғы жұмыспен қамтудың %",
                         "ru": "% занятости {start} г."},
    "lagging_title": {"en": "Lagging regions (EU rules, real growth {start}–{end})",
                      "kk": "Артта қалған өңірлер (ЕО ережелері, нақты өсу {start}–{end})",
                      "ru": "Отстающие регионы (правила ЕС, реальный рост {start}–{end})"},

})

# ----------------------------------------------------------------------------- issue 24 (maps as printed)
_TEXT.update({
    # legend titles of categorical maps, by the column kzregions writes
    "legend_zone": {"en": "Zone", "kk": "Аймақ", "ru": "Зона"},
    "legend_cluster": {"en": "Local Moran cluster", "kk": "Жергілікті Моран кластері",
                       "ru": "Кластер локального индекса Морана"},
    "legend_type": {"en": "Type of region", "kk": "Өңір типі", "ru": "Тип региона"},
    # the LISA map's subtitle: what the clusters were tested with, and the global test
    "lisa_subtitle": {
        "en": "Clusters significant at p < {alpha} ({perm} permutations, queen contiguity). Global Moran's I = "
              "{moran}, p = {p}",
        "kk": "p < {alpha} деңгейінде мәнді кластерлер ({perm} пермутация, ферзь көршілестігі). Жаһандық "
              "Моран I = {moran}, p = {p}",
        "ru": "Кластеры, значимые при p < {alpha} ({perm} перестановок, смежность ферзя). Глобальный индекс "
              "Морана I = {moran}, p = {p}",
    },
    "lisa_not_significant": {
        "en": "the global test is not significant: read the clusters with care",
        "kk": "жаһандық тест мәнді емес: кластерлерді сақтықпен түсіндіріңіз",
        "ru": "глобальный тест не значим: кластеры следует толковать осторожно",
    },
    # proportional symbols
    "symbol_legend_note": {"en": "Circle area proportional to the value",
                           "kk": "Дөңгелек ауданы мәнге пропорционал",
                           "ru": "Площадь круга пропорциональна значению"},
    "no_symbol": {"en": "No data (no circle)", "kk": "Деректер жоқ (дөңгелек жоқ)",
                  "ru": "Нет данных (без круга)"},
    "water": {"en": "Lakes and seas: Natural Earth", "kk": "Көлдер мен теңіздер: Natural Earth",
              "ru": "Озёра и моря: Natural Earth"},
    "aral_shoreline": {"en": "Aral Sea shoreline as in Natural Earth, not of a given year",
                       "kk": "Арал теңізінің жағалау сызығы Natural Earth бойынша, белгілі бір жылғы емес",
                       "ru": "Береговая линия Аральского моря по Natural Earth, не на определённый год"},
})

#: Water bodies and neighbouring countries as named on the maps (keys of the shipped context
#: layer, kzregions/datasets/context_natural_earth.csv.gz).
CONTEXT_NAMES: dict[str, dict[str, str]] = {
    "caspian": {"en": "Caspian Sea", "kk": "Каспий теңізі", "ru": "Каспийское море"},
    "aral": {"en": "Aral Sea", "kk": "Арал теңізі", "ru": "Аральское море"},
    "balkhash": {"en": "Lake Balkhash", "kk": "Балқаш көлі", "ru": "озеро Балхаш"},
    "zaysan": {"en": "Lake Zaysan", "kk": "Зайсан көлі", "ru": "озеро Зайсан"},
    "alakol": {"en": "Lake Alakol", "kk": "Алакөл", "ru": "озеро Алаколь"},
    "tengiz": {"en": "Lake Tengiz", "kk": "Теңіз көлі", "ru": "озеро Тенгиз"},
    "issyk_kul": {"en": "Issyk-Kul", "kk": "Ыстықкөл", "ru": "Иссык-Куль"},
    "RUS": {"en": "Russia", "kk": "Ресей", "ru": "Россия"},
    "CHN": {"en": "China", "kk": "Қытай", "ru": "Китай"},
    "KGZ": {"en": "Kyrgyzstan", "kk": "Қырғызстан", "ru": "Кыргызстан"},
    "UZB": {"en": "Uzbekistan", "kk": "Өзбекстан", "ru": "Узбекистан"},
    "TKM": {"en": "Turkmenistan", "kk": "Түрікменстан", "ru": "Туркменистан"},
    "MNG": {"en": "Mongolia", "kk": "Моңғолия", "ru": "Монголия"},
    "TJK": {"en": "Tajikistan", "kk": "Тәжікстан", "ru": "Таджикистан"},
    "AZE": {"en": "Azerbaijan", "kk": "Әзірбайжан", "ru": "Азербайджан"},
    "IRN": {"en": "Iran", "kk": "Иран", "ru": "Иран"},
    "AFG": {"en": "Afghanistan", "kk": "Ауғанстан", "ru": "Афганистан"},
}


def category_title(column: str, lang: str = "en") -> str | None:
    """The legend title of a categorical map of a column kzregions writes (``zone``,
    ``cluster``, ``type``, ``dominant_sector``), or None for other columns."""
    check_lang(lang)
    row = _TEXT.get(f"legend_{column}") or RESULT_TITLES.get(column)  # dominant_sector, largest_sector
    return row[lang] if row else None


def context_name(key: str, lang: str = "en") -> str | None:
    """A water body or neighbouring country (key of the context layer) in ``lang``."""
    check_lang(lang)
    row = CONTEXT_NAMES.get(key)
    return row[lang] if row else None

# the context line of the source note now covers the water drawn too (issue 24)
_TEXT.update({
    "context": {"en": "Neighbouring countries, seas and lakes: Natural Earth (the Aral Sea's shoreline is that of "
                      "the Natural Earth release, not of a given year)",
                "kk": "Көрші елдер, теңіздер мен көлдер: Natural Earth (Арал теңізінің жағалауы белгілі бір "
                      "жылғы емес, Natural Earth нұсқасы бойынша)",
                "ru": "Соседние страны, моря и озёра: Natural Earth (береговая линия Аральского моря — по "
                      "выпуску Natural Earth, а не на определённый год)"},
})

# region building (issue 22): legend titles and notebook map text
_TEXT.update({
    "homogeneous_region": {"en": "Homogeneous region", "kk": "Біртекті өңір", "ru": "Однородный регион"},
    "catchment": {"en": "Catchment area", "kk": "Тартылыс аймағы", "ru": "Зона тяготения"},
    "functional_region": {"en": "Functional region", "kk": "Функционалдық өңір", "ru": "Функциональный регион"},
    "functional_title": {"en": "Functional regions: {n}", "kk": "Функционалдық өңірлер: {n}",
                         "ru": "Функциональные регионы: {n}"},
    "homogeneous_title": {"en": "Homogeneous regions: {n}", "kk": "Біртекті өңірлер: {n}",
                          "ru": "Однородные регионы: {n}"},
    "synthetic_flows": {"en": "Flows: synthetic gravity model (no origin-destination matrix is published "
                              "for Kazakhstan)",
                        "kk": "Ағындар: синтетикалық гравитациялық модель (Қазақстан үшін бастау-баратын "
                              "жер матрицасы жарияланбаған)",
                        "ru": "Потоки: синтетическая гравитационная модель (матрица корреспонденций для "
                              "Казахстана не публикуется)"},
})

# issue 24: typology maps say which indicator and years they type
_TEXT.update({
    "types_title_of": {
        "en": "Types of regions by {what}: level in {end}, growth {start}–{mid}–{end}",
        "kk": "{what} бойынша өңірлер типтері: {end} жылғы деңгей, {start}–{mid}–{end} жылдардағы өсу",
        "ru": "Типы регионов по показателю «{what}»: уровень {end} г., рост {start}–{mid}–{end} гг."},
})
_TEXT.update({
    "insets_scale": {"en": "City insets at 1:{scale}", "kk": "Қалалардың қосымша карталары, масштабы 1:{scale}",
                     "ru": "Врезки городов: масштаб 1:{scale}"},
})

# the interactive map's scale bar (issue 24): metres below a kilometre
_TEXT.update({"m": {"en": "m", "kk": "м", "ru": "м"}})

# --- issue 26: what the command line prints, in the language of --lang ---------------------
_TEXT.update({
    "cli_report_head": {
        "en": "join report ({key}): {matched} of {n_units} units got a row; {matched} of {n_rows} rows joined",
        "kk": "біріктіру есебі ({key}): {n_units} бірліктің {matched} бірлігі жол алды; {n_rows} жолдың {matched} "
              "жолы біріктірілді",
        "ru": "отчёт о соединении ({key}): строку получили {matched} из {n_units} единиц; соединены {matched} из "
              "{n_rows} строк"},
    "cli_report_units": {"en": "{n} units without a row (left empty)", "kk": "жолы жоқ {n} бірлік (бос қалды)",
                         "ru": "{n} единиц без строки (оставлены пустыми)"},
    "cli_report_rows": {"en": "{n} rows that joined no unit", "kk": "ешбір бірлікке қосылмаған {n} жол",
                        "ru": "{n} строк, не соединённых ни с одной единицей"},
    "cli_report_more": {"en": "... {n} more", "kk": "... тағы {n}", "ru": "... ещё {n}"},
    "cli_row": {"en": "row", "kk": "жол", "ru": "строка"},
    "why_no_row": {"en": "no row in the table", "kk": "кестеде жол жоқ", "ru": "в таблице нет строки"},
    "why_national": {"en": "national total, not a unit", "kk": "ел бойынша жиынтық, аумақтық бірлік емес",
                     "ru": "итог по стране, не единица"},
    "why_rows_on": {"en": "rows exist on {vs} boundaries only; the unit is not the same on {v} boundaries",
                    "kk": "жолдар тек {vs} жылғы шекаралар бойынша бар; бірлік {v} жылғы шекараларда басқа",
                    "ru": "строки есть только в границах {vs} года; в границах {v} года единица другая"},
    "why_measured_on": {"en": "measured on {v} boundaries, where this unit is not the same as on {lv} boundaries",
                        "kk": "{v} жылғы шекаралар бойынша өлшенген, онда бұл бірлік {lv} жылғы шекаралардағыдай "
                              "емес",
                        "ru": "измерено в границах {v} года, где эта единица не та же, что в границах {lv} года"},
    "fix_to_vintage": {"en": "carry it with kz.to_vintage", "kk": "kz.to_vintage арқылы көшіріңіз",
                       "ru": "перенесите её с помощью kz.to_vintage"},
    "fix_2017": {"en": "attach it to kz.oblasts(2017), the pre-2018 set",
                 "kk": "оны kz.oblasts(2017) жиынына, 2018 жылға дейінгі шекараларға қосыңыз",
                 "ru": "присоедините её к kz.oblasts(2017), набору границ до 2018 года"},
    "cli_atlas_wrote": {"en": "wrote {path}: cover + {n} sheets ({vintage} boundaries, {year})",
                        "kk": "{path} жазылды: мұқаба + {n} парақ ({vintage} жылғы шекаралар, {year})",
                        "ru": "записан {path}: обложка + {n} листов (границы {vintage} года, {year})"},
    "cli_images": {"en": "{n} {fmt} pages in {folder}", "kk": "{folder} ішінде {n} {fmt} бет",
                   "ru": "{n} страниц {fmt} в {folder}"},
    "cli_error": {"en": "kzregions: error: {msg}", "kk": "kzregions: қате: {msg}", "ru": "kzregions: ошибка: {msg}"},
    # issue 24 item 6: a count is no choropleth, the CLI atlas maps its density
    "cli_atlas_density": {"en": "{name} is a count: coloured as it is it would show how large each district is, "
                                "so the atlas maps its density ({unit})",
                          "kk": "{name} — абсолют сан: түспен берілсе, әр ауданның көлемін көрсетер еді, "
                                "сондықтан атлас оның тығыздығын көрсетеді ({unit})",
                          "ru": "{name} — абсолютный показатель: в цвете он показал бы размер районов, "
                                "поэтому атлас показывает его плотность ({unit})"},
    "title_population_start_of_year_density": {"en": "Population density on 1 January {year}",
                                               "kk": "{year} жылғы 1 қаңтардағы халық тығыздығы",
                                               "ru": "Плотность населения на 1 января {year} г."},
})

# a join row whose KATO code is a district of the classifier without a polygon (Sauran): the
# reason the join report gives, as the command line prints it
_TEXT.update({
    "why_no_polygon": {
        "en": "{name} (KATO {kato}) of the KATO classifier of 17.10.2022 has no polygon in the boundary data",
        "kk": "{name} (ӘАОЖ {kato}) 17.10.2022 жылғы ӘАОЖ жіктеуішінде бар, бірақ шекара деректерінде оның "
              "полигоны жоқ",
        "ru": "{name} (КАТО {kato}) есть в классификаторе КАТО от 17.10.2022, но не имеет полигона в данных о "
              "границах"},
})

# issue 24 (review, helper fa): maps of built regions say how they were built (the methods with
# a name of their own in kk/ru: REGION_TEXT in _i18n_extra, merged below)
_TEXT.update({
    "region_method_nearest": {"en": "nearest centre", "kk": "ең жақын орталық", "ru": "ближайший центр"},
    "region_method_reilly": {"en": "Reilly's law", "kk": "Рейли заңы", "ru": "закон Рейли"},
    "region_method_huff": {"en": "Huff model", "kk": "Хафф моделі", "ru": "модель Хаффа"},
    "regions_by": {"en": "by {what}", "kk": "көрсеткіш: {what}", "ru": "по показателю: {what}"},
    "regions_attraction": {"en": "attraction: {what}", "kk": "тартылыс: {what}", "ru": "притяжение: {what}"},
    "regions_year": {"en": "{year} data", "kk": "{year} жылғы деректер", "ru": "данные {year} г."},
    "regions_floor": {"en": "at least {floor} ({what}) per region", "kk": "әр өңірде кемінде {floor} ({what})",
                      "ru": "не менее {floor} ({what}) в регионе"},
    "region_centre": {"en": "Centre", "kk": "Орталық", "ru": "Центр"},
})

# the atlas cover counts its sheets in words that agree with the number (issue 24)
_TEXT.update({
    "atlas_of_oblasts": {"en": "Atlas of oblasts", "kk": "Облыстар атласы", "ru": "Атлас областей"},
    "atlas_of_zones": {"en": "Atlas of zones", "kk": "Аймақтар атласы", "ru": "Атлас зон"},
})
#: Forms of a counted noun: English one/other; Russian one (1, 21, 101), few (2-4, 22-24)
#: and many (0, 5-20, 11-14, 25...); Kazakh keeps the noun singular after a numeral.
COUNTED: dict[str, dict[str, tuple[str, ...]]] = {
    "sheets": {"en": ("{n} sheet", "{n} sheets"), "kk": ("{n} парақ",),
               "ru": ("{n} лист", "{n} листа", "{n} листов")},
}


def count_phrase(key: str, n: int, lang: str = "en") -> str:
    """``n`` and the noun ``key`` in the form the number takes in ``lang`` ("1 лист",
    "3 листа", "11 листов", "3 sheets", "3 парақ")."""
    forms = COUNTED[key][check_lang(lang)]
    n = int(n)
    if lang == "ru":
        i = 0 if n % 10 == 1 and n % 100 != 11 else 1 if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else 2
    elif lang == "en":
        i = 0 if n == 1 else 1
    else:
        i = 0
    return forms[i].format(n=n)
_TEXT.update({
    "cli_atlas_wrote_n": {"en": "wrote {path}: cover + {sheets} ({vintage} boundaries, {year})",
                          "kk": "{path} жазылды: мұқаба + {sheets} ({vintage} жылғы шекаралар, {year})",
                          "ru": "записан {path}: обложка + {sheets} (границы {vintage} года, {year})"},
})

# issue 24 item 3: legend titles of the columns the shift-share table writes (its components and
# totals, in the unit of the table it was computed from), so kk/ru maps of them print no raw key
COLUMN_TITLES: dict[str, dict[str, str]] = {
    "national_share": {"en": "National share component", "kk": "Ұлттық өсу құрамдасы",
                       "ru": "Национальная составляющая"},
    "industry_mix": {"en": "Industry-mix component", "kk": "Салалық құрылым құрамдасы",
                     "ru": "Отраслевая составляющая"},
    "regional_shift": {"en": "Regional shift component", "kk": "Өңірлік ығысу құрамдасы",
                       "ru": "Региональная составляющая"},
    "regional_shift_pct": {"en": "Regional shift, % of the start total",
                           "kk": "Өңірлік ығысу, бастапқы жиынтықтың %",
                           "ru": "Региональный сдвиг, % от начального итога"},
    "change": {"en": "Change, end minus start", "kk": "Өзгеріс, соңы минус басы",
               "ru": "Изменение, конец минус начало"},
}


def column_title(column: str, lang: str = "en") -> str | None:
    """A legend title for a column kzregions writes: an indicator of the catalogue (see
    :func:`indicator_title`), a shift-share column or a sector of a specialisation table
    (location quotients, shares), in ``lang``; None for columns it does not know.

    Examples
    --------
    >>> column_title("regional_shift_pct", "ru")
    'Региональный сдвиг, % от начального итога'
    >>> column_title("mining", "kk")
    'Тау-кен өндірісі'
    """
    t = indicator_title(column, lang)
    if t is not None:
        return t
    row = COLUMN_TITLES.get(column) or RESULT_TITLES.get(column) or CATEGORIES.get(column)
    return row[lang] if row else None

# issue 24 item 7: contiguous class labels ("2 – 5", "5 – 10") state once which class a shared bound is in
_TEXT.update({
    "upper_bound_included": {"en": "each class includes its upper bound",
                             "kk": "әр класқа оның жоғарғы шегі кіреді",
                             "ru": "верхняя граница входит в класс"},
})

# issue 24 item 4: programme members of which only part is in the zone (hatched on zone maps)
_TEXT.update({
    "partial_members": {"en": "partially included (only some okrugs/settlements)",
                        "kk": "ішінара енгізілген (тек кейбір округтер/елді мекендер)",
                        "ru": "включены частично (только некоторые округа/населённые пункты)"},
})

# issue 24 (round 2): the methods as the field names them in Kazakh and Russian, and "and"
# for zone maps of several boundary sets (tables in _i18n_extra: this module is at its limit)
_TEXT.update(REGION_TEXT)
COUNTED["units"] = {"en": ("{n} unit", "{n} units"), "kk": ("{n} бірлік",),
                    "ru": ("{n} единица", "{n} единицы", "{n} единиц")}
