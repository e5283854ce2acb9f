"""Every code block of README.md and of docs/ runs as written, on the real data.

The blocks of one document run in order in one namespace, as a reader pastes them into one
kernel, each in a fresh temporary folder shared by the document (files a block writes are
there for the next). New sections are covered without being listed here.

Conventions (stated in README, "Writing documentation"):

- A Markdown block fenced as ```` ```python ```` runs; ```` ```python no-run ```` is only
  compiled (for the few that need what a reader brings: a cluster, a file of their own).
  In reStructuredText, ``.. code-block:: python`` runs and ``:class: no-run`` skips it.
- A statement ending in ``# -> <expected>`` is a claim: the statement's value must equal
  the literal (numbers to the decimals written) or match ``repr``/``str`` of the value,
  where ``...`` stands for any text (as doctest's ELLIPSIS).
- A block that starts with ``>>>`` is a doctest and runs in the same namespace.
- A DeprecationWarning or FutureWarning fails the block: the docs never teach an outdated
  spelling.
"""

from __future__ import annotations

import ast
import doctest
import math
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_SKIP_DIRS = {"_build", "generated", "_autosummary"}


def documents() -> list[Path]:
    docs = ROOT / "docs"
    extra = sorted(p for p in [*docs.rglob("*.md"), *docs.rglob("*.rst")]
                   if not _SKIP_DIRS.intersection(p.relative_to(docs).parts))
    return [ROOT / "README.md", *extra]


@dataclass(frozen=True)
class Block:
    doc: str
    line: int  # 1-based line of the block's first code line
    code: str
    run: bool

    @property
    def id(self) -> str:
        return f"{self.doc}:{self.line}"


_MD_FENCE = re.compile(r"^(?P<indent>[ ]{0,3})```[ ]*(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=indent)```[ ]*$",
                       re.M | re.S)
_RST_BLOCK = re.compile(r"^(?P<indent>[ ]*)\.\. code-block::[ ]*(?:python|pycon|python3)[ ]*\n"
                        r"(?P<opts>(?:(?P=indent)[ ]+:[^\n]*\n)*)\n?(?P<body>(?:(?P=indent)[ ]+[^\n]*\n|[ ]*\n)+)",
                        re.M)


def blocks_of(path: Path) -> list[Block]:
    text = path.read_text(encoding="utf-8")
    name = path.relative_to(ROOT).as_posix()
    out = []
    if path.suffix == ".md":
        for m in _MD_FENCE.finditer(text):
            info = m["info"].split()
            if not info or info[0] not in ("python", "py", "pycon"):
                continue
            line = text.count("\n", 0, m.start("body")) + 1
            out.append(Block(name, line, m["body"], "no-run" not in info[1:]))
    else:
        for m in _RST_BLOCK.finditer(text):
            body = m["body"]
            lines = [ln for ln in body.splitlines()]
            depth = min(len(ln) - len(ln.lstrip()) for ln in lines if ln.strip())
            code = "\n".join(ln[depth:] for ln in lines).strip("\n") + "\n"
            line = text.count("\n", 0, m.start("body")) + 1
            out.append(Block(name, line, code, "no-run" not in m["opts"]))
    return out


BLOCKS = [b for doc in documents() for b in blocks_of(doc)]


# ----------------------------------------------------------------------------- claims
def _decimals(expected: str) -> int:
    m = re.fullmatch(r"-?\d+(?:\.(\d+))?(?:e-?\d+)?", expected.strip())
    return len(m.group(1) or "") if m else 0


def check_claim(value, expected: str) -> None:
    """``value`` is what ``# -> expected`` says (see the module docstring)."""
    expected = expected.strip()
    try:
        lit = ast.literal_eval(expected)
    except (ValueError, SyntaxError):
        lit = ...
    if lit is not ... and isinstance(lit, (int, float)) and not isinstance(lit, bool) \
            and isinstance(value, (int, float)) and not isinstance(value, bool):
        tol = 0.5 * 10 ** -_decimals(expected)
        assert math.isclose(float(value), float(lit), rel_tol=0, abs_tol=tol * 1.000001), \
            f"the docs say {expected}, the code gives {value!r}"
        return
    if lit is not ... and lit == value:
        return
    for shown in (repr(value), str(value)):
        if shown == expected or doctest._ellipsis_match(expected, shown):  # type: ignore[attr-defined]
            return
    raise AssertionError(f"the docs say {expected}, the code gives {repr(value)[:500]}")


def _claims(code: str) -> dict[int, str]:
    """Line number (1-based within the block) -> the expected text of its ``# -> `` comment."""
    out = {}
    for i, ln in enumerate(code.splitlines(), 1):
        m = re.search(r"#\s*->\s*(.+?)\s*$", ln)
        if m:
            out[i] = m.group(1)
    return out


def run_block(block: Block, ns: dict) -> None:
    if block.code.lstrip().startswith(">>>"):
        test = doctest.DocTestParser().get_doctest(block.code, ns, block.id, block.doc, block.line - 1)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        failures = []
        runner.run(test, out=failures.append, clear_globs=False)
        assert not runner.failures, "".join(failures)
        return
    tree = ast.parse(block.code, filename=block.id)
    claims = _claims(block.code)
    for stmt in tree.body:
        expected = claims.get(stmt.end_lineno or stmt.lineno)
        where = f"{block.doc}, line {block.line + stmt.lineno - 1}"
        if expected is not None:
            assert isinstance(stmt, ast.Expr), f"{where}: a '# -> ' claim must follow an expression"
            value = eval(compile(ast.Expression(stmt.value), where, "eval"), ns)
            try:
                check_claim(value, expected)
            except AssertionError as exc:
                raise AssertionError(f"{where}: {exc}") from None
        else:
            exec(compile(ast.Module([stmt], type_ignores=[]), where, "exec"), ns)


def outdated(caught, doc: str) -> list[str]:
    """The deprecations a block caused. kzregions attributes its deprecations to the caller's
    line (a block's statements are compiled with the document's name as file name); a
    third-party library's warnings about its own dependencies are not the docs' fault."""
    import kzregions

    package = str(Path(kzregions.__file__).parent) + os.sep
    return [f"{w.filename}:{w.lineno}: {w.category.__name__}: {w.message}" for w in caught
            if issubclass(w.category, (DeprecationWarning, FutureWarning))
            and (str(w.filename).startswith(doc) or str(w.filename).startswith(package))]


# ----------------------------------------------------------------------------- the tests
_NAMESPACES: dict[str, dict] = {}
_FOLDERS: dict[str, Path] = {}


def test_every_document_has_runnable_blocks_and_few_exceptions():
    readme = [b for b in BLOCKS if b.doc == "README.md"]
    assert len(readme) >= 8
    skipped = [b.id for b in BLOCKS if not b.run]
    # a block that cannot run needs a reason a reader can see; keep them rare
    assert len(skipped) <= max(2, len(BLOCKS) // 10), skipped


@pytest.mark.parametrize("block", BLOCKS, ids=[b.id for b in BLOCKS])
def test_block_runs_as_written(block: Block, tmp_path_factory, monkeypatch):
    compile(block.code if not block.code.lstrip().startswith(">>>") else "pass", block.id, "exec")
    if not block.run:
        pytest.skip("marked no-run: compiled only")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder = _FOLDERS.setdefault(block.doc, tmp_path_factory.mktemp(Path(block.doc).stem.replace(".", "_")))
    ns = _NAMESPACES.setdefault(block.doc, {"__name__": "__main__"})
    monkeypatch.chdir(folder)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            run_block(block, ns)
        finally:
            plt.close("all")
    bad = outdated(caught, block.doc)
    assert not bad, "the docs teach an outdated spelling:\n" + "\n".join(bad)


def test_a_deprecated_spelling_in_a_block_fails():
    """The warning check itself: a deprecation raised for a block's line must fail it."""
    block = Block("README.md", 1, "import warnings\nwarnings.warn('f(old=...) is deprecated', DeprecationWarning)\n",
                  True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run_block(block, {"__name__": "__main__"})
    assert outdated(caught, "README.md")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.warn("a library's own business", DeprecationWarning, stacklevel=1)
    assert not outdated(caught, "README.md")  # raised here, in tests/, not by a block


def test_claims_are_checked():
    """The claim checker itself: it must be able to fail."""
    check_claim(530131.4, "530131")
    check_claim(4.34, "4.3")
    check_claim("710000000", "'710000000'")
    check_claim([1, 2], "[1, 2]")
    check_claim(object(), "<object object at ...>")
    for value, expected in ((530133, "530131"), (4.36, "4.3"), ("a", "'b'"), ([1], "[1, 2]")):
        with pytest.raises(AssertionError):
            check_claim(value, expected)


def test_blocks_are_found_in_markdown_and_rst(tmp_path):
    md = tmp_path / "a.md"
    md.write_text("x\n```python\nx = 1  # -> 1\n```\n```python no-run\nopen('mine.csv')\n```\n"
                  "```bash\nls\n```\n", encoding="utf-8")
    rst = tmp_path / "b.rst"
    rst.write_text("T\n\n.. code-block:: python\n\n   y = 2\n   y\n\n.. code-block:: python\n   :class: no-run\n\n"
                   "   open('mine.csv')\n\nend\n", encoding="utf-8")
    old = globals()["ROOT"]
    globals()["ROOT"] = tmp_path
    try:
        a, b = blocks_of(md), blocks_of(rst)
    finally:
        globals()["ROOT"] = old
    assert [(x.line, x.run) for x in a] == [(3, True), (6, False)]
    assert [(x.code, x.run) for x in b] == [("y = 2\ny\n", True), ("open('mine.csv')\n", False)]
    assert _claims(a[0].code) == {1: "1"}
