"""Build the shipped text model of topic assignment, crawler/extract/topic_model.json.gz.

    PYTHONPATH=. .venv/bin/python tools/build_topic_model.py [--corpus PATH]

Training data: every page of the shared corpus (../shared/corpus) with its hand-labelled
IPTC topics (topics.jsonl), run through extract_page so that the features are exactly
what the crawl computes, plus the seed stems of crawler/extract/topic_lexicon.py. The
model holds per-topic log-probabilities of those stems only (no words of the pages),
so the same corpus and code give the same bytes. benchmarks/topics.py scores the method
leaving whole sites out; rerun this after changing the lexicon or the features.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.topics import DEFAULT_CORPUS, load_evidence, train_examples  # noqa: E402
from crawler.extract import topic_model  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=topic_model.MODEL_FILE)
    args = parser.parse_args(argv)
    if not (args.corpus / "topics.jsonl").is_file():
        print(f"error: no topics.jsonl in {args.corpus}", file=sys.stderr)
        return 1
    pages = load_evidence(args.corpus)
    model = topic_model.train(train_examples(pages))
    topic_model.save(model, args.out)
    print(f"{args.out}: {len(pages)} pages, {len(model.logp)} features, {args.out.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
