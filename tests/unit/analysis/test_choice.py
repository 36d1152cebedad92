"""The indicator page's choice of sex, age and breakdown: defaults and fallbacks."""

from django.http import QueryDict

from placematters.analysis.choice import choose
from placematters.analysis.queries import Choices, _age_order

CHOICES = Choices(
    sexes=["Persons", "Female", "Male"],
    ages=["All ages", "18+ yrs", "65+ yrs"],
    category_types=["Deciles"],
    default_sex="Persons",
    default_age="18+ yrs",
)


def test_defaults_without_a_query():
    form, choice = choose(QueryDict(""), CHOICES)
    assert choice == {"sex": "Persons", "age": "18+ yrs", "category_type": "", "is_default": True}
    assert not form.errors


def test_a_held_choice():
    form, choice = choose(QueryDict("sex=Male&age=65%2B+yrs&category=Deciles"), CHOICES)
    assert (choice["sex"], choice["age"], choice["category_type"]) == ("Male", "65+ yrs", "Deciles")
    assert not choice["is_default"] and not form.errors


def test_unknown_values_fall_back_with_an_error_each():
    form, choice = choose(QueryDict("sex=X&age=&category=Other"), CHOICES)
    assert (choice["sex"], choice["age"], choice["category_type"]) == ("Persons", "18+ yrs", "")
    assert form.errors["sex"] == ["There are no figures for the sex 'X': showing Persons instead."]
    assert "showing 18+ yrs instead" in form.errors["age"][0]
    assert "showing no category instead" in form.errors["category"][0]


def test_no_category_field_without_category_types():
    held = Choices(["Female"], ["All ages"], [], "Female", "All ages")
    form, choice = choose(QueryDict("category=Anything"), held)
    assert "category" not in form.fields and choice["sex"] == "Female"


def test_age_order():
    ages = ["65+ yrs", "<18 yrs", "All ages", "18-64 yrs", "5 yrs"]
    assert sorted(ages, key=_age_order) == ["All ages", "5 yrs", "<18 yrs", "18-64 yrs", "65+ yrs"]
