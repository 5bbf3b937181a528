"""
Accuracy of the language detector on the sample dump, against hand labels.

    .venv/bin/python bench/language_accuracy.py

Every title and body of samples/govkz-law-2025-02-09.txt was read and labelled by hand:
all are English except the body of news 931104 (Ministry of Culture and Information),
which is Russian under an English title.
"""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from articles.importing.parsing import iter_dump  # noqa: E402
from articles.language import detect  # noqa: E402

RUSSIAN_BODIES = {"931104"}


def main():
    with open(ROOT / "samples" / "govkz-law-2025-02-09.txt", encoding="utf-8") as handle:
        items = list(iter_dump(handle))
    cases = []
    for item in items:
        cases.append((f"{item.source.news_id} title", item.title, "en"))
        body_language = "ru" if item.source.news_id in RUSSIAN_BODIES else "en"
        cases.append((f"{item.source.news_id} body", item.body, body_language))
    start = time.perf_counter()
    wrong = [(name, expected, detect(text)) for name, text, expected in cases if detect(text) != expected]
    seconds = time.perf_counter() - start
    correct = len(cases) - len(wrong)
    print(f"texts: {len(cases)} ({len(items)} titles and {len(items)} bodies)")
    print(f"correct: {correct}/{len(cases)} = {correct / len(cases):.1%}")
    print(f"speed: {2 * len(cases) / seconds:,.0f} detections/s")
    for name, expected, got in wrong:
        print(f"  wrong: {name}: expected {expected}, got {got or 'none'}")


if __name__ == "__main__":
    main()
