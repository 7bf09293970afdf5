"""A count and the noun after it agree in the reader's language (CLDR plural rules)."""
import pytest

from bigcats.i18n import plural_category, t, t_count


@pytest.mark.parametrize("n, category", [(0, "many"), (1, "one"), (2, "few"), (4, "few"), (5, "many"), (11, "many"),
                                         (12, "many"), (14, "many"), (21, "one"), (22, "few"), (25, "many"),
                                         (101, "one"), (103, "few"), (111, "many"), (112, "many"), (1001, "one")])
def test_russian_plural_categories_are_cldrs(n, category):
    assert plural_category(n, "ru") == category


def test_english_has_one_and_other_and_chinese_and_mongolian_do_not_inflect():
    assert [plural_category(n, "en") for n in (0, 1, 2, 21)] == ["other", "one", "other", "other"]
    assert {plural_category(n, lang) for n in (1, 2, 5) for lang in ("zh", "mn")} == {"other"}


def test_a_count_label_takes_the_form_its_count_asks_for():
    assert t_count("detected_animals", "ru", 103) == "особи сфотографированы"
    assert t_count("detected_animals", "ru", 101) == "особь сфотографирована"
    assert t_count("detected_animals", "ru", 105) == t("detected_animals", "ru") == "особей сфотографировано"
    assert t_count("detected_animals", "en", 1) == "individual photographed"
    assert t_count("detected_animals", "en", 3) == t("detected_animals", "en")
    # a language without the form: the label itself
    assert t_count("detected_animals", "zh", 1) == t("detected_animals", "zh")
    assert t_count("photos_disagree", "ru", 261).startswith("особь, по фотографиям которой")


def test_every_count_form_in_the_catalogue_is_a_cldr_category_of_a_label_that_exists():
    from bigcats.i18n import catalogue
    forms = [k for k in catalogue() if "#" in k]
    assert forms
    for key in forms:
        base, category = key.split("#")
        assert base in catalogue() and category in ("one", "few", "many", "other"), key
        assert catalogue()[key]["ru"], key  # Russian is what the forms are for
