"""Comparison keys of place names, shared by :mod:`kzregions.names` and :mod:`kzregions.settlements`.

A name as people write it is reduced to (a) its name tokens and (b) the kind markers it
carries ("oblast", "district", "city", "okrug", "settlement") plus a few flags. The rules
are general, not per-name lists:

- scripts and alphabets: Cyrillic (Kazakh and Russian letters), Kazakh Latin of 2021
  (``ı ý ó ú ǵ ń ñ ü ş ç ä ö``), the 2018 apostrophe alphabet (``s'`` = ш, ``c'`` = ч,
  ``a'`` = ә, ...), older romanisations (``w`` for у: "Atıraw"), ISO 9 / GOST / BGN
  romanisations of Russian (``Abajskaja oblast’``, ``Akmolinskaya oblast'``), Latin
  look-alike letters typed inside Cyrillic words;
- generic words and abbreviations in three languages (``область``, ``облысы``, ``oblast``,
  ``регион``, ``район``, ``р-н``, ``ауданы``, ``г.``, ``г.а.``, ``Қ.Ә.``, ``с.о.``, ``gorod``,
  ``_reg``, ...), the initials and "им." of statistics-office forms;
- the abbreviations ЗКО / СКО / ВКО / ЮКО (and Kazakh БҚО / СҚО / ШҚО / ОҚО);
- Russian adjective endings (stems; grammatical gender of the adjective).

Nothing here knows any unit: the indexes that use these keys live in the modules above.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# ----------------------------------------------------------------------------- letters
# Latin letters with a Kazakh or romanisation meaning -> plain letters (the 2021 alphabet,
# Turkish-style letters, ISO 9 carons); other accented Latin letters lose their accent
_LATIN_SPECIAL = {
    "ı": "i", "ý": "u", "ú": "u", "ó": "o", "ǵ": "g", "ń": "n", "ñ": "n", "ü": "u", "ş": "sh",
    "ç": "ch", "ä": "a", "ö": "o", "ğ": "g", "ū": "u", "ā": "a", "ē": "e", "ī": "i", "ō": "o",
    "ž": "zh", "š": "sh", "č": "ch", "ë": "e", "ə": "a", "ŋ": "n", "ḥ": "h", "ṣ": "s", "ŭ": "u",
    "ǎ": "a", "ĭ": "i", "ẏ": "y", "ǔ": "u", "ʹ": "", "ʺ": "", "ß": "ss",
}
_APOSTROPHES = str.maketrans({c: "'" for c in "’‘′ʼ`´ʻ″"})
# Latin letters that look like Cyrillic ones, met inside Cyrillic words in the wild
_LOOKALIKE = str.maketrans("AaBCcEeHKMOoPpTXxy", "АаВСсЕеНКМОоРрТХху")
_CYR = "а-яәғқңөұүһі"

TRANSLIT = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "i", "і": "i", "к": "k", "қ": "k", "л": "l", "м": "m",
    "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ұ": "u", "ү": "u", "ф": "f", "х": "x", "һ": "x", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "sh", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}
# Kazakh-only letters to the Russian letters people type for them (Ақкөл -> Аккол)
KK_TO_RU = str.maketrans("әғқңөұүһі", "агкноууhи".replace("h", "х"))
VOWELS = set("aeiou")


def _latin_letters(s: str) -> str:
    out = []
    for ch in s:
        if ch in _LATIN_SPECIAL:
            out.append(_LATIN_SPECIAL[ch])
        elif "\u00c0" <= ch <= "\u024f" or "\u1e00" <= ch <= "\u1eff":
            out.append(unicodedata.normalize("NFD", ch)[0])
        else:
            out.append(ch)
    return "".join(out)


def _fix_mixed_word(m: re.Match) -> str:
    w = m.group(0)
    if re.search(f"[{_CYR}]", w) and re.search("[a-z]", w):
        w = w.translate(_LOOKALIKE).replace("i", "і")
    return w


_HAS_CYR = re.compile(f"[{_CYR}]")
_HAS_LAT = re.compile("[a-z]")
_HAS_RU = re.compile("[а-я]")


def fold(text) -> str:
    """Case-folded, script-normalised text (punctuation kept)."""
    s = unicodedata.normalize("NFKC", str(text)).strip().casefold().replace("ё", "е")
    s = s.replace("i̇", "i").translate(_APOSTROPHES)
    if not s.isascii():
        s = _latin_letters(s)
    if "'" in s:
        # 2018 apostrophe alphabet: s' = ш, c' = ч; elsewhere an apostrophe after a Latin letter
        # marks a Kazakh vowel (a' = ә) or the soft sign of BGN/GOST (oblast') and is dropped
        s = re.sub(r"(?<=[a-z])s'", "sh", s)
        s = re.sub(r"(?<=[a-z])c'", "ch", s)
        s = re.sub(r"\bs'", "sh", s)
        s = re.sub(r"\bc'", "ch", s)
        s = re.sub(r"(?<=[a-z])'", "", s)
    # Latin look-alikes typed inside a Cyrillic word (Aршалинский, Солтүстiк) become Cyrillic
    if _HAS_CYR.search(s) and _HAS_LAT.search(s):
        s = re.sub(r"\w+", _fix_mixed_word, s)
    return s


_TRANSLIT_TABLE = str.maketrans(TRANSLIT)
_NON_ALNUM = re.compile("[^a-z0-9]")
_DOUBLE = re.compile(r"(.)\1+")
_VOWEL = re.compile("[aeiou]")
# romanisation variants folded to one spelling, longest first
# (х is "x" throughout, so that "шх" never folds into "ш": Cyrillic х and Latin kh / h agree)
_FOLD = {"dzh": "zh", "dj": "zh", "zh": "zh", "sh": "sh", "gh": "g", "kh": "x", "ch": "sh", "ts": "c",
         "tc": "c", "ie": "e", "ye": "e", "yi": "i", "iy": "i", "j": "zh", "q": "k", "h": "x", "w": "u",
         "y": "i"}
_FOLD_RX = re.compile("|".join(sorted(_FOLD, key=len, reverse=True)))


def _gost_word(w: str) -> str:
    """ISO 9 / GOST romanisations write й as j (Abajskaja, Aktjubinskij): read j so."""
    w = re.sub(r"j(?=[aeuo])", "y", w)
    return w.replace("j", "i")


_GOST_END = re.compile(r"(aja|ij|yj|oj|ja)$")


def latin(key: str) -> str:
    """Transliterate to Latin and fold romanisation variants, vowels kept.

    ``Жамбыл``, ``Jambyl``, ``Zhambyl``, ``Dzhambul`` -> ``zhambil``/``zhambul``;
    ``Qaraghandy`` and ``Караганды`` -> ``karagandi``.
    """
    if _GOST_END.search(key):
        key = _gost_word(key)
    s = _NON_ALNUM.sub("", key.translate(_TRANSLIT_TABLE))
    s = _FOLD_RX.sub(lambda m: _FOLD[m.group(0)], s)
    return _DOUBLE.sub(r"\1", s)


#: the folds of one letter's romanisations (kh, zh, q, w ...); the folds that drop a letter
#: (ie -> e) and the merging of doubled letters are left out (see ``letters``)
_FOLD_ONE = {k: v for k, v in _FOLD.items() if k not in ("ie", "yi", "iy")}
_FOLD_ONE_RX = re.compile("|".join(sorted(_FOLD_ONE, key=len, reverse=True)))


def letters(key: str) -> str:
    """Like :func:`latin`, but letter for letter: no letter dropped, doubled letters kept.

    ``latin`` makes ``сщү`` (s + shch + u) and ``шелі`` equal to Shu and Shieli, because
    it merges doubled letters and drops the i of "ie". For a long name those folds are
    harmless (the close-spelling tier would accept that much anyway); for a short one they
    are a guess, so the spelling tier checks short names with this stricter key too.

    >>> letters("Сщү"), latin("Сщү"), letters("Шу"), letters("Aqsu") == letters("Ақсу")
    ('sshu', 'shu', 'shu', True)
    """
    if _GOST_END.search(key):
        key = _gost_word(key)
    s = _NON_ALNUM.sub("", key.translate(_TRANSLIT_TABLE))
    return _FOLD_ONE_RX.sub(lambda m: _FOLD_ONE[m.group(0)], s)


def skeleton(lat: str) -> str:
    """First letter and the consonants of a latin key (blocking key of the fuzzy tier)."""
    if not lat:
        return ""
    return _DOUBLE.sub(r"\1", lat[0] + _VOWEL.sub("", lat[1:]))


# ----------------------------------------------------------------------------- adjectives
RU_ADJ_ENDINGS = ("ского", "ской", "ская", "ский", "ское", "скую", "ском", "ских", "цкий", "цкая",
                  "ного", "ной", "ная", "ный", "ное", "ую", "ого", "его", "ий", "ая", "ой", "ое", "ый")
LAT_ADJ_ENDINGS = ("skogo", "skaja", "skaya", "skaia", "skiy", "skij", "skii", "skoy", "skoj",
                   "skoi", "skyi", "sky", "nogo", "naya", "naja", "nyy", "nyj", "nyi", "aya", "aja",
                   "iy", "ij", "yy", "yj")
_MASC = ("ский", "цкий", "ный", "ый", "ий", "ского", "ого", "его", "skiy", "skij", "skii", "sky",
         "skyi", "skogo", "nyy", "nyj", "nyi", "iy", "ij", "yy", "yj")
_FEM = ("ская", "цкая", "ная", "ая", "яя", "ской", "скую", "skaja", "skaya", "skaia", "naya", "naja",
        "aya", "aja", "skoy", "skoj", "skoi")


def ru_stem(word: str) -> str | None:
    """Stem of a Russian adjective, Cyrillic or romanised (``Кызылординской`` -> ``кызылордин``)."""
    cyr = bool(_HAS_RU.search(word))
    ends = RU_ADJ_ENDINGS if cyr else LAT_ADJ_ENDINGS
    if not word.endswith(ends):
        return None
    for end in ends:
        if word.endswith(end) and len(word) - len(end) >= 3:
            stem = word[: -len(end)]
            if end.startswith("ск") or end.startswith("sk") or end.startswith("цк"):
                return stem  # Кызылординская -> кызылордин
            return stem
    return None


def gender(word: str) -> str | None:
    """``m`` for a masculine adjective (``Костанайский``), ``f`` for a feminine one, else None."""
    if len(word) < 6:
        return None
    if word.endswith(_FEM):
        return "f"
    if word.endswith(_MASC):
        return "m"
    return None


# ----------------------------------------------------------------------------- generic words
# Each list holds the word in Russian, Kazakh, English and the romanisations met in tables;
# Latin tokens are also compared on latin keys, so the alphabets of one word agree.
_WORDS = {
    "oblast": ["область", "области", "областi", "облысы", "облыс", "облысының", "обл", "oblast",
               "oblasts", "oblysy", "oblys", "oblisi", "obl", "oblasti", "province", "reg"],
    "region": ["регион", "региона", "region", "regions", "аймақ", "аймағы", "aimak", "aimagy"],
    "district": ["район", "района", "районы", "ауданы", "аудан", "ауд", "district", "rayon", "raion",
                 "audany", "audan", "rajon", "distr", "districts"],
    "city": ["город", "города", "городе", "гор", "қала", "қаласы", "city", "town", "qala", "kala",
             "qalasy", "kalasy", "gorod", "goroda", "shahar", "republican", "significance",
             "administration", "республиканского", "значения", "областного", "городская",
             "администрация", "әкімшілігі", "маңызы", "бар"],
    "okrug": ["сельский", "сельского", "сельских", "сельские", "округ", "округа", "округов", "ауылдық",
              "округі", "округтері", "округы", "okrug",
              "okrugi", "rural", "auyldyk", "аульный", "поселковый", "поселковая", "сельская"],
    "settlement": ["село", "села", "поселок", "посёлок", "поселка", "ауыл", "ауылы", "аул", "village",
                   "settlement", "selo", "poselok", "auyl", "aul", "станция", "разъезд", "кент"],
    "drop": ["the", "of", "kz", "рк", "им", "имени", "атындағы", "imeni", "named", "after",
             "атындагы", "respublika", "республика"],
}
# tokens of multi-word generic phrases that mean nothing alone ("маңызы бар" = of significance)
GENERIC: dict[str, str] = {}
for _kind, _ws in _WORDS.items():
    for _w in _ws:
        GENERIC.setdefault(fold(_w), _kind)
        GENERIC.setdefault(latin(fold(_w)), _kind)

# abbreviations of whole oblast names: Cyrillic and the Latin letters people type for them
_ABBREV = {
    "зко": "западно казахстанская область", "бқо": "батыс қазақстан облысы",
    "ско": "северо казахстанская область", "сқо": "солтүстік қазақстан облысы",
    "вко": "восточно казахстанская область", "шқо": "шығыс қазақстан облысы",
    "юко": "южно казахстанская область", "оқо": "оңтүстік қазақстан облысы",
    "zko": "западно казахстанская область", "sko": "северо казахстанская область",
    "vko": "восточно казахстанская область", "yuko": "южно казахстанская область",
}
# a compass adjective with a word for region ("Восточный регион", "East region")
_COMPASS = {
    "восточный": "восточно казахстанская", "восточная": "восточно казахстанская",
    "западный": "западно казахстанская", "западная": "западно казахстанская",
    "северный": "северо казахстанская", "северная": "северо казахстанская",
    "южный": "южно казахстанская", "южная": "южно казахстанская",
    "east": "east kazakhstan", "eastern": "east kazakhstan", "west": "west kazakhstan",
    "western": "west kazakhstan", "north": "north kazakhstan", "northern": "north kazakhstan",
    "south": "south kazakhstan", "southern": "south kazakhstan",
    "шығыс": "шығыс қазақстан", "батыс": "батыс қазақстан", "солтүстік": "солтүстік қазақстан",
    "оңтүстік": "оңтүстік қазақстан",
}


_CUT = {"сев": "северо", "вост": "восточно", "зап": "западно", "юж": "южно"}


@dataclass
class Parsed:
    """A name split into its parts.

    tokens : name tokens (folded; digits kept)
    markers : kinds the generic words name (oblast, district, city, okrug, settlement)
    region_word : a word for "region" (masculine in Russian: регион) was present
    initials : initials or "им." were dropped (statistics-office form "район им. Г.Мусрепова")
    truncated : the name ended in a cut-off word with a full stop ("Восточно-Казахст.")
    bracket : the text in brackets, if any ("Алматинская область (Талды-Курганская область)")
    """

    tokens: list = field(default_factory=list)
    markers: set = field(default_factory=set)
    region_word: bool = False
    initials: bool = False
    truncated: bool = False
    bracket: str | None = None

    @property
    def key(self) -> str:
        k = self.__dict__.get("_key")
        if k is None or self.__dict__.get("_key_of") is not self.tokens:
            k = "".join(self.tokens)
            self.__dict__["_key"], self.__dict__["_key_of"] = k, self.tokens
        return k

    @property
    def digits(self) -> str:
        return "".join(re.findall(r"\d+", self.key))

    @property
    def gender(self) -> str | None:
        return gender(self.tokens[-1]) if self.tokens else None


_L = f"[{_CYR}a-z]"
_BRACKET = re.compile(r"(.*?)\s*[(\[](.*?)[)\]]\s*(.*)")
_SEPARATORS = re.compile(r"[()\[\]«»\"'`.,;:/\\+*#№!?\-‐–—]")


def parse(text) -> Parsed:
    """Split a name into name tokens, kind markers and flags (see :class:`Parsed`)."""
    s = fold(text)
    p = Parsed()
    m = _BRACKET.fullmatch(s) if ("(" in s or "[" in s) else None
    if m and (m.group(1) or m.group(3)):
        s = (m.group(1) + " " + m.group(3)).strip()
        p.bracket = m.group(2).strip() or None
    s = s.replace("_", " ")
    if "." in s or "им" in s or "imeni" in s or "/" in s or "-" in s:
        # a cut-off word: letters then a full stop at the end, not a known abbreviation
        for w in re.findall(rf"({_L}{{4,}})\.", s):
            if w not in GENERIC and latin(w) not in GENERIC and w not in ("имени", "imeni"):
                p.truncated = True
        # "им. Г.Мусрепова", "имени С.Сейфуллина", "М.Жумабаева": initials are dropped
        if re.search(rf"(?<![\w.])(имени|imeni|им)\b\.?\s*({_L}\.\s*)*", s):
            n = len(s)
            s = re.sub(rf"(?<![\w.])(имени|imeni|им)\b\.?\s*(({_L})\.\s*)*", " ", s)
            p.initials = p.initials or len(s) != n
        # abbreviations whose letters would otherwise survive as name tokens
        s = re.sub(r"(?<![\w])(г|қ)\s*\.\s*(а|ә)\b\.?", " city ", s)
        s = re.sub(r"(?<![\w])(с|а|ә)\s*\.\s*(о|а)\b\.?", " okrug ", s)
        s = re.sub(r"(?<![\w])п\s*\.\s*а\b\.?", " okrug ", s)
        s = re.sub(r"(?<![\w])с\s*/\s*о\b", " okrug ", s)
        s = re.sub(r"(?<![\w])р\s*-\s*н\b\.?", " district ", s)
        s = re.sub(r"(?<![\w])(г|қ)\.\s*", " city ", s)
        s = re.sub(r"\s(г|қ)\s*$", " city ", s)
        s = re.sub(r"(?<![\w])(с|п|пос|ст|ауыл|рзд)\.\s*", " settlement ", s)
        # remaining single-letter initials before a word ("М.Жумабаева", "Г. Мусрепова")
        n = len(s)
        s = re.sub(rf"(?<![\w.]){_L}\.\s*(?={_L}{{3,}})", " ", s)
        if len(s) != n:
            p.initials = True
        # cut-off compass words of oblast names ("Сев.-Казахстанская", "Вост.-Каз.")
        s = re.sub(r"(?<![\w])(сев|вост|зап|юж)\.", lambda m: _CUT[m.group(1)] + " ", s)
    toks = _SEPARATORS.sub(" ", s).split()
    if len(toks) == 1 and toks[0] in _ABBREV:
        toks = _ABBREV[toks[0]].split()
    out = []
    for tok in toks:
        # generic words are compared on latin keys only for Latin tokens (oblısı, aýdany);
        # a Cyrillic token must be the word itself ("ым" is not "им")
        kind = None if tok.isdigit() else GENERIC.get(tok) or (
            GENERIC.get(latin(tok)) if tok.isascii() and len(tok) > 2 else None)
        if kind == "region":
            p.markers.add("oblast")
            p.region_word = True
        elif kind == "drop":
            continue
        elif kind:
            p.markers.add(kind)
        else:
            out.append(tok)
    if len(out) == 1 and out[0] in _COMPASS and "oblast" in p.markers:
        out = _COMPASS[out[0]].split()
    p.tokens = out
    return p


# ----------------------------------------------------------------------------- fuzzy distance
def distance(a: str, b: str, limit: float = 9.0) -> float:
    """Weighted edit distance of two latin keys.

    A vowel for another vowel costs 0.5 (Dzhambul/Zhambyl, Karaganda/Karagandy); adding or
    dropping a letter, or one consonant for another, costs 1; a vowel for a consonant 1.5.
    Returns a value above ``limit`` as soon as the distance must exceed it.
    """
    if a == b:
        return 0.0
    la, lb = len(a), len(b)
    if abs(la - lb) > limit:
        return limit + 1
    prev = [float(j) for j in range(lb + 1)]
    for i in range(1, la + 1):
        ca = a[i - 1]
        cur = [float(i)] + [0.0] * lb
        best = cur[0]
        for j in range(1, lb + 1):
            cb = b[j - 1]
            if ca == cb:
                sub = 0.0
            elif (ca in VOWELS) and (cb in VOWELS):
                sub = 0.5
            elif (ca in VOWELS) != (cb in VOWELS):
                sub = 1.5
            else:
                sub = 1.0
            v = min(prev[j] + 1.0, cur[j - 1] + 1.0, prev[j - 1] + sub)
            cur[j] = v
            if v < best:
                best = v
        if best > limit:
            return limit + 1
        prev = cur
    return prev[lb]


def allowed(n: int) -> float:
    """Largest distance the fuzzy tier accepts for a key of ``n`` letters (never for short keys)."""
    if n < 7:
        return 0.0
    if n < 8:
        return 0.5
    if n < 12:
        return 1.0
    return 1.5


def deletions(s: str) -> set[str]:
    """The string and every string with one letter removed (symmetric-delete blocking)."""
    return {s} | {s[:i] + s[i + 1:] for i in range(len(s))}
