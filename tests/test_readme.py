"""The README's examples are tests: every ```sh line and ```python block runs, in README order.

They run in one working folder holding what the README assumes: ``data`` (a copy
of the demo data of ``make run``, shared per session), ``.venv`` (this venv),
``report.pdf``, ``page.html`` and ``reports/`` (generated sample reports). An
example fails on a non-zero exit, or when it prints nothing and writes no file.
A block that cannot run here is preceded by ``<!-- readme-test: skip: REASON -->``.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
_FENCE = re.compile(r"^```(\w*)\s*$")
_SKIP = re.compile(r"^<!--\s*readme-test:\s*skip:\s*(?P<reason>.*?)\s*-->$")
TIMEOUT = 300


@dataclass(frozen=True)
class Example:
    line: int          # README line number of the command (or of the python block's fence)
    language: str      # "sh" or "python"
    code: str
    skip: str | None   # the reason, when the block is marked as not runnable here

    @property
    def id(self) -> str:
        return f"L{self.line}:{self.code.splitlines()[0][:60]}"


def examples(text: str) -> list[Example]:
    """The runnable examples of a README: each command line of a ```sh block, each ```python block."""
    out: list[Example] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m or not m.group(1):
            i += 1
            continue
        language, start = m.group(1), i
        end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
        previous = next((lines[j].strip() for j in range(start - 1, -1, -1) if lines[j].strip()), "")
        skip = _SKIP.match(previous)
        reason = skip.group("reason") if skip else None
        if language == "sh":
            for n in range(start + 1, end):
                if lines[n].strip() and not lines[n].lstrip().startswith("#"):
                    out.append(Example(n + 1, "sh", lines[n].strip(), reason))
        elif language == "python":
            out.append(Example(start + 1, "python", "\n".join(lines[start + 1:end]), reason))
        i = end + 1
    return out


def test_the_parser_finds_commands_and_skip_marks():
    text = ("intro\n```sh\n.venv/bin/xxgk a   # note\n\n# a comment\n.venv/bin/xxgk b\n```\n"
            "<!-- readme-test: skip: needs the network -->\n```sh\nxxgk crawl\n```\n"
            "```json\n{}\n```\n```python\nprint(1)\n```\n```\nmake run\n```\n")
    assert [(e.line, e.language, e.code, e.skip) for e in examples(text)] == [
        (3, "sh", ".venv/bin/xxgk a   # note", None), (6, "sh", ".venv/bin/xxgk b", None),
        (10, "sh", "xxgk crawl", "needs the network"), (15, "python", "print(1)", None)]


EXAMPLES = examples(README.read_text("utf-8"))


def test_every_skipped_example_says_why_and_most_run():
    assert all(e.skip for e in EXAMPLES if e.skip is not None)
    assert sum(e.skip is None for e in EXAMPLES) >= 12


@pytest.fixture(scope="module")
def workdir(demo_data, tmp_path_factory) -> Path:
    """The folder the README's commands run in."""
    from pipeline.samples import generate_corpus

    work = tmp_path_factory.mktemp("readme")
    (work / ".venv").symlink_to(Path(sys.executable).parent.parent)
    shutil.copytree(demo_data, work / "data", symlinks=True)
    truths = generate_corpus(work / "reports", n=4, seed=16, kinds=("pdf", "html"))
    shutil.copy(work / "reports" / truths[0].file, work / "report.pdf")
    shutil.copy(work / "reports" / truths[1].file, work / "page.html")
    return work


def _outputs(command: str) -> list[str]:
    """Files a command line says it writes (``--out F``, ``-o F``)."""
    try:
        words = shlex.split(command, comments=True)
    except ValueError:
        return []
    return [words[k + 1] for k, w in enumerate(words[:-1]) if w in ("--out", "-o")]


XXGK = ".venv/bin/xxgk"
_SHELL = set("|&;<>$`(){}*?")


def _run(example: Example, workdir: Path, monkeypatch) -> tuple[int, str, str]:
    """(exit code, stdout, stderr). A plain ``.venv/bin/xxgk …`` line runs in this process (CI time:
    no interpreter start per example); anything else (pipes, python blocks) in a shell."""
    words = shlex.split(example.code, comments=True) if example.language == "sh" else []
    plain = not _SHELL & set(example.code.split("#", 1)[0])
    if words[:1] == [XXGK] and plain:
        from typer.testing import CliRunner

        from pipeline.cli import app

        monkeypatch.chdir(workdir)
        result = CliRunner().invoke(app, words[1:])
        err = result.stderr + ("".join(traceback.format_exception(result.exception))
                               if result.exception and not isinstance(result.exception, SystemExit) else "")
        return result.exit_code, result.stdout, err
    argv = (["bash", "-e", "-o", "pipefail", "-c", example.code] if example.language == "sh"
            else [sys.executable, "-c", example.code])
    done = subprocess.run(argv, cwd=workdir, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_readme_example_runs(example: Example, workdir: Path, monkeypatch):
    if example.skip:
        pytest.skip(example.skip)
    code, stdout, stderr = _run(example, workdir, monkeypatch)
    where = f"README line {example.line}: {example.code}\n{stdout[-2000:]}\n{stderr[-2000:]}"
    assert code == 0, where
    written = _outputs(example.code)
    for name in written:
        assert (workdir / name).is_file() and (workdir / name).stat().st_size > 0, where
    if example.language == "sh" and not written:
        assert stdout.strip(), f"no output: {where}"
        assert not re.search(r"^0 rows\b", stdout, re.MULTILINE), where


def test_package_docstrings_describe_what_is_built():
    import importlib
    import pkgutil

    import pipeline
    import scrapers

    stale = []
    for package in (pipeline, scrapers):
        for info in [None, *pkgutil.iter_modules(package.__path__)]:
            module = package if info is None else importlib.import_module(f"{package.__name__}.{info.name}")
            if re.search(r"not (yet )?built|to be written|placeholder", module.__doc__ or "", re.IGNORECASE):
                stale.append(module.__name__)
    assert stale == []
