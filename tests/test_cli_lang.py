"""The command line speaks the language of --lang: the join report, its own lines and the
frame of an error (issue 26)."""

from __future__ import annotations

import re

import pytest

from kzregions._i18n import _TEXT, LANGS
from kzregions.cli import main

LATIN_WORDS = re.compile(r"\b(?:units?|rows?|joined|table|boundaries|error|wrote|sheets?)\b")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_join_report_follows_lang(lang, capsys, tmp_path):
    # unemployment 2021 is on the 2018 set: the 7 units the 2022 reform changed get no row
    out = tmp_path / "u.png"
    assert main(["map", "unemployment_rate", "--year", "2021", "--lang", lang, "--dpi", "30", "-o", str(out)]) == 0
    cap = capsys.readouterr()
    report = cap.err.strip().splitlines()
    assert len(report) == 1 + 1 + 7, cap.err
    assert all(line.startswith("    ") for line in report[2:])
    text = re.sub(r"\([^)]*KATO codes\)", "", cap.err)  # the key column is named as the table names it
    assert not LATIN_WORDS.search(text), text
    assert "Абай" in cap.err and "Ұлытау" in cap.err          # unit names in the language asked for
    assert str(out) in cap.out and not LATIN_WORDS.search(cap.out.replace(str(out), "")), cap.out
    assert out.stat().st_size > 0


def test_an_error_line_is_framed_in_the_language(capsys, tmp_path):
    assert main(["map", "grp_per_capita", "--year", "1900", "--lang", "ru", "-o", str(tmp_path / "a.png")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("kzregions: ошибка: ") and "1900" in err and len(err.splitlines()) == 1


def test_every_cli_phrase_exists_in_three_languages():
    keys = [k for k in _TEXT if k.startswith(("cli_", "why_", "fix_"))]
    assert len(keys) >= 12
    for k in keys:
        assert set(_TEXT[k]) == set(LANGS), k
        fields = {frozenset(re.findall(r"{(\w+)}", _TEXT[k][lang])) for lang in LANGS}
        assert len(fields) == 1, (k, fields)  # the same placeholders in every language


HELP_COMMANDS = [[], ["data"], ["data", "info"], ["data", "fetch"], ["data", "path"], ["data", "verify"],
                 ["data", "clear"], ["map"], ["atlas"]]


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("command", HELP_COMMANDS, ids=lambda c: " ".join(c) or "kzregions")
def test_help_follows_lang(command, lang, capsys):
    """`-h` in Kazakh and Russian: argparse's own words, every help text and the names of the
    values; left in Latin only what the user types (options, choices, keys, file formats)."""
    import re

    from kzregions._clihelp import HELP, WORDS

    with pytest.raises(SystemExit) as e:
        main([*command, "-h", "--lang", lang])
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(WORDS["usage"][lang]) and WORDS["help"][lang] in out
    assert WORDS["options"][lang] + ":" in out
    flat = " ".join(out.split())
    for key, texts in HELP.items():  # no English help text is left; ours in this language where used
        assert texts["en"] not in flat or texts["en"] == texts[lang], (key, texts["en"])
    # what remains in Latin is what is typed: options, metavars of choices, keys and formats
    typed = re.sub(r"(-{1,2}[\w-]+|\{[^}]*\}|\b\w+\(\)|\b[a-z]+(_[a-z]+)+\b|kz\.\w+|\b(PNG|PDF|SVG|A[345]|K)\b"
                   r"|\b(kzregions|auto|quantiles|letter|oblast|district|level|info|fetch|path|verify|clear|data|"
                   r"map|atlas|en|kk|ru|png|svg)\b|'district')", " ", out)
    assert not re.findall(r"[A-Za-z]{2,}", typed), re.findall(r"[A-Za-z]{2,}", typed)
