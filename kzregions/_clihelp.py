"""The command line's help in English, Kazakh and Russian (``kzregions map -h --lang kk``).

Option names, choices, indicator keys and file formats stay as typed (they are what the user
types); everything else argparse prints is here, including its own words ("usage:",
"options", "show this help message and exit"). The Kazakh and Russian wordings are ours.
"""

from __future__ import annotations

#: argparse's own words, which it takes from gettext (English on every system we ship to)
WORDS: dict[str, dict[str, str]] = {
    "usage": {"en": "usage: ", "kk": "қолданылуы: ", "ru": "использование: "},
    "positionals": {"en": "positional arguments", "kk": "позициялық аргументтер", "ru": "позиционные аргументы"},
    "options": {"en": "options", "kk": "параметрлер", "ru": "параметры"},
    "help": {"en": "show this help message and exit", "kk": "осы анықтаманы көрсетіп, шығу",
             "ru": "показать эту справку и выйти"},
}

HELP: dict[str, dict[str, str]] = {
    "prog": {"en": "Spatial analysis of regional policy in Kazakhstan",
             "kk": "Қазақстандағы өңірлік саясатты кеңістіктік талдау",
             "ru": "Пространственный анализ региональной политики в Казахстане"},
    "data": {"en": "boundary data: where it is, download, verify",
             "kk": "шекаралар деректері: қайда жатыр, жүктеу, тексеру",
             "ru": "данные границ: где лежат, загрузка, проверка"},
    "lang_printed": {"en": "language of what is printed", "kk": "шығарылатын мәтіннің тілі",
                     "ru": "язык выводимого текста"},
    "info": {"en": "what is cached where", "kk": "кэште не қайда сақталған", "ru": "что где лежит в кэше"},
    "json": {"en": "machine-readable output", "kk": "машина оқитын шығыс", "ru": "машиночитаемый вывод"},
    "fetch": {"en": "download every boundary file into the cache (verified)",
              "kk": "шекаралардың барлық файлын кэшке жүктеу (тексеріліп)",
              "ru": "скачать все файлы границ в кэш (с проверкой)"},
    "quiet_bars": {"en": "no progress bars", "kk": "үдеріс жолақтарынсыз", "ru": "без индикаторов хода"},
    "path": {"en": "the folder data is read from, or the path of one file",
             "kk": "деректер оқылатын қалта немесе бір файлдың жолы",
             "ru": "папка, из которой читаются данные, или путь к одному файлу"},
    "file": {"en": "a file name from the manifest", "kk": "манифесттегі файл атауы",
             "ru": "имя файла из манифеста"},
    "verify": {"en": "re-hash every local file against the manifest",
               "kk": "әр жергілікті файлдың хешін қайта есептеп, манифестпен салыстыру",
               "ru": "пересчитать хеш каждого локального файла и сверить с манифестом"},
    "clear": {"en": "delete the fast-load cache", "kk": "жылдам жүктеу кэшін жою",
              "ru": "удалить кэш быстрой загрузки"},
    "downloads": {"en": "also delete downloaded files", "kk": "жүктелген файлдарды да жою",
                  "ru": "удалить и скачанные файлы"},
    "map": {"en": "draw a choropleth of an indicator, or a map of the units (PNG, PDF, SVG)",
            "kk": "көрсеткіштің картограммасын немесе бірліктер картасын салу (PNG, PDF, SVG)",
            "ru": "нарисовать картограмму показателя или карту единиц (PNG, PDF, SVG)"},
    "indicator_map": {"en": "a shipped indicator (kz.indicators()); none: the units",
                      "kk": "кітапханамен бірге берілетін көрсеткіш (kz.indicators()); берілмесе: бірліктер картасы",
                      "ru": "показатель из поставки (kz.indicators()); без него: карта единиц"},
    "year": {"en": "year of the indicator (default: the latest)", "kk": "көрсеткіштің жылы (әдепкі: соңғысы)",
             "ru": "год показателя (по умолчанию: последний)"},
    "scheme_map": {"en": "auto (default: quantiles with nice breaks), quantiles, equal_interval, natural_breaks, ...",
                   "kk": "auto (әдепкі: шекаралары дөңгелектелген квантильдер), quantiles, equal_interval, "
                         "natural_breaks, ...",
                   "ru": "auto (по умолчанию: квантили с округлёнными границами), quantiles, equal_interval, "
                         "natural_breaks, ..."},
    "k": {"en": "number of classes", "kk": "кластар саны", "ru": "число классов"},
    "level": {"en": "oblast (level 1, default) or district (level 2)",
              "kk": "oblast (1-деңгей, әдепкі) немесе district (2-деңгей)",
              "ru": "oblast (уровень 1, по умолчанию) или district (уровень 2)"},
    "vintage_map": {"en": "boundary set: 2024 (default) or 2018", "kk": "шекаралар жиыны: 2024 (әдепкі) немесе 2018",
                    "ru": "набор границ: 2024 (по умолчанию) или 2018"},
    "lang_map": {"en": "label language", "kk": "жазулардың тілі", "ru": "язык подписей"},
    "paper_map": {"en": "A4 (default), A3, A5, letter; landscape", "kk": "A4 (әдепкі), A3, A5, letter; альбомдық",
                  "ru": "A4 (по умолчанию), A3, A5, letter; альбомная"},
    "dpi_map": {"en": "resolution of PNG and other raster files (dots per inch)",
                "kk": "PNG және басқа растрлық файлдардың ажыратымдылығы (дюймге нүкте)",
                "ru": "разрешение PNG и других растровых файлов (точек на дюйм)"},
    "title": {"en": "title (default: the indicator and its year)", "kk": "тақырып (әдепкі: көрсеткіш және оның жылы)",
              "ru": "заголовок (по умолчанию: показатель и его год)"},
    "no_labels": {"en": "do not name the units", "kk": "бірліктердің атауларын жазбау", "ru": "не подписывать единицы"},
    "output_map": {"en": "output file; format from the extension", "kk": "шығыс файлы; пішімі кеңейтуінен анықталады",
                   "ru": "выходной файл; формат по расширению"},
    "atlas": {"en": "an atlas: cover + one sheet per oblast of a district indicator (PDF)",
              "kk": "атлас: мұқаба + аудандық көрсеткіштің әр облысқа бір парағы (PDF)",
              "ru": "атлас: обложка + по листу на область для районного показателя (PDF)"},
    "indicator_atlas": {"en": "a shipped district indicator (kz.indicators(), level 'district'); a count is "
                              "mapped as its density (default: population_start_of_year, as persons per km²)",
                        "kk": "кітапханамен бірге берілетін аудандық көрсеткіш (kz.indicators(), level 'district'); "
                              "сан тығыздық ретінде салынады (әдепкі: population_start_of_year, адам/км²)",
                        "ru": "районный показатель из поставки (kz.indicators(), level 'district'); численность "
                              "рисуется как плотность (по умолчанию: population_start_of_year, чел./км²)"},
    "vintage_atlas": {"en": "boundary set: 2024 (default)", "kk": "шекаралар жиыны: 2024 (әдепкі)",
                      "ru": "набор границ: 2024 (по умолчанию)"},
    "lang_atlas": {"en": "language of the pages", "kk": "беттердің тілі", "ru": "язык страниц"},
    "scheme_atlas": {"en": "classification, one for the whole country (default auto, as kz.choropleth)",
                     "kk": "жіктеу, бүкіл ел үшін біреу (әдепкі auto, kz.choropleth сияқты)",
                     "ru": "классификация, одна на всю страну (по умолчанию auto, как в kz.choropleth)"},
    "per_page": {"en": "classify each sheet on its own instead", "kk": "оның орнына әр парақты жеке жіктеу",
                 "ru": "вместо этого классифицировать каждый лист отдельно"},
    "paper_atlas": {"en": "paper size, landscape", "kk": "қағаз өлшемі, альбомдық", "ru": "формат бумаги, альбомная"},
    "images": {"en": "also write every page as an image", "kk": "әр бетті сурет ретінде де жазу",
               "ru": "также записать каждую страницу как изображение"},
    "dpi_atlas": {"en": "resolution of PNG pages", "kk": "PNG беттерінің ажыратымдылығы", "ru": "разрешение страниц PNG"},
    "only": {"en": "draw only these sheets (oblast KATO codes or English names)",
             "kk": "тек осы парақтарды салу (облыстардың ҚАТО кодтары немесе ағылшынша атаулары)",
             "ru": "нарисовать только эти листы (коды КАТО областей или английские названия)"},
    "quiet_bar": {"en": "no progress bar", "kk": "үдеріс жолағынсыз", "ru": "без индикатора хода"},
    "output_atlas": {"en": "the PDF to write", "kk": "жазылатын PDF файлы", "ru": "PDF-файл для записи"},
}

#: the names of the values in the usage line ("--year YEAR")
METAVARS: dict[str, dict[str, str]] = {
    "indicator": {"en": "indicator", "kk": "көрсеткіш", "ru": "показатель"},
    "file": {"en": "file", "kk": "файл", "ru": "файл"},
    "year": {"en": "YEAR", "kk": "ЖЫЛ", "ru": "ГОД"},
    "scheme": {"en": "SCHEME", "kk": "ЖІКТЕУ", "ru": "СХЕМА"},
    "k": {"en": "K", "kk": "K", "ru": "K"},
    "level": {"en": "LEVEL", "kk": "ДЕҢГЕЙ", "ru": "УРОВЕНЬ"},
    "vintage": {"en": "VINTAGE", "kk": "ШЕКАРАЛАР", "ru": "ГРАНИЦЫ"},
    "paper": {"en": "PAPER", "kk": "ҚАҒАЗ", "ru": "БУМАГА"},
    "dpi": {"en": "DPI", "kk": "НҮКТЕ", "ru": "ТОЧКИ"},
    "title": {"en": "TITLE", "kk": "ТАҚЫРЫП", "ru": "ЗАГОЛОВОК"},
    "output": {"en": "OUTPUT", "kk": "ФАЙЛ", "ru": "ФАЙЛ"},
    "only": {"en": "SHEET", "kk": "ПАРАҚ", "ru": "ЛИСТ"},
}
