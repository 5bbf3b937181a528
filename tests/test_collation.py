"""articles.collation: Kazakh and Russian names in alphabetical order, which code-point order gets wrong."""

from articles.collation import sort_key


def test_kazakh_letters_sort_after_their_base_letters_not_after_ya():
    names = ["Ясауи", "Қазақстан", "Әділет", "Ғылым", "Ақмола", "Өнеркәсіп", "Кеден", "Ішкі істер", "Ұлттық", "Үкімет"]
    assert sorted(names) != sorted(names, key=sort_key)  # the naive order puts ә, ғ, қ … after я
    assert sorted(names, key=sort_key) == ["Ақмола", "Әділет", "Ғылым", "Кеден", "Қазақстан", "Өнеркәсіп",
                                           "Ұлттық", "Үкімет", "Ішкі істер", "Ясауи"]


def test_russian_yo_sorts_with_e_and_case_and_quotes_do_not_count():
    assert sorted(["Ёлка", "Апорт", "Ель", "Жетысу"], key=sort_key) == ["Апорт", "Ель", "Ёлка", "Жетысу"]
    assert sorted(["«Самрук» АО", "агентство", "Бюро"], key=sort_key) == ["агентство", "Бюро", "«Самрук» АО"]


def test_a_shorter_word_comes_before_its_continuations():
    assert sorted(["Абайская область", "Абай", "Абай облысы"], key=sort_key) == ["Абай", "Абай облысы",
                                                                                "Абайская область"]
