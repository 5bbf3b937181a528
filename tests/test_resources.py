"""The word diff shown on the desk, the publish screen and the revert confirmation."""

from articles.text import inline_diff

WORDS = " ".join(f"w{n}" for n in range(40))


def test_a_changed_word_is_shown_with_its_context_only():
    """Long unchanged runs are elided: eight words either side of the change, an ellipsis for the rest."""
    html = inline_diff(WORDS, WORDS.replace("w20", "x20"))
    assert html == "… w12 w13 w14 w15 w16 w17 w18 w19 <del>w20</del> <ins>x20</ins> " \
                   "w21 w22 w23 w24 w25 w26 w27 w28 …"


def test_the_end_of_an_unchanged_text_is_not_shown_after_the_ellipsis():
    """The words that close the text are not repeated after the last change's context, as if they had changed."""
    html = inline_diff(WORDS, WORDS.replace("w3 ", "x3 "))
    assert html.endswith("<ins>x3</ins> w4 w5 w6 w7 w8 w9 w10 w11 …")
    assert "w39" not in html


def test_words_are_escaped():
    assert inline_diff("a <b>", "a <i>") == "a <del>&lt;b&gt;</del> <ins>&lt;i&gt;</ins>"
