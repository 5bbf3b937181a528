"""
The "cost does not grow with the corpus" table of docs/performance.md, from the JSON of ``bench/run.py`` runs at
several sizes: each endpoint's p50 latency at every size and the ratio of the largest to the smallest.

    .venv/bin/python bench/scale_table.py var/bench-1k.json var/bench-100k.json var/bench-1m.json
"""

import argparse
import json
from pathlib import Path

LIMIT = 1.5  # the target: within 1.5x of the latency at the smallest size


def rows_by_key(report, mode):
    for result in report["modes"]:
        if result["mode"] == mode:
            return {row["key"]: row for row in result["rows"] if not row["key"].startswith("bare")}
    return {}


def table(reports):
    reports = sorted(reports, key=lambda r: r["articles"])
    small = reports[0]
    sizes = [f"{r['articles']:,}" for r in reports]
    lines = ["| mode | endpoint | " + " | ".join(f"p50 at {s}" for s in sizes)
             + f" | {sizes[-1]} ÷ {sizes[0]} | within {LIMIT:g}x |",
             "| --- | --- | " + " | ".join("---:" for _ in sizes) + " | ---: | --- |"]
    verdicts = []
    for mode in ("cached", "uncached"):
        first = rows_by_key(small, mode)
        for key, row in first.items():
            cells = [rows_by_key(r, mode).get(key) for r in reports]
            if any(c is None or not c["p50_ms"] for c in cells):
                continue
            ratio = cells[-1]["p50_ms"] / cells[0]["p50_ms"]
            ok = ratio <= LIMIT
            verdicts.append(ok)
            lines.append(f"| {mode} | {row['label']} | " + " | ".join(f"{c['p50_ms']:.1f} ms" for c in cells)
                         + f" | {ratio:.2f} | {'yes' if ok else '**no**'} |")
    lines.append("")
    lines.append(f"{sum(verdicts)} of {len(verdicts)} endpoint rows within {LIMIT:g}x from {sizes[0]} to {sizes[-1]} "
                 f"articles.")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("reports", nargs="+", type=Path, help="JSON files written by bench/run.py --json")
    args = parser.parse_args()
    print(table([json.loads(path.read_text()) for path in args.reports]))


if __name__ == "__main__":
    main()
