"""The Kazakh and Russian catalogues hold every message of the project, translated and reviewed.

The catalogues are regenerated with the project's ``makemessages`` into a copy of ``locale/``, so a message
added to the code or the templates but not to the catalogues fails here, named, without touching the real files.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

LANGUAGES = ["kk", "ru"]
GETTEXT_TOOLS = ["msgfmt", "msgattrib", "xgettext", "msgmerge", "msguniq"]

pytestmark = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in GETTEXT_TOOLS),
    reason="GNU gettext (msgfmt, xgettext, msgmerge, msguniq, msgattrib) is not installed: apt-get install gettext",
)


def snapshot(directory):
    return {path.relative_to(directory): path.read_bytes() for path in sorted(directory.rglob("*")) if path.is_file()}


def msgids(po_file, option):
    """The msgids that ``msgattrib <option>`` keeps (the header excluded)."""
    out = subprocess.run(["msgattrib", option, "--no-wrap", "--no-location", str(po_file)],
                         capture_output=True, text=True, check=True).stdout
    return [m for m in re.findall(r'^msgid "(.*)"$', out, re.MULTILINE) if m]


@pytest.fixture
def regenerated(tmp_path, settings, monkeypatch):
    """``makemessages -l kk -l ru`` run into a copy of ``locale/``; the real catalogues are checked unchanged after."""
    real = Path(settings.BASE_DIR) / "locale"
    before = snapshot(real)
    shutil.copytree(real, tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(settings.BASE_DIR)
    call_command("makemessages", locale=LANGUAGES, ignore_patterns=[".venv", "bench", "tests", "var", "docs"],
                 no_obsolete=True, verbosity=0)
    yield tmp_path / "locale"
    assert snapshot(real) == before, "makemessages changed the real locale/ files"


def test_every_message_is_translated_in_kazakh_and_russian(regenerated):
    """After regenerating, msgfmt counts no untranslated and no fuzzy message in kk and ru; failures name them."""
    problems = []
    for language in LANGUAGES:
        po_file = regenerated / language / "LC_MESSAGES" / "django.po"
        result = subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po_file)],
                                capture_output=True, text=True)
        statistics = result.stderr.strip()
        if result.returncode:
            problems.append(f"{language}: msgfmt --check failed:\n{statistics}")
        untranslated = msgids(po_file, "--untranslated")
        fuzzy = msgids(po_file, "--only-fuzzy")
        problems += [f"{language}: untranslated: {m}" for m in untranslated]
        problems += [f"{language}: fuzzy: {m}" for m in fuzzy]
        if not untranslated and not fuzzy and ("untranslated" in statistics or "fuzzy" in statistics):
            problems.append(f"{language}: {statistics}")
    assert not problems, "\n".join(problems)


def test_the_regenerated_catalogues_keep_the_public_templates_messages(regenerated):
    """The Jinja2 templates' messages survive regeneration with --no-obsolete (the project's makemessages)."""
    for language in LANGUAGES:
        text = (regenerated / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
        assert 'msgid "Skip to content"' in text and "templates/jinja2/base.html" in text
