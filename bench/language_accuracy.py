"""
Accuracy and speed of the language detector, against hand labels, beside lingua alone.

    .venv/bin/python bench/language_accuracy.py

Two sets of texts:

- every title and body of samples/govkz-law-2025-02-09.txt, read and labelled by hand: all are English except the
  body of news 931104 (Ministry of Culture and Information), which is Russian under an English title;
- the Kazakh and Russian messages of the site's own catalogues (locale/kk, locale/ru: written in those languages
  by their translators), each with at least 25 Cyrillic letters once placeholders and tags are taken out.

``articles.language.detect`` settles most texts by their letters and asks lingua for the rest; the same texts go
to lingua alone (``by_model``) in the same run, so the shortcut's accuracy and speed are measured against the
library's.
"""

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from articles.importing.parsing import iter_dump  # noqa: E402
from articles.language import SAMPLE_CHARS, by_letters, by_model, detect  # noqa: E402

RUSSIAN_BODIES = {"931104"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|<[^>]+>")


def sample_cases():
    with open(ROOT / "samples" / "govkz-law-2025-02-09.txt", encoding="utf-8") as handle:
        items = list(iter_dump(handle))
    cases = []
    for item in items:
        cases.append((f"{item.source.news_id} title", item.title, "en"))
        body_language = "ru" if item.source.news_id in RUSSIAN_BODIES else "en"
        cases.append((f"{item.source.news_id} body", item.body, body_language))
    return cases


def catalogue_cases():
    """(name, text, language) of the catalogues' translated messages (their ``msgstr``, joined over lines)."""
    cases = []
    for code in ("kk", "ru"):
        lines = (ROOT / "locale" / code / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8").splitlines()
        message, inside = [], False
        for number, line in enumerate([*lines, ""], start=1):
            if line.startswith("msgstr"):
                message, inside = [line.split('"', 1)[1].removesuffix('"')], True
            elif inside and line.startswith('"'):
                message.append(line[1:].removesuffix('"'))
            elif inside:
                text = PLACEHOLDER.sub("", "".join(message)).replace('\\"', '"').replace("\\n", " ")
                if len(re.findall("[\u0400-\u04ff]", text)) >= 25:
                    cases.append((f"locale/{code} line {number}", text, code))
                inside = False
    return cases


def measure(name, cases, how):
    start = time.perf_counter()
    answers = [how(text) for _, text, _ in cases]
    seconds = time.perf_counter() - start
    wrong = [(case, got) for case, got in zip(cases, answers, strict=True) if got != case[2]]
    correct = len(cases) - len(wrong)
    print(f"  {name:<22} correct {correct}/{len(cases)} = {correct / len(cases):6.1%}   "
          f"{len(cases) / seconds:9,.0f} texts/s")
    for (label, _, expected), got in wrong:
        print(f"      wrong: {label}: expected {expected}, got {got or 'none'}")
    return correct, seconds


def main():
    by_model("warm up")  # lingua loads its models on first use
    for title, cases in (("sample dump (en, one ru body)", sample_cases()),
                         ("catalogue messages (kk, ru)", catalogue_cases())):
        settled = sum(by_letters(text[:SAMPLE_CHARS]) is not None for _, text, _ in cases)
        print(f"{title}: {len(cases)} texts; {settled} ({settled / len(cases):.0%}) settled by their letters")
        _, ours = measure("detect (letters+lingua)", cases, detect)
        _, library = measure("lingua alone", cases, lambda text: by_model(text[:SAMPLE_CHARS]))
        print(f"  speed ratio detect/lingua alone: {library / ours:.1f}x")


if __name__ == "__main__":
    main()
