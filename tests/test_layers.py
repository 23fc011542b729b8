"""The layers the design card names, kept strict: ``indexer`` (records, index, search,
URL rules, the home) is the bottom and imports nothing above it, so notebooks and
``newsearch query`` never load Scrapy or trafilatura."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

ABOVE_INDEXER = ("crawler", "search_cli", "scrapy", "twisted", "trafilatura", "click")


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at its top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_indexer_imports_nothing_from_the_layers_above_it():
    offenders = {
        str(path.relative_to(ROOT)): sorted(m for m in imported_modules(path) if m.split(".")[0] in ABOVE_INDEXER)
        for path in sorted((ROOT / "indexer").rglob("*.py"))
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_a_query_loads_neither_scrapy_nor_trafilatura(crawled_home):
    """Nor what only writing or other commands need (multiprocessing, the import,
    ingest and reextract commands): a query's import time is most of its run."""
    code = (
        "import sys\n"
        "from search_cli.main import cli\n"
        f"try:\n    cli(['--home', {str(crawled_home)!r}, 'query', 'harbour', '--json'], prog_name='newsearch')\n"
        "except SystemExit:\n    pass\n"
        "print('LOADED', sorted({m.split('.')[0] for m in sys.modules} & {'crawler', 'scrapy', 'twisted', 'trafilatura', 'multiprocessing'}\n"
        "                       | {m for m in sys.modules} & {'search_cli.ingest_cmd', 'search_cli.archive_cmds', 'search_cli.reextract_cmd'}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert '"url"' in result.stdout  # it did search
    assert result.stdout.strip().splitlines()[-1] == "LOADED []"
