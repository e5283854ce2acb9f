"""What a name resolves to: :class:`Match` (an administrative unit of the boundary data) and
:class:`SettlementMatch` (a settlement, town or rural okrug of the KATO classifier)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Match:
    """A resolved unit.

    Attributes
    ----------
    query : object
        What was looked up.
    kato : str
        9-digit KATO code of the unit.
    name_en, name_kk, name_ru : str
        Names in the matched vintage.
    level : int
        1 (oblast / city of republican significance) or 2 (district level).
    kind : str
        Kind of unit (see :mod:`kzregions.data`).
    oblast_kato, oblast_en : str
        The level-1 unit it belongs to.
    vintage : int
        The boundary vintage of this match (the newest one, when several matched).
    vintages : tuple of int
        Every vintage in which the query matched this code.
    matched_on : str
        ``kato``, ``pcode``, ``iso``, ``name``, ``historic name``, ``kazakh letters``
        (Kazakh-only letters typed as their Russian look-alikes), ``spelling``
        (romanisation variants: Abai/Abay, Qostanay/Kostanay), ``russian form`` or
        ``transliteration`` (consonant skeleton: Dzhambul/Zhambyl).

    Examples
    --------
    >>> import kzregions as kz
    >>> m = kz.resolve("Aral district")
    >>> m.kato, m.level, m.oblast_en
    ('433200000', 2, 'Kyzylorda')
    """

    query: object
    kato: str
    name_en: str
    name_kk: str
    name_ru: str
    level: int
    kind: str
    oblast_kato: str
    oblast_en: str
    vintage: int
    vintages: tuple = field(default=())
    matched_on: str = "name"

    def __str__(self) -> str:
        return self.kato

    def label(self) -> str:
        """The unit with its kind, oblast, code and vintage, for messages and tables.

        Returns
        -------
        str

        Examples
        --------
        >>> import kzregions as kz
        >>> kz.resolve("Aral district").label()
        'Aral (district, Kyzylorda; KATO 433200000, 2024)'
        """
        where = "" if self.level == 1 else f", {self.oblast_en}"
        return f"{self.name_en} ({self.kind}{where}; KATO {self.kato}, {self.vintage})"


@dataclass(frozen=True)
class SettlementMatch:
    """A settlement, town or rural okrug of the KATO classifier (17 October 2022).

    Attributes
    ----------
    query : object
        What was looked up.
    kato : str
        9-digit KATO code of the entry.
    name, name_full : str
        Russian name without / with the classifier's abbreviation (``Абралы``, ``с.Абралы``).
    kind : str
        village, rural okrug, town, settlement, station, ... (see :func:`kzregions.gazetteer`).
    level : int
        3 (rural okrugs, towns) or 4 (settlements).
    district_kato, district_name, oblast_kato, oblast_name : str
        The district (or city administration) and the oblast it lies in, as in the classifier.
    district_has_polygon : bool
        Whether the district has a polygon in the boundary data (False for Sauran district).
    matched_on : str
        The tier that matched (``name``, ``spelling``, ``russian form``, ``close spelling``...).

    Examples
    --------
    >>> import kzregions as kz
    >>> m = kz.resolve("Абралы", level="settlement")
    >>> m.kato, m.kind, m.district_name
    ('101033100', 'village', 'Семей Г.А.')
    """

    query: object
    kato: str
    name: str
    name_full: str
    kind: str
    level: int
    district_kato: str
    district_name: str
    oblast_kato: str
    oblast_name: str
    district_has_polygon: bool
    matched_on: str = "name"

    def __str__(self) -> str:
        return self.kato

    def label(self) -> str:
        """The entry with its kind, district, oblast and code, for messages and tables.

        Returns
        -------
        str

        Examples
        --------
        >>> import kzregions as kz
        >>> kz.resolve("Абралы", level="settlement").label()
        'с.Абралы (village, Семей Г.А., область Абай; KATO 101033100)'
        """
        return f"{self.name_full} ({self.kind}, {self.district_name}, {self.oblast_name}; KATO {self.kato})"
