"""Every error a user's input can cause at the command line, and everything `kzregions data`
prints, in the language of --lang (issue 26): no English word is left in a Kazakh or Russian line
beyond the user's own value, names, codes, paths and command names."""

from __future__ import annotations

import functools
import re

import pytest

from kzregions import errors
from kzregions._messages import _FIX_DATA, MESSAGES, PHRASES, translate
from kzregions._schema import VINTAGES
from kzregions._sources import FIX_HINT
from kzregions.cli import main

#: words that stay as they are in every language: the data's name, shell commands, a mapclassify class
KEPT = {"geokz", "export", "kzregions", "data", "fetch", "info", "mapclassify", "Quantiles"}


@functools.cache
def _unit_names() -> frozenset[str]:
    """The words of the oblasts' names ("West", "Kazakhstan"): names, printed as the data give them."""
    import kzregions as kz

    return frozenset(w for n in kz.oblasts(2024)["name_en"] for w in n.split())


def english_words(line: str) -> list[str]:
    """Latin words of ``line`` once the user's values, names (of units), codes, paths, options and
    Python or shell names are taken out."""
    line = re.sub(r"'[^']*'|`[^`]*`|\[[^\]]*\]", " ", line)   # quoted values, commands, lists of names
    kept = []
    for token in line.split():
        token = token.lstrip("(").rstrip(",.;:)")  # ".png" keeps its dot, "word." loses it
        if re.search(r"[/_.=()\d]|^-|[a-z][A-Z]", token) or token in KEPT | _unit_names() or token.isupper():
            continue  # a path, an identifier (KZREGIONS_DATA_DIR, kz.oblasts(2017), FisherJenks), an option, KATO
        kept += re.findall(r"[A-Za-z]{2,}", token)
    return kept


def test_every_message_exists_in_three_languages_with_the_same_fields():
    for table in (MESSAGES, PHRASES):
        for key, row in table.items():
            assert set(row) == {"en", "kk", "ru"}, key
            fields = {lang: sorted(re.findall(r"{(\w+)", row[lang])) for lang in row}
            assert fields["kk"] == fields["en"] == fields["ru"], (key, fields)


def test_the_english_messages_are_the_library_ones():
    assert _FIX_DATA["en"] == FIX_HINT
    periods = "; ".join(f"{k} ({p})" for k, p in VINTAGES.items())
    with pytest.raises(errors.VintageError) as e:
        import kzregions as kz

        kz.oblasts(2020)
    assert f"Available: {periods}." in str(e.value) and "vintage=2018" in str(e.value)
    assert e.value.key == "vintage_year" and translate(e.value, "en") == str(e.value)
    assert "Границы, действовавшие в 2020 году" in translate(e.value, "ru")


def _bad_inputs(tmp_path):
    out = str(tmp_path / "m.png")
    return {
        "unknown indicator, candidates": ["map", "unemploymnt", "-o", out],
        "unknown indicator, none close": ["map", "zzzqqq", "-o", out],
        "a year without values": ["map", "grp_per_capita", "--year", "1900", "-o", out],
        "a level that does not exist": ["map", "grp_per_capita", "--level", "3", "-o", out],
        "a vintage of no statistics": ["map", "grp_per_capita", "--vintage", "2019", "-o", out],
        "a vintage of no boundaries": ["map", "--vintage", "2019", "-o", out],
        "the pre-2018 vintage of districts": ["map", "--vintage", "2017", "--level", "district", "-o", out],
        "a format matplotlib does not write": ["map", "-o", str(tmp_path / "m.docx")],
        "no extension": ["map", "-o", str(tmp_path / "m")],
        "a folder that does not exist": ["map", "-o", str(tmp_path / "nope" / "m.png")],
        "a folder that is a file": ["map", "-o", str(tmp_path / "f.txt" / "m.png")],
        "atlas: a year without values": ["atlas", "--year", "1900", "-o", str(tmp_path / "a.pdf")],
        "atlas: a district indicator that does not exist": ["atlas", "grp_per_capita", "-o", str(tmp_path / "a.pdf")],
        "a file not in the manifest": ["data", "path", "kaz_admbnda_adm9_2018.shp"],
        "a scheme mapclassify does not have": ["map", "grp_per_capita", "--scheme", "foo", "-o", out],
        "one class": ["map", "grp_per_capita", "-k", "1", "-o", out],
        "a paper size that does not exist": ["map", "--paper", "B7", "-o", out],
        "a resolution out of range": ["map", "--dpi", "0", "-o", out],
        "a count as colours": ["map", "population_start_of_year", "-o", out],
        "argparse: not a whole number": ["map", "--year", "abc", "-o", out],
        "argparse: not one of the choices": ["atlas", "--images", "gif", "-o", str(tmp_path / "a.pdf")],
        "argparse: an option that does not exist": ["map", "--bogus", "-o", out],
        "argparse: an option without its value": ["map", "-o", out, "--year"],
        "atlas: a sheet that does not exist": ["atlas", "-q", "--only", "Atlantis", "Kazakhstan", "-o", str(tmp_path / "a.pdf")],
    }


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_error_from_user_input_is_said_in_the_language(lang, tmp_path, capsys):
    (tmp_path / "f.txt").write_text("a file, not a folder")
    frame = {"kk": "kzregions: қате: ", "ru": "kzregions: ошибка: "}[lang]
    for case, argv in _bad_inputs(tmp_path).items():
        assert main([*argv, "--lang", lang]) in (1, 2), case
        *said, err = capsys.readouterr().err.strip().splitlines()  # said: the atlas's note on a count
        assert len(said) <= 1 and err.startswith(frame), (case, said, err)
        assert not english_words(err[len(frame):]) and not any(map(english_words, said)), (case, english_words(err), err)
        assert re.search("[а-яәіңғүұқөһ]{3}", err[len(frame):]), (case, err)  # words, not just values


def test_the_same_errors_in_english_are_the_library_messages(tmp_path, capsys):
    for case, argv in _bad_inputs(tmp_path).items():
        assert main([*argv, "--lang", "en"]) in (1, 2), case
        err = capsys.readouterr().err.strip().splitlines()[-1]
        assert err.startswith("kzregions: error: ") and english_words(err), (case, err)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_unwritable_and_offline_without_a_mirror_are_said_in_the_language(lang, tmp_path, capsys, monkeypatch):
    import os

    frame = {"kk": "kzregions: қате: ", "ru": "kzregions: ошибка: "}[lang]
    # os.access: the test may run as root, who may write anywhere
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    assert main(["map", "-o", str(tmp_path / "m.png"), "--lang", lang]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(frame) and not english_words(err[len(frame):]), err
    monkeypatch.undo()
    # no mirror, an empty cache, offline: the files are nowhere
    monkeypatch.delenv("KZREGIONS_DATA_DIR")
    monkeypatch.setenv("KZREGIONS_CACHE_DIR", str(tmp_path / "empty"))
    monkeypatch.setenv("KZREGIONS_OFFLINE", "1")
    for argv in (["data", "path", "kaz_admbnda_adm0_2018.shp"], ["map", "-o", str(tmp_path / "m.png")]):
        assert main([*argv, "--lang", lang]) == 1
        err = capsys.readouterr().err.strip()
        assert err.startswith(frame) and "KZREGIONS_OFFLINE" in err, err
        assert not english_words(err[len(frame):]), (english_words(err), err)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_data_prints_in_the_language(lang, tmp_path, capsys, monkeypatch):
    for argv in (["data", "info"], ["data", "verify"], ["data", "path"]):
        assert main([*argv, "--lang", lang]) == 0
        out = capsys.readouterr().out
        assert out.strip(), argv
        for line in out.splitlines():
            assert not english_words(line), (argv, line)
    info = capsys.readouterr()
    assert main(["data", "info", "--lang", lang]) == 0
    info = capsys.readouterr().out
    assert re.search(r"kaz_admbnda_adm0_2018\.shp +\S+ +(иә|да) ", info), info  # the mirror's files, verified
    monkeypatch.setenv("KZREGIONS_CACHE_DIR", str(tmp_path / "cache"))  # not the session's cache
    assert main(["data", "clear", "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert "0" in out and not english_words(out), out


def test_data_json_stays_machine_readable_in_any_language(capsys):
    import json

    assert main(["data", "info", "--json", "--lang", "kk"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert {"data_dir", "cache_dir", "files"} <= set(info) and info["files"][0]["source"] == "mirror"
