"""Recall of the top 10: does a change keep the ranking? (issue 12)

    python benchmarks/ranking_recall.py --before ../main --home-before H1 --home-after H2

Runs search.py's 50 benchmark queries with the code of another checkout
(``--before``, e.g. main) on the home it built (``--home-before``) and with this
checkout's code on its home (``--home-after``; the same home when only the search
code changed), each in its own process, and prints recall@10 (the share of the
before-run's top-10 story URLs that the after-run's top 10 also has), how many
queries have the same top 10 in the same order, and the same snippets.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_RUN = """
import json, sys
sys.path.insert(0, sys.argv[1])
from datetime import date
from pathlib import Path
from benchmarks.search import QUERIES
from indexer.home import Home
from indexer.search import Filters, search
from indexer.topics import topic_for
from indexer.when import parse_when
home, today = Home(Path(sys.argv[2])), date.fromisoformat(sys.argv[3])
out = []
for spec in QUERIES:
    f = Filters(parse_when(spec["since"], today) if spec["since"] else None, None,
                [topic_for(spec["topic"])] if spec["topic"] else [], [], [])
    r = search(home, spec["q"], f)
    out.append({"q": spec["q"], "urls": [h.url for h in r.hits], "snippets": [h.snippet for h in r.hits]})
print(json.dumps(out))
"""


def top10(code: Path, home: Path, today: str) -> list[dict]:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    res = subprocess.run([sys.executable, "-c", _RUN, str(code), str(home), today], capture_output=True, text=True,
                         env=env, cwd=code, check=True)
    return json.loads(res.stdout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--before", type=Path, required=True, help="the other checkout (its indexer/ and benchmarks/)")
    ap.add_argument("--home-before", type=Path, required=True)
    ap.add_argument("--home-after", type=Path, required=True)
    ap.add_argument("--today", required=True, help="the day the homes were built for (YYYY-MM-DD)")
    args = ap.parse_args()
    before = top10(args.before.resolve(), args.home_before, args.today)
    after = top10(ROOT, args.home_after, args.today)
    recalls, same_order, same_snippets = [], 0, 0
    for b, a in zip(before, after):
        if b["urls"]:
            recalls.append(len(set(b["urls"]) & set(a["urls"])) / len(b["urls"]))
        same_order += b["urls"] == a["urls"]
        same_snippets += b["snippets"] == a["snippets"]
        if b["urls"] != a["urls"]:
            print(f"differs: {b['q']!r}: {len(set(b['urls']) & set(a['urls']))} of {len(b['urls'])} kept", file=sys.stderr)
    print(f"recall@10 {sum(recalls) / len(recalls):.3f} over {len(recalls)} queries; same top 10 in the same order: "
          f"{same_order} of {len(before)}; same snippets: {same_snippets} of {len(before)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
