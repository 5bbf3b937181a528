"""Django's ``makemessages``, reading the public site's Jinja2 templates too.

Django's extractor reads Python and Django templates only; the public pages are Jinja2
(``templates/jinja2/``), whose ``gettext``/``ngettext`` calls Jinja2's own i18n extension
extracts. Their messages are added to the project's ``.pot`` before it is merged into each
locale, so one ``makemessages -l kk -l ru`` keeps every message of the project — none of the
public site's strings turns obsolete.

The project keeps one catalogue per language, in the first ``LOCALE_PATHS`` entry: every file's messages go
there. Django would otherwise file each source under the nearest ``locale/`` directory it walks past (the
project's own ``locale/``), even when ``LOCALE_PATHS`` points elsewhere, e.g. at a copy being checked.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.commands import makemessages
from django.core.management.utils import popen_wrapper

from kzpress.jinja2 import environment

JINJA2_DIR = Path(settings.BASE_DIR) / "templates" / "jinja2"


def jinja2_messages(directory=JINJA2_DIR):
    """(path relative to the project, line, msgid, msgid_plural or None) of every message in the templates."""
    env = environment()
    for path in sorted(directory.rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        for line, function, message in env.extract_translations(source):
            if function == "ngettext" and isinstance(message, tuple):
                singular, plural = message[0], message[1]
            elif isinstance(message, tuple):
                singular, plural = message[0], None
            else:
                singular, plural = message, None
            if singular:
                yield path.relative_to(settings.BASE_DIR).as_posix(), line, singular, plural


def _quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def pot_entries(messages):
    entries = []
    for path, line, singular, plural in messages:
        lines = [f"#: {path}:{line}"]
        if "%(" in singular:
            lines.append("#, python-format")
        lines.append(f"msgid {_quote(singular)}")
        if plural is None:
            lines.append('msgstr ""')
        else:
            lines += [f"msgid_plural {_quote(plural)}", 'msgstr[0] ""', 'msgstr[1] ""']
        entries.append("\n".join(lines))
    return "\n\n".join(entries)


class Command(makemessages.Command):
    def find_files(self, root):
        files = super().find_files(root)
        for translatable in files:
            translatable.locale_dir = self.default_locale_path
        return files

    def build_potfiles(self):
        potfiles = super().build_potfiles()
        project_pot = os.path.join(self.default_locale_path, f"{self.domain}.pot")
        if self.domain != "django" or project_pot not in potfiles:
            return potfiles
        with open(project_pot, "a", encoding="utf-8") as handle:
            handle.write("\n\n" + pot_entries(jinja2_messages()) + "\n")
        messages, errors, status = popen_wrapper(["msguniq", *self.msguniq_options, project_pot])
        if status:
            raise makemessages.CommandError(f"errors happened while running msguniq\n{errors}")
        with open(project_pot, "w", encoding="utf-8") as handle:
            handle.write(messages)
        return potfiles
