"""kzpress.jinja2: the public pages' Jinja2 environment."""

import pytest
from django.template import engines
from django.utils import translation
from jinja2 import Environment


@pytest.fixture
def env():
    return engines["jinja2"].env


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_messages_inside_loops_are_translated_and_escape_their_variables(env, language):
    """gettext and ngettext need no template context (Jinja2's copy the page's context at each call in a loop):
    the same translations, the variables escaped, as Jinja2's own newstyle functions give."""
    source = ('{% for n in numbers %}{{ gettext("Page %(n)s", n=n) }}|'
              '{{ ngettext("%(n)s release", "%(n)s releases", n|length, n=n) }};{% endfor %}')
    numbers = ["<b>2</b>", "7"]
    reference = Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    reference.install_gettext_callables(translation.gettext, translation.ngettext, newstyle=True)
    with translation.override(language):
        ours = env.from_string(source).render(numbers=numbers)
        theirs = reference.from_string(source).render(numbers=numbers)
        first = translation.gettext("Page %(n)s") % {"n": "&lt;b&gt;2&lt;/b&gt;"}
    assert ours == theirs
    assert ours.startswith(first + "|") and "<b>" not in ours
    assert (first == "Page &lt;b&gt;2&lt;/b&gt;") == (language == "en")  # translated in Kazakh and Russian
