"""Command line: ``kzregions data {info,fetch,path,verify,clear}`` and ``kzregions map``.

Thin on purpose: it parses arguments and calls the library.
"""

from __future__ import annotations

import argparse
import json
import sys

from .errors import InvalidArgumentError


def _data(args) -> int:
    from . import _sources
    from . import boundaries as data
    from ._messages import phrase

    lang = args.lang
    if args.action == "info":
        info = data.info()
        if args.json:  # for programs: keys and values as the library returns them, in any --lang
            print(json.dumps(info, indent=2, ensure_ascii=False))
            return 0
        print(phrase("mirror", lang).format(path=info["data_dir"] or phrase("not_set", lang)))
        print(phrase("cache", lang).format(path=info["cache_dir"]))
        print(phrase("modes", lang).format(offline=phrase("on" if info["offline"] else "off", lang),
                                           cache=phrase("on" if info["use_cache"] else "off", lang)))
        print(f"{phrase('file', lang):32} {phrase('source', lang):10} {phrase('verified', lang):10} "
              f"{phrase('size', lang)}")
        for r in info["files"]:
            src = phrase(f"src_{r['source']}", lang) if f"src_{r['source']}" in _PHRASE_KEYS else r["source"]
            print(f"{r['file']:32} {src:10} {phrase('yes' if r['verified'] else 'no', lang):10} {r['size']:>9,}")
        print(phrase("cached_layers", lang).format(n=len(info["cached_layers"])))
        for name in info["cached_layers"]:
            print(f"  {name}")
        return 0
    if args.action == "fetch":
        paths = data.fetch(progress=not args.quiet)
        print(phrase("fetched", lang).format(n=len(paths)))
        return 0
    if args.action == "path":
        if args.file:
            print(_sources.locate(args.file, download=False))
        else:
            print(data.info()["data_dir"] or _sources.raw_cache_dir())
        return 0
    if args.action == "verify":
        table = data.verify()
        bad = table[~table["verified"]]
        width = max(len(phrase(k, lang)) for k in ("ok", "missing", "mismatch"))
        for r in table.itertuples():
            state = phrase("ok" if r.verified else ("missing" if r.source == "missing" else "mismatch"), lang)
            print(f"{state:{width}} {r.file:32} {r.path}")
        if len(bad):
            print("\n" + phrase("damaged", lang).format(bad=len(bad), n=len(table)), file=sys.stderr)
            return 1
        print("\n" + phrase("all_match", lang).format(n=len(table)))
        return 0
    if args.action == "clear":
        n = data.clear_cache(downloads=args.downloads)
        print(phrase("removed", lang).format(n=n))
        return 0
    raise InvalidArgumentError(f"kzregions data {args.action}: use info, fetch, path, verify or clear")


#: the phrases of ``kzregions data`` (a source other than mirror/cache/missing is printed as it is)
_PHRASE_KEYS = frozenset({"src_mirror", "src_cache", "src_missing"})

#: what ``-o`` may end in (matplotlib writes these without extra packages)
_FORMATS = (".png", ".pdf", ".svg", ".jpg", ".jpeg", ".tif", ".tiff")


def _check_output(path: str) -> None:
    """Fail before drawing: a wrong extension or an unwritable folder found after seconds of
    drawing wastes the user's time."""
    import os
    from pathlib import Path

    from ._messages import keyed
    from .errors import PathError

    p = Path(path)
    if p.suffix.lower() not in _FORMATS:
        raise keyed(InvalidArgumentError, "format" if p.suffix else "format_none", path=path, suffix=p.suffix,
                    formats=", ".join(_FORMATS))
    folder = p.parent if str(p.parent) else Path(".")
    if not folder.is_dir():
        raise keyed(PathError, "folder_is_file" if folder.exists() else "folder_missing", path=path,
                    folder=str(folder))
    if not os.access(folder, os.W_OK) or (p.exists() and not os.access(p, os.W_OK)):
        raise keyed(PathError, "not_writable", path=path)


def _map(args) -> int:
    import matplotlib

    matplotlib.use("Agg")  # a command line has no screen
    _check_output(args.output)
    from . import boundaries, join, stats
    from ._i18n import text
    from ._messages import keyed
    from .errors import MissingDataError
    from .plotting import maps

    level = boundaries.check_level(args.level)
    if args.indicator is None:
        gdf = boundaries.units(level, args.vintage)
        m = maps.plot_units(gdf, lang=args.lang, labels=not args.no_labels, paper=args.paper,
                            title=args.title)
    else:
        name = stats.indicator_name(args.indicator, level)
        vint = args.vintage if level == 1 else None
        pan = stats.panel(name, level=level, vintage=vint)
        if pan.empty:
            raise keyed(MissingDataError, "no_values_on", name=name, vintage=args.vintage)
        year = args.year if args.year is not None else int(pan["year"].max())
        if year not in set(pan["year"]):
            raise keyed(MissingDataError, "no_year", name=name, year=year, vintage=args.vintage,
                        years=sorted(set(pan["year"])))
        gdf = join.attach(boundaries.units(level, args.vintage), pan[pan["year"] == year])
        rep = gdf.attrs["join_report"]
        unit = pan.attrs["units"].get(name)
        m = maps.choropleth(
            gdf, name, scheme=args.scheme, k=args.k, lang=args.lang, paper=args.paper,
            labels=(not args.no_labels) and level == 1, legend_kwds={"counts": True}, unit=unit,
            title=args.title or f"{stats.indicator_title(name, args.lang)}, {year}",
            source=text("bns", args.lang),
        )
        if not rep.complete:
            print(_report_text(rep, args.lang, gdf), file=sys.stderr)
    m.save(args.output, dpi=args.dpi)
    print(text("wrote", args.lang).format(path=args.output, n=len(m.data), vintage=args.vintage))
    return 0


def _atlas(args) -> int:
    import matplotlib

    matplotlib.use("Agg")  # a command line has no screen
    from . import boundaries, join, stats
    from ._i18n import count_phrase, indicator_title, text, unit_text
    from ._messages import keyed
    from ._schema import indicator_kind
    from .errors import MissingDataError
    from .plotting.atlas import atlas

    name = stats.indicator_name(args.indicator, 2)  # sheets show districts: district indicators only
    pan = stats.panel(name, level=2, vintage=args.vintage)
    if pan.empty:
        raise keyed(MissingDataError, "no_district_values_on", name=name, vintage=args.vintage)
    year = args.year if args.year is not None else int(pan["year"].max())
    if year not in set(pan["year"]):
        raise keyed(MissingDataError, "no_year", name=name, year=year, vintage=args.vintage,
                    years=sorted(set(pan["year"])))
    gdf = join.attach(boundaries.units(2, args.vintage), pan[pan["year"] == year])
    unit = pan.attrs["units"].get(name)
    column = name
    if indicator_kind(name, unit) == "extensive":  # a count as colours shows the districts' size
        column = f"{name}_density"
        gdf = stats.derive(gdf, density=name)
        unit = gdf.attrs["units"][column]
        print(text("cli_atlas_density", args.lang).format(name=name, unit=unit_text(unit, args.lang)),
              file=sys.stderr)

    def said(key, default):  # the phrase in the page language where the table has it
        try:
            return text(key, args.lang)
        except KeyError:
            return default

    fallback = f"{indicator_title(column, args.lang) or stats.TITLES.get(column, column)}, {{year}}"
    title = args.title or said(f"title_{column}", fallback).format(year=year)
    head = said(f"unit_{unit}", unit_text(unit, args.lang))
    a = atlas(gdf, column, path=args.output, lang=args.lang, scheme=args.scheme, k=args.k, paper=args.paper,
              per_page=args.per_page, images=args.images, only=args.only, dpi=args.dpi, unit=unit, title=title,
              legend_kwds={"title": head}, source=text("bns", args.lang), progress=not args.quiet)
    rep = gdf.attrs["join_report"]
    if not rep.complete:
        print(_report_text(rep, args.lang, gdf), file=sys.stderr)
    sheets = count_phrase("sheets", len(a.pages), args.lang)  # "1 лист", not "1 листов"
    print(text("cli_atlas_wrote_n", args.lang).format(path=a.path, sheets=sheets, vintage=args.vintage, year=year)
          + ("; " + text("cli_images", args.lang).format(n=len(a.images), fmt=args.images.upper(),
                                                         folder=a.images[0].parent) if a.images else ""))
    return 0


def _report_text(rep, lang: str, units) -> str:
    """The join report in ``lang``: unit names from ``units``, the reasons the command line meets
    translated (any other reason stays as the library wrote it)."""
    import re

    from ._i18n import text

    def reason(why: str) -> str:
        m = re.fullmatch(r"measured on (\d+) boundaries, where this unit is not the same as on (\d+) boundaries: (.*)", why)
        if m:
            fix = "fix_2017" if m[3].startswith("attach it to kz.oblasts(2017)") else \
                "fix_to_vintage" if m[3] == "carry it with kz.to_vintage" else None
            return text("why_measured_on", lang).format(v=m[1], lv=m[2]) + ": " + (text(fix, lang) if fix else m[3])
        m = re.fullmatch(r"rows exist on (.*) boundaries only; the unit is not the same on (\d+) boundaries", why)
        if m:
            return text("why_rows_on", lang).format(vs=m[1], v=m[2])
        m = re.fullmatch(r"(.*) \(KATO (\d+)\) of the KATO classifier of 17\.10\.2022 has no polygon in the "
                         r"boundary data", why)
        if m:
            return text("why_no_polygon", lang).format(name=m[1], kato=m[2])
        plain = {"no row in the table": "why_no_row", "national total, not a unit": "why_national"}
        return text(plain[why], lang) if why in plain else why

    names = dict(zip(units["kato"], units[f"name_{lang}"])) if f"name_{lang}" in units else {}
    out = [text("cli_report_head", lang).format(key=rep.key, matched=rep.matched, n_units=rep.n_units, n_rows=rep.n_rows)]
    for df, head, line in (
        (rep.unmatched_units, "cli_report_units", lambda r: f"{r.kato} {names.get(r.kato, r.name_en)}: {reason(r.reason)}"),
        (rep.unmatched_rows, "cli_report_rows", lambda r: f"{text('cli_row', lang)} {r.row!r} ({r.key}): {reason(str(r.reason))}"),
    ):
        if len(df):
            out.append("  " + text(head, lang).format(n=len(df)) + ":")
            out += [f"    {line(r)}" for r in df.head(12).itertuples(index=False)]
            if len(df) > 12:
                out.append("    " + text("cli_report_more", lang).format(n=len(df) - 12))
    return "\n".join(out)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        """Raise argparse's error instead of printing it, so that main() says it in --lang;
        ``argument`` is the command whose arguments it is about ("kzregions map")."""
        raise InvalidArgumentError(message, argument=self.prog)


def _lang_in(argv: list[str]) -> str:
    """The --lang of an argument list that argparse could not read (en where none or no valid one)."""
    for i, a in enumerate(argv):
        value = argv[i + 1] if a == "--lang" and i + 1 < len(argv) else a[7:] if a.startswith("--lang=") else None
        if value in ("en", "kk", "ru"):
            return value
    return "en"


class _Formatter(argparse.HelpFormatter):
    """argparse's help with its own "usage: " in the language of the help."""

    usage_word = "usage: "

    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, self.usage_word if prefix is None else prefix)


def _localise(parsers: list, lang: str) -> None:
    """argparse's own words (usage, section titles, -h) in ``lang`` on every parser."""
    from ._clihelp import WORDS

    formatter = type(f"_Formatter_{lang}", (_Formatter,), {"usage_word": WORDS["usage"][lang]})
    for q in parsers:
        q.formatter_class = formatter
        q._positionals.title = WORDS["positionals"][lang]  # argparse keeps its groups' titles here
        q._optionals.title = WORDS["options"][lang]
        for action in q._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = WORDS["help"][lang]


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """The command line's parser, its help in ``lang`` (en, kk or ru)."""
    from ._clihelp import HELP, METAVARS

    def h(key: str) -> str:
        return HELP[key][lang]

    def mv(key: str) -> str:
        return METAVARS[key][lang]

    p = _Parser(prog="kzregions", description=h("prog"))
    sub = p.add_subparsers(dest="command", required=True)

    d = sub.add_parser("data", help=h("data"), description=h("data"))
    dsub = d.add_subparsers(dest="action", required=True)
    # --lang after the action, as after `map` and `atlas`: kzregions data verify --lang kk
    lang_opt = _Parser(add_help=False)
    lang_opt.add_argument("--lang", default="en", choices=["en", "kk", "ru"], help=h("lang_printed"))
    i = dsub.add_parser("info", help=h("info"), description=h("info"), parents=[lang_opt])
    i.add_argument("--json", action="store_true", help=h("json"))
    f = dsub.add_parser("fetch", help=h("fetch"), description=h("fetch"), parents=[lang_opt])
    f.add_argument("-q", "--quiet", action="store_true", help=h("quiet_bars"))
    pa = dsub.add_parser("path", help=h("path"), description=h("path"), parents=[lang_opt])
    pa.add_argument("file", nargs="?", metavar=mv("file"), help=h("file"))
    v = dsub.add_parser("verify", help=h("verify"), description=h("verify"), parents=[lang_opt])
    c = dsub.add_parser("clear", help=h("clear"), description=h("clear"), parents=[lang_opt])
    c.add_argument("--downloads", action="store_true", help=h("downloads"))
    d.set_defaults(func=_data)

    m = sub.add_parser("map", help=h("map"), description=h("map"))
    m.add_argument("indicator", nargs="?", metavar=mv("indicator"), help=h("indicator_map"))
    m.add_argument("--year", type=int, metavar=mv("year"), help=h("year"))
    m.add_argument("--scheme", default="auto", metavar=mv("scheme"), help=h("scheme_map"))
    m.add_argument("-k", type=int, default=5, metavar=mv("k"), help=h("k"))
    m.add_argument("--level", default="oblast", metavar=mv("level"), help=h("level"))
    m.add_argument("--vintage", type=int, default=2024, metavar=mv("vintage"), help=h("vintage_map"))
    m.add_argument("--lang", default="en", choices=["en", "kk", "ru"], help=h("lang_map"))
    m.add_argument("--paper", default="A4", metavar=mv("paper"), help=h("paper_map"))
    m.add_argument("--dpi", type=int, default=300, metavar=mv("dpi"), help=h("dpi_map"))
    m.add_argument("--title", metavar=mv("title"), help=h("title"))
    m.add_argument("--no-labels", action="store_true", help=h("no_labels"))
    m.add_argument("-o", "--output", default="kazakhstan.png", metavar=mv("output"), help=h("output_map"))
    m.set_defaults(func=_map)

    a = sub.add_parser("atlas", help=h("atlas"), description=h("atlas"))
    a.add_argument("indicator", nargs="?", default="population_start_of_year", metavar=mv("indicator"),
                   help=h("indicator_atlas"))
    a.add_argument("--year", type=int, metavar=mv("year"), help=h("year"))
    a.add_argument("--vintage", type=int, default=2024, metavar=mv("vintage"), help=h("vintage_atlas"))
    a.add_argument("--lang", default="en", choices=["en", "kk", "ru"], help=h("lang_atlas"))
    a.add_argument("--scheme", default="auto", metavar=mv("scheme"), help=h("scheme_atlas"))
    a.add_argument("-k", type=int, default=5, metavar=mv("k"), help=h("k"))
    a.add_argument("--per-page", action="store_true", help=h("per_page"))
    a.add_argument("--paper", default="A4", choices=["A4", "A3"], help=h("paper_atlas"))
    a.add_argument("--images", choices=["png", "svg"], help=h("images"))
    a.add_argument("--dpi", type=int, default=150, metavar=mv("dpi"), help=h("dpi_atlas"))
    a.add_argument("--title", metavar=mv("title"), help=h("title"))
    a.add_argument("--only", nargs="+", metavar=mv("only"), help=h("only"))
    a.add_argument("-q", "--quiet", action="store_true", help=h("quiet_bar"))
    a.add_argument("-o", "--output", default="atlas.pdf", metavar=mv("output"), help=h("output_atlas"))
    a.set_defaults(func=_atlas)
    _localise([p, d, i, f, pa, v, c, m, a], lang)
    return p


def _one_line(exc: BaseException) -> str:
    text = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
    return " ".join(part.strip() for part in text.splitlines() if part.strip()) or type(exc).__name__


def _error_line(args, exc: BaseException) -> str:
    """One line on stderr in the language of --lang: the frame, and the message where the error
    has a key in the table of error messages (every error a user's input can cause; any other
    keeps the library's English text)."""
    from ._i18n import text
    from ._messages import translate

    lang = getattr(args, "lang", "en")
    said = translate(exc, lang)
    msg = " ".join(said.split()) if said is not None else _one_line(exc)
    return text("cli_error", lang).format(msg=msg)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; errors are one line on stderr, exit status 2 for a wrong request
    (unknown indicator, scheme, level, vintage, file name or format) and 1 for a failure
    while doing it (data unavailable, a file that cannot be written)."""
    from ._i18n import text
    from ._messages import argparse_message
    from .errors import DataIntegrityError, KzRegionsError

    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args = build_parser(_lang_in(argv)).parse_args(argv)
    except InvalidArgumentError as exc:  # argparse's words in --lang too, and how to get the usage
        lang = _lang_in(argv)
        print(text("cli_error", lang).format(msg=f"{argparse_message(str(exc), lang)} (`{exc.argument} -h`)"),
              file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except (OSError, DataIntegrityError) as exc:  # data unavailable or damaged, permission, full disk
        print(_error_line(args, exc), file=sys.stderr)
        return 1
    except (ValueError, LookupError, TypeError) as exc:  # every KzRegionsError that is about the request
        print(_error_line(args, exc), file=sys.stderr)
        return 2
    except KzRegionsError as exc:  # any other error of ours is a failure, still one line
        print(_error_line(args, exc), file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
