#!/usr/bin/env bash
# Make the venvs of the tools the benchmarks compare newsearch with (outside the repo):
#   $NEWSEARCH_BENCH_VENVS/peers       trafilatura (CLI), tantivy, py-spy
#   $NEWSEARCH_BENCH_VENVS/newsplease  news-please
# Default NEWSEARCH_BENCH_VENVS: ../bench-venvs beside the repository. Needs PyPI.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
venvs="${NEWSEARCH_BENCH_VENVS:-$(dirname "$here")/bench-venvs}"
python="${PYTHON:-python3}"
mkdir -p "$venvs"
[ -x "$venvs/peers/bin/python" ] || "$python" -m venv "$venvs/peers"
"$venvs/peers/bin/pip" install -q "trafilatura==2.3.1" lxml_html_clean tantivy py-spy
[ -x "$venvs/newsplease/bin/python" ] || "$python" -m venv "$venvs/newsplease"
"$venvs/newsplease/bin/pip" install -q news-please || echo "news-please did not install; crawl.py will skip it" >&2
echo "peer venvs in $venvs"
