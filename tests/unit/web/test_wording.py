from placematters.web.wording import count_phrase, join_words


def test_count_phrase_uses_the_plural_given_and_reads_no_when_opening_a_line():
    assert count_phrase(1, "asset") == "1 asset"
    assert count_phrase(4, "asset") == "4 assets"
    assert count_phrase(0, "asset") == "0 assets"
    assert count_phrase(0, "asset", opens_line=True) == "No assets"
    assert count_phrase(1, "asset", opens_line=True) == "1 asset"
    assert count_phrase(2, "person", "people") == "2 people"
    assert count_phrase(0, "community", "communities", opens_line=True) == "No communities"


def test_join_words():
    assert join_words([]) == ""
    assert join_words(["a"]) == "a"
    assert join_words(["a", "b"]) == "a and b"
    assert join_words(["a", "b", "c"]) == "a, b and c"
