"""Error messages a user's input can cause, in English, Kazakh and Russian (issue 26).

An error raised from user input is made by :func:`keyed`: it carries the key of its message and
the values the message is filled in with (``exc.key``, ``exc.params``); its text, the one the
library API shows, is the English message. The command line prints :func:`translate` of it in
the language of ``--lang``. Values (the user's input, names, codes, years, paths) are filled in
as given; only the words around them are translated.

A separate module rather than more rows of ``_i18n``: that table is near the module size limit,
and error messages change with the code that raises them, so they live in a table of their own.
"""

from __future__ import annotations

from typing import TypeVar

from .errors import KzRegionsError

E = TypeVar("E", bound=KzRegionsError)

_FIX_DATA = {
    "en": "Fix: point KZREGIONS_DATA_DIR at a folder holding the geokz files (e.g. export "
          "KZREGIONS_DATA_DIR=/path/to/geokz), or run `kzregions data fetch` once while online to fill the cache.",
    "kk": "Түзету: KZREGIONS_DATA_DIR айнымалысын geokz файлдары бар қалтаға бағыттаңыз (мысалы, export "
          "KZREGIONS_DATA_DIR=/path/to/geokz) немесе кэшті толтыру үшін желіге қосылып тұрып "
          "`kzregions data fetch` командасын бір рет орындаңыз.",
    "ru": "Исправление: укажите в KZREGIONS_DATA_DIR папку с файлами geokz (например, export "
          "KZREGIONS_DATA_DIR=/path/to/geokz) или один раз выполните `kzregions data fetch` при "
          "подключении к сети, чтобы заполнить кэш.",
}
_VINTAGE = {
    "en": "vintage {vintage!r} is not a boundary set. Available: 2018 (19 June 2018 - 7 June 2022); "
          "2024 (since 8 June 2022).",
    "kk": "{vintage!r} шекаралар жиынтығы жоқ. Бар жиынтықтар: 2018 (2018 ж. 19 маусым - 2022 ж. 7 маусым); "
          "2024 (2022 ж. 8 маусымнан бастап).",
    "ru": "набора границ {vintage!r} нет. Есть: 2018 (19 июня 2018 - 7 июня 2022); 2024 (с 8 июня 2022).",
}
_MISSING_FILE = {
    "en": "boundary file {name} not found; looked in: {looked}; not downloaded because ",
    "kk": "{name} шекара файлы табылмады; қаралған орындар: {looked}; жүктелмеді, себебі ",
    "ru": "файл границ {name} не найден; искали в: {looked}; не загружен, потому что ",
}
_FORMATS = {"en": "; use one of {formats}", "kk": "; мыналардың бірін қолданыңыз: {formats}",
            "ru": "; используйте одно из: {formats}"}
_EXISTING = {"en": "; write into an existing folder", "kk": "; бар қалтаға жазыңыз",
             "ru": "; пишите в существующую папку"}


def _join(*parts: dict[str, str]) -> dict[str, str]:
    return {lang: "".join(p[lang] for p in parts) for lang in ("en", "kk", "ru")}


#: key -> language -> a ``str.format`` template; the same placeholders in every language (tested)
MESSAGES: dict[str, dict[str, str]] = {
    # an indicator of the catalogue (kz.indicators()); ``close`` is the list of the closest names
    "unknown_indicator": {
        "en": "no indicator {indicator!r} at level {level}; closest: {close}. kz.indicators() lists them all.",
        "kk": "{level}-деңгейде {indicator!r} көрсеткіші жоқ; ең жақындары: {close}. Барлығын "
              "kz.indicators() тізіп береді.",
        "ru": "показателя {indicator!r} на уровне {level} нет; ближайшие: {close}. Все их перечисляет "
              "kz.indicators().",
    },
    "unknown_indicator_none": {
        "en": "no indicator {indicator!r} at level {level}, and none with a close name. kz.indicators() "
              "lists them all.",
        "kk": "{level}-деңгейде {indicator!r} көрсеткіші де, атауы ұқсас көрсеткіш те жоқ. Барлығын "
              "kz.indicators() тізіп береді.",
        "ru": "показателя {indicator!r} на уровне {level} нет, нет и показателя с похожим названием. Все их "
              "перечисляет kz.indicators().",
    },
    "level": {
        "en": "level {level!r} is not 1 (oblasts), 2 (districts) or their names ('oblast', 'district')",
        "kk": "{level!r} деңгейі 1 (облыстар), 2 (аудандар) немесе олардың атаулары ('oblast', 'district') емес",
        "ru": "уровень {level!r} - не 1 (области), не 2 (районы) и не их названия ('oblast', 'district')",
    },
    "vintage": _VINTAGE,
    "vintage_2017": _join(_VINTAGE, {
        "en": " The pre-2018 set (with South Kazakhstan) exists for oblasts only, derived from the 2018 "
              "polygons: kz.oblasts(2017).",
        "kk": " 2018 жылға дейінгі жиынтық (Оңтүстік Қазақстан облысымен) тек облыстар үшін бар, ол 2018 "
              "жылғы полигондардан алынған: kz.oblasts(2017).",
        "ru": " Набор до 2018 года (с Южно-Казахстанской областью) есть только для областей, он получен "
              "из полигонов 2018 года: kz.oblasts(2017).",
    }),
    "vintage_year": _join(_VINTAGE, {
        "en": " Boundaries in force in {year}: vintage={in_force}.",
        "kk": " {year} жылы қолданыста болған шекаралар: vintage={in_force}.",
        "ru": " Границы, действовавшие в {year} году: vintage={in_force}.",
    }),
    "no_districts_2017": {
        "en": "there are no district boundaries for 2017 (the pre-2018 set is derived at oblast level only); "
              "use districts(2018)",
        "kk": "2017 жылғы аудан шекаралары жоқ (2018 жылға дейінгі жиынтық тек облыс деңгейінде алынған); "
              "districts(2018) қолданыңыз",
        "ru": "границ районов 2017 года нет (набор до 2018 года получен только на уровне областей); "
              "используйте districts(2018)",
    },
    "stat_vintage": {
        "en": "vintage {vintage!r} is not a boundary set of the statistics: 2017 (until 18 June 2018, with "
              "South Kazakhstan), 2018 (19 June 2018 - 7 June 2022), 2024 (since 8 June 2022)",
        "kk": "{vintage!r} - статистиканың шекаралар жиынтығы емес: 2017 (2018 ж. 18 маусымға дейін, Оңтүстік "
              "Қазақстан облысымен), 2018 (2018 ж. 19 маусым - 2022 ж. 7 маусым), 2024 (2022 ж. 8 маусымнан бастап)",
        "ru": "{vintage!r} - не набор границ статистики: 2017 (до 18 июня 2018, с Южно-Казахстанской "
              "областью), 2018 (19 июня 2018 - 7 июня 2022), 2024 (с 8 июня 2022)",
    },
    # the command line's own checks (kzregions/cli.py)
    "no_values_on": {
        "en": "no values of {name} on {vintage} boundaries; try the other --vintage (2018 or 2024)",
        "kk": "{vintage} жылғы шекараларда {name} мәндері жоқ; басқа --vintage беріңіз (2018 немесе 2024)",
        "ru": "нет значений {name} в границах {vintage} года; укажите другой --vintage (2018 или 2024)",
    },
    "no_district_values_on": {
        "en": "no district values of {name} on {vintage} boundaries; try the other --vintage (2018 or 2024)",
        "kk": "{vintage} жылғы шекараларда {name} көрсеткішінің аудандық мәндері жоқ; басқа --vintage беріңіз "
              "(2018 немесе 2024)",
        "ru": "нет районных значений {name} в границах {vintage} года; укажите другой --vintage (2018 или 2024)",
    },
    "no_year": {
        "en": "no values of {name} for {year} on {vintage} boundaries; years: {years}",
        "kk": "{vintage} жылғы шекараларда {name} көрсеткішінің {year} жылғы мәндері жоқ; бар жылдар: {years}",
        "ru": "нет значений {name} за {year} год в границах {vintage} года; есть годы: {years}",
    },
    "format": _join({
        "en": "-o {path}: cannot tell the format from {suffix!r}",
        "kk": "-o {path}: пішімді {suffix!r} кеңейтімінен анықтау мүмкін емес",
        "ru": "-o {path}: по расширению {suffix!r} формат не определить",
    }, _FORMATS),
    "format_none": _join({
        "en": "-o {path}: no extension to tell the format from",
        "kk": "-o {path}: пішімді анықтайтын кеңейтім жоқ",
        "ru": "-o {path}: нет расширения, по которому определить формат",
    }, _FORMATS),
    "folder_missing": _join({
        "en": "-o {path}: the folder {folder!r} does not exist",
        "kk": "-o {path}: {folder!r} қалтасы жоқ",
        "ru": "-o {path}: папки {folder!r} нет",
    }, _EXISTING),
    "folder_is_file": _join({
        "en": "-o {path}: the folder {folder!r} is a file, not a folder",
        "kk": "-o {path}: {folder!r} - қалта емес, файл",
        "ru": "-o {path}: {folder!r} - файл, а не папка",
    }, _EXISTING),
    "not_writable": {
        "en": "-o {path}: cannot write there (permission denied); choose a writable folder",
        "kk": "-o {path}: онда жазу мүмкін емес (рұқсат жоқ); жазуға болатын қалтаны таңдаңыз",
        "ru": "-o {path}: туда нельзя записать (нет прав); выберите папку, доступную для записи",
    },
    # map options (kzregions/plotting/classes.py, plotting/_furniture.py, _validate.py)
    "scheme": {
        "en": "scheme={scheme!r} is not a mapclassify scheme: use one of {schemes} (any case, e.g. 'fisher_jenks')",
        "kk": "scheme={scheme!r} - mapclassify сыныптау әдісі емес: мыналардың бірін қолданыңыз: {schemes} "
              "(кез келген регистрде, мысалы 'fisher_jenks')",
        "ru": "scheme={scheme!r} - не схема mapclassify: используйте одну из: {schemes} (в любом регистре, "
              "например 'fisher_jenks')",
    },
    "k_min": {
        "en": "k={k!r}: a choropleth needs at least 2 classes (k=2 or more)",
        "kk": "k={k!r}: картограммаға кемінде 2 сынып керек (k=2 немесе одан көп)",
        "ru": "k={k!r}: картограмме нужно не меньше 2 классов (k=2 или больше)",
    },
    "paper": {
        "en": "paper={paper!r}: use one of {papers}",
        "kk": "paper={paper!r}: мыналардың бірін қолданыңыз: {papers}",
        "ru": "paper={paper!r}: используйте одно из: {papers}",
    },
    # a number out of its range (_validate.RANGES); ``what`` is translated where TERMS has it
    "range": {
        "en": "{func}(): {name}={value}: give a number from {lo} to {hi} ({what})",
        "kk": "{func}(): {name}={value}: {lo} мен {hi} аралығындағы санды беріңіз ({what})",
        "ru": "{func}(): {name}={value}: укажите число от {lo} до {hi} ({what})",
    },
    # a count or total as colours (plotting/classes.refuse_counts); ``what`` and ``unit`` via TERMS
    "extensive": {
        "en": "column {column!r} is a count or total (unit: {unit}): as {what} its colours would show how large "
              "each unit is, not how much of it there is. Map a density or a per-capita value, e.g. "
              "kz.derive(gdf, density={column!r}) then the column '{column}_density', or kz.derive(gdf, "
              "per_capita=...), or draw the counts as circles: kz.proportional_map(gdf, {column!r})",
        "kk": "{column!r} бағанасы - сан немесе жиынтық (өлшем бірлігі: {unit}): {what} ретінде оның түстері "
              "әр бірліктің қаншалықты екенін емес, қаншалықты үлкен екенін көрсетер еді. Тығыздықты немесе жан "
              "басына шаққандағы мәнді бейнелеңіз, мысалы kz.derive(gdf, density={column!r}), содан кейін "
              "'{column}_density' бағанасы, не kz.derive(gdf, per_capita=...), не сандарды шеңбер етіп "
              "салыңыз: kz.proportional_map(gdf, {column!r})",
        "ru": "столбец {column!r} - количество или итог (единица: {unit}): на {what} его цвета показали бы, "
              "насколько велика каждая единица, а не сколько в ней чего-то. Покажите плотность или значение на "
              "душу населения, например kz.derive(gdf, density={column!r}), затем столбец '{column}_density', "
              "или kz.derive(gdf, per_capita=...), или нарисуйте количества кругами: "
              "kz.proportional_map(gdf, {column!r})",
    },
    # atlas(only=...) entries that name no sheet (plotting/_sheets.py); ``entries``: Phrase objects
    "only": {
        "en": "only= names no sheet of this atlas for {n_bad} of {n} entries: {entries}. Use KATO codes or the "
              "names of the sheets ({sheets})",
        "kk": "only= тізіміндегі {n} жазбаның {n_bad} жазбасы бұл атластың ешбір парағын атамайды: {entries}. "
              "ҚАТО кодтарын немесе парақтардың атауларын қолданыңыз ({sheets})",
        "ru": "only=: записи, не называющие ни одного листа этого атласа ({n_bad} из {n}): {entries}. "
              "Используйте коды КАТО или названия листов ({sheets})",
    },
    "only_entry": {"en": "{entry!r} ({why})", "kk": "{entry!r} ({why})", "ru": "{entry!r} ({why})"},
    "only_no_sheet": {"en": "{name} ({kato}) has no sheet in this atlas",
                      "kk": "{name} ({kato}) бұл атласта парағы жоқ",
                      "ru": "у {name} ({kato}) нет листа в этом атласе"},
    "only_could_be": {"en": "could be {options}", "kk": "мынау болуы мүмкін: {options}",
                      "ru": "возможно, {options}"},
    "only_closest": {"en": "closest: {names}", "kk": "ең жақындары: {names}", "ru": "ближайшие: {names}"},
    "only_no_such": {"en": "no such sheet", "kk": "мұндай парақ жоқ", "ru": "такого листа нет"},
    # argparse's own errors (a value of the wrong type or not among the choices, a missing or extra argument)
    "arg_choice": {"en": "argument {arg}: invalid choice: {value} (choose from {choices})",
                   "kk": "{arg} аргументі: {value} мәні жарамсыз (таңдауға болатындары: {choices})",
                   "ru": "аргумент {arg}: недопустимое значение {value} (можно: {choices})"},
    "arg_type": {"en": "argument {arg}: invalid {type} value: {value}",
                 "kk": "{arg} аргументі: {value} - {type} емес",
                 "ru": "аргумент {arg}: {value} - не {type}"},
    "arg_required": {"en": "the following arguments are required: {args}",
                     "kk": "мына аргументтер міндетті: {args}",
                     "ru": "не заданы обязательные аргументы: {args}"},
    "arg_unrecognized": {"en": "unrecognized arguments: {args}", "kk": "танылмаған аргументтер: {args}",
                         "ru": "неизвестные аргументы: {args}"},
    "arg_one": {"en": "argument {arg}: expected one argument", "kk": "{arg} аргументіне бір мән керек",
                "ru": "аргументу {arg} нужно одно значение"},
    # the boundary files (kzregions/_sources.py; `kzregions data path FILE`)
    "unknown_file": {
        "en": "{name!r} is not a file of the boundary manifest (`kzregions data info` lists them)",
        "kk": "{name!r} - шекаралар манифесінің файлы емес (оларды `kzregions data info` тізіп береді)",
        "ru": "{name!r} - не файл манифеста границ (их перечисляет `kzregions data info`)",
    },
    "unknown_file_close": {
        "en": "{name!r} is not a file of the boundary manifest; closest: {close} (`kzregions data info` lists them)",
        "kk": "{name!r} - шекаралар манифесінің файлы емес; ең жақындары: {close} (оларды `kzregions data info` "
              "тізіп береді)",
        "ru": "{name!r} - не файл манифеста границ; ближайшие: {close} (их перечисляет `kzregions data info`)",
    },
    "offline": _join(_MISSING_FILE, {
        "en": "offline mode is on (KZREGIONS_OFFLINE). ",
        "kk": "офлайн режимі қосулы (KZREGIONS_OFFLINE). ",
        "ru": "включён автономный режим (KZREGIONS_OFFLINE). ",
    }, _FIX_DATA),
    "no_download": _join(_MISSING_FILE, {
        "en": "download=False. ", "kk": "download=False берілген. ", "ru": "задано download=False. ",
    }, _FIX_DATA),
    "download_failed": _join({
        "en": "boundary file {name} not found locally (looked in: {looked}) and the download from {url} "
              "failed: {reason}. ",
        "kk": "{name} шекара файлы жергілікті жерде табылмады (қаралған орындар: {looked}), ал {url} "
              "мекенжайынан жүктеу сәтсіз аяқталды: {reason}. ",
        "ru": "файл границ {name} не найден локально (искали в: {looked}), а загрузка с {url} не удалась: "
              "{reason}. ",
    }, _FIX_DATA),
}


#: English phrases filled into a message (a parameter's value), in Kazakh and Russian
TERMS: dict[str, dict[str, str]] = {
    "int": {"kk": "бүтін сан", "ru": "целое число"},
    "float": {"kk": "сан", "ru": "число"},
    "a choropleth": {"kk": "картограмма", "ru": "картограмме"},
    "an atlas": {"kk": "атлас", "ru": "атласе"},
    "a classed map": {"kk": "сыныпталған карта", "ru": "карте с классами"},
    "as the catalogue says": {"kk": "каталогтағыдай", "ru": "как в каталоге"},
    "dots per inch of images; 300 prints well": {"kk": "суреттің бір дюймдегі нүкте саны; басып шығаруға 300 жақсы",
                                                 "ru": "точек на дюйм изображения; для печати хорошо 300"},
}


class Phrase:
    """A part of a message that is a message of its own (``key`` and ``params``), said in the
    language of the message it is part of; ``str()`` is its English."""

    def __init__(self, key: str, /, **params: object) -> None:
        self.key, self.params = key, params

    def say(self, lang: str) -> str:
        return _fill(self.key, lang, self.params)

    def __str__(self) -> str:
        return self.say("en")


class OneOf(list):
    """Alternatives joined by the language's "or" (``A (1) or B (2)``)."""

    def say(self, lang: str) -> str:
        return {"en": " or ", "kk": " немесе ", "ru": " или "}[lang].join(map(str, self))

    def __str__(self) -> str:
        return self.say("en")


def _fill(key: str, lang: str, params: dict[str, object]) -> str:
    def said(v: object, name: str = "") -> object:
        if name == "unit" and isinstance(v, str) and v not in TERMS:  # "thousand persons": тыс. человек
            from ._i18n import unit_text

            return unit_text(v, lang) or v
        if isinstance(v, (Phrase, OneOf)):
            return v.say(lang)
        if isinstance(v, list) and v and all(isinstance(x, Phrase) for x in v):
            return "; ".join(x.say(lang) for x in v)
        return TERMS[v].get(lang, v) if isinstance(v, str) and v in TERMS else v

    return MESSAGES[key][lang].format(**{k: said(v, k) for k, v in params.items()})


def keyed(cls: type[E], key: str, /, *args: object, **params: object) -> E:
    """An error of class ``cls`` whose text is the English message ``key`` filled in with
    ``params``; ``args`` follow the message (e.g. ``query``, ``suggestions`` of
    :class:`~kzregions.errors.UnknownRegionError`)."""
    exc = cls(_fill(key, "en", params), *args)
    exc.key, exc.params = key, dict(params)
    return exc


def translate(exc: BaseException, lang: str) -> str | None:
    """The message of ``exc`` in ``lang``, or None for an error without a key (its text is then
    the library's English one)."""
    key = getattr(exc, "key", None)
    if key not in MESSAGES:
        return None
    return _fill(key, lang, getattr(exc, "params", {}))


#: argparse's messages (Python 3.10-3.13) and their keys; another message stays argparse's English
ARGPARSE = (
    (r"argument (?P<arg>\S+): invalid choice: (?P<value>.*) \(choose from (?P<choices>.*)\)", "arg_choice"),
    (r"argument (?P<arg>\S+): invalid (?P<type>\w+) value: (?P<value>.*)", "arg_type"),
    (r"the following arguments are required: (?P<args>.*)", "arg_required"),
    (r"unrecognized arguments: (?P<args>.*)", "arg_unrecognized"),
    (r"argument (?P<arg>\S+): expected one argument", "arg_one"),
)


def argparse_message(message: str, lang: str) -> str:
    """argparse's error ``message`` in ``lang`` where it is one of :data:`ARGPARSE`."""
    import re

    for pattern, key in ARGPARSE:
        m = re.fullmatch(pattern, message)
        if m:
            return _fill(key, lang, m.groupdict())
    return message


#: what ``kzregions data ...`` prints, in the three languages (its ``--lang``)
PHRASES: dict[str, dict[str, str]] = {
    "mirror": {"en": "mirror (KZREGIONS_DATA_DIR): {path}", "kk": "айна (KZREGIONS_DATA_DIR): {path}",
               "ru": "зеркало (KZREGIONS_DATA_DIR): {path}"},
    "not_set": {"en": "(not set)", "kk": "(берілмеген)", "ru": "(не задано)"},
    "cache": {"en": "cache  (KZREGIONS_CACHE_DIR): {path}", "kk": "кэш  (KZREGIONS_CACHE_DIR): {path}",
              "ru": "кэш  (KZREGIONS_CACHE_DIR): {path}"},
    "modes": {"en": "offline: {offline}   fast-load cache: {cache}",
              "kk": "офлайн: {offline}   жылдам жүктеу кэші: {cache}",
              "ru": "автономно: {offline}   кэш быстрой загрузки: {cache}"},
    "on": {"en": "on", "kk": "қосулы", "ru": "вкл."},
    "off": {"en": "off", "kk": "өшірулі", "ru": "выкл."},
    "yes": {"en": "yes", "kk": "иә", "ru": "да"},
    "no": {"en": "NO", "kk": "ЖОҚ", "ru": "НЕТ"},
    "file": {"en": "file", "kk": "файл", "ru": "файл"},
    "source": {"en": "source", "kk": "көзі", "ru": "источник"},
    "verified": {"en": "verified", "kk": "тексерілді", "ru": "проверен"},
    "size": {"en": "size", "kk": "көлемі", "ru": "размер"},
    # where a file was found (the ``source`` of kz.boundaries.info())
    "src_mirror": {"en": "mirror", "kk": "айна", "ru": "зеркало"},
    "src_cache": {"en": "cache", "kk": "кэш", "ru": "кэш"},
    "src_missing": {"en": "missing", "kk": "жоқ", "ru": "нет"},
    "cached_layers": {"en": "cached layers: {n}", "kk": "кэштегі қабаттар: {n}", "ru": "слоёв в кэше: {n}"},
    "fetched": {"en": "{n} files ready, all verified against the manifest",
                "kk": "{n} файл дайын, бәрі манифест бойынша тексерілді",
                "ru": "файлов готово: {n}, все проверены по манифесту"},
    "ok": {"en": "ok", "kk": "дұрыс", "ru": "в порядке"},
    "missing": {"en": "MISSING", "kk": "ЖОҚ", "ru": "НЕТ ФАЙЛА"},
    "mismatch": {"en": "CHECKSUM MISMATCH", "kk": "БАҚЫЛАУ СОМАСЫ СӘЙКЕС ЕМЕС",
                 "ru": "КОНТРОЛЬНАЯ СУММА НЕ СОВПАДАЕТ"},
    "damaged": {"en": "{bad} of {n} files missing or damaged. Fix: `kzregions data fetch` (online) or point "
                      "KZREGIONS_DATA_DIR at a good copy.",
                "kk": "{n} файлдың {bad} файлы жоқ немесе бүлінген. Түзету: `kzregions data fetch` (желіде) "
                      "немесе KZREGIONS_DATA_DIR айнымалысын дұрыс көшірмеге бағыттаңыз.",
                "ru": "файлов отсутствует или повреждено: {bad} из {n}. Исправление: `kzregions data fetch` "
                      "(в сети) или укажите в KZREGIONS_DATA_DIR исправную копию."},
    "all_match": {"en": "all {n} files match the manifest", "kk": "барлық {n} файл манифестке сәйкес",
                  "ru": "все файлы ({n}) совпадают с манифестом"},
    "removed": {"en": "removed {n} cached files", "kk": "кэштен {n} файл жойылды",
                "ru": "удалено файлов из кэша: {n}"},
}


def phrase(key: str, lang: str = "en") -> str:
    """A phrase of ``kzregions data`` in ``lang`` (a ``str.format`` template)."""
    return PHRASES[key][lang]
