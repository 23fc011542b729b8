"""The README's examples are a contract with a new user: its Python API block runs as
written against a real crawled home."""
from __future__ import annotations

import os
import re
import subprocess
import sys

from tests.conftest import ROOT


def readme_block(heading: str) -> str:
    """The first ```python block after *heading* in the README."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index(heading):]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, f"no python block after {heading!r}"
    return match.group(1)


def test_the_python_api_example_runs_as_written(crawled_home):
    code = readme_block("## Python API").replace('since="7d", ', "")  # the sample stories are from 2025
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NEWSEARCH_HOME": str(crawled_home)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    assert "Iraq agrees returns deal" in result.stdout  # the search found the story, and get() its record
    assert "The Harbour Post" in result.stdout  # stats()["per_source"]
