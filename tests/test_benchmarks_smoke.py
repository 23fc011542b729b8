"""The extraction benchmark runs end to end on a few pages of the shared corpus (../shared/corpus)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_extraction_benchmark_smoke() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "extraction.py"), "--limit", "5", "--runs", "1"],
        capture_output=True, text=True, timeout=300, cwd=ROOT, stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    assert "| metric | scope | n | newsearch | trafilatura |" in result.stdout, result.stdout
