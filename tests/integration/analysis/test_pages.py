"""The data overview pages on a real database: the landing page, the area profile with its
spine chart and downloads, the indicator page with its charts, tables, map and downloads, and
marking priorities (with and without htmx). Data arrive through the import command, from a
small hand-made Fingertips download and from the real one in ../shared/data."""

import csv
import io
import re

import pandas as pd
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from placematters.analysis.models import Priority
from placematters.audit.models import AuditEvent
from placematters.geography.models import Area
from placematters.indicators.models import Indicator
from placematters.partnerships import actions as partnership_actions
from tests.integration.analysis.helpers import (
    DECILE_TYPE,
    DECILES,
    ENGLAND,
    NORFOLK,
    REGION,
    SUFFOLK,
    area_row,
)
from tests.integration.indicators.test_shared_data import CAMPYLOBACTER, areas_from
from tests.shared_files import shared_data
from tests.unit.indicators.samples import write_fingertips

pytestmark = pytest.mark.django_db


def tiny_download(path):
    """Two indicators in the Fingertips download format: a smoking series for three years with
    England's deprivation deciles, and a rare outcome with a small count in Norfolk."""
    rows = []
    for year, shift in (("2017", 0.0), ("2018", 0.5), ("2019", 1.0)):
        rows += [
            area_row(
                "90001", "Smoking prevalence", ENGLAND, year, 14.0, 13.9, 14.1, 140000, 1000000
            ),
            area_row("90001", "Smoking prevalence", REGION, year, 13.0, 12.8, 13.2, 13000, 100000),
            area_row(
                "90001",
                "Smoking prevalence",
                NORFOLK,
                year,
                15.0 + shift,
                14.0 + shift,
                16.0 + shift,
                1500,
                10000,
            ),
            area_row("90001", "Smoking prevalence", SUFFOLK, year, 12.0, 11.0, 13.0, 1200, 10000),
        ]
    for decile, label in enumerate(DECILES, start=1):
        value = 20.0 - decile
        rows.append(
            area_row(
                "90001",
                "Smoking prevalence",
                ENGLAND,
                "2019",
                value,
                value - 0.3,
                value + 0.3,
                int(value * 1000),
                100000,
                Category_Type=DECILE_TYPE,
                Category=f"{label} (IMD2015)",
            )
        )
    rows += [
        area_row(
            "90002",
            '=HYPERLINK("http://evil.example")',
            ENGLAND,
            "2019",
            5.0,
            4.9,
            5.1,
            5000,
            1000000,
        ),
        area_row(
            "90002", '=HYPERLINK("http://evil.example")', NORFOLK, "2019", 0.3, 0.1, 0.9, 3, 10000
        ),
        area_row(
            "90002", '=HYPERLINK("http://evil.example")', SUFFOLK, "2019", 5.0, 3.8, 6.4, 50, 10000
        ),
    ]
    return write_fingertips(path / "tiny.csv", rows)


@pytest.fixture
def tiny(tmp_path, geography, partnership, owner):
    call_command("import_indicators", str(tiny_download(tmp_path)), verbosity=0)
    partnership_actions.area_add(
        by=owner, partnership=partnership, gss_code=NORFOLK, name="Norfolk"
    )
    return {
        "smoking": Indicator.objects.get(external_id="90001"),
        "rare": Indicator.objects.get(external_id="90002"),
    }


def _get(client, user, name, *args):
    client.force_login(user)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200, response.content[:500]
    return response


def test_the_overview_lists_the_areas_of_focus(client, tiny, partnership, viewer):
    response = _get(client, viewer, "analysis:overview", partnership.slug)
    profile = reverse("analysis:area_profile", args=[partnership.slug, NORFOLK])
    assert f'href="{profile}"' in response.text
    assert "Area profile of Norfolk" in response.text
    assert "No findings have been marked as priorities yet" in response.text
    assert 'aria-current="page"' in response.text and ">Data<" in response.text


def test_the_area_profile_has_a_spine_chart_and_a_full_table(client, tiny, partnership, viewer):
    response = _get(client, viewer, "analysis:area_profile", partnership.slug, NORFOLK)
    text = response.text
    assert "<svg" in text and 'role="img"' in text and "Spine chart of 2 indicators" in text
    assert "style=" not in text.split("<svg", 1)[1].split("</svg>", 1)[0]
    # Table: indicator, period, count, value, interval, England, region, comparison.
    assert "Smoking prevalence" in text
    assert "1,500" in text and "16.0" in text and "15.0 to 17.0" in text and "14.0" in text
    assert "East of England region" in text  # the parent column's header
    assert "Higher than England" in text  # no polarity in a Fingertips download
    # The rare outcome's count of 3 is suppressed with its value and interval.
    table = text.split("<table", 1)[1]
    rare_row = re.search(r"HYPERLINK.*?</tr>", table, re.S).group(0)
    assert rare_row.count(">*<") == 3 and "0.3" not in rare_row
    assert "Suppressed: fewer than 5 events" in text
    # Names are escaped, never markup.
    assert "=HYPERLINK(&quot;http://evil.example&quot;)" in text


def test_the_threshold_is_a_setting(client, tiny, partnership, viewer, settings):
    settings.SMALL_COUNT_THRESHOLD = 2
    response = _get(client, viewer, "analysis:area_profile", partnership.slug, NORFOLK)
    assert "Suppressed" not in response.text and "0.1 to 0.9" in response.text


def test_profile_downloads_suppress_and_neutralise(client, tiny, partnership, viewer):
    response = _get(client, viewer, "analysis:area_profile_download", partnership.slug, NORFOLK,
                    "csv")  # fmt: skip
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="area-profile-norfolk-e10000020.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header = rows[0]
    assert header[:8] == ["Indicator", "Indicator ID", "Period", "Sex", "Age", "Unit", "Count",
                          "Value"]  # fmt: skip
    by_name = {row[0]: dict(zip(header, row, strict=False)) for row in rows[1:] if row}
    rare = by_name['\'=HYPERLINK("http://evil.example")']
    assert [rare[k] for k in ("Count", "Value", "Lower 95% limit", "Upper 95% limit")] == [
        "*", "*", "*", "*",
    ]  # fmt: skip
    smoking = by_name["Smoking prevalence"]
    assert float(smoking["Value"]) == 16.0 and smoking["Count"] == "1500.0"
    assert smoking["Compared with England"] == "Higher than England"
    assert rows[-1][0].startswith("* Suppressed")

    response = _get(client, viewer, "analysis:area_profile_download", partnership.slug, NORFOLK,
                    "xlsx")  # fmt: skip
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert '\'=HYPERLINK("http://evil.example")' in cells
    assert all(not (isinstance(c, str) and c.startswith("=")) for c in cells)


def test_an_unknown_format_or_area_is_not_found(client, tiny, partnership, viewer):
    client.force_login(viewer)
    assert (
        client.get(
            reverse("analysis:area_profile_download", args=[partnership.slug, NORFOLK, "pdf"])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("analysis:area_profile", args=[partnership.slug, "E99999999"])
        ).status_code
        == 404
    )


def test_the_indicator_page_has_every_chart_with_its_table(client, tiny, partnership, viewer):
    smoking = tiny["smoking"]
    response = _get(client, viewer, "analysis:indicator", partnership.slug, NORFOLK, smoking.pk)
    text = response.text
    for heading in ("Trend over time", "Compared with other areas", "Inequality by deprivation",
                    "Map of the areas in East of England region"):  # fmt: skip
        assert heading in text
    assert text.count('role="img"') == 4
    # Narrative from the analysis layer.
    assert "Smoking prevalence" in text and "England" in text
    # England's deciles stand in for Norfolk's, and the SII/RII is given in words.
    assert "Norfolk has no breakdown by deprivation: England" in text
    assert "Slope index of inequality (SII)" in text
    assert "Relative index of inequality (RII)" in text
    assert "Most deprived decile (IMD2015)" in text
    # Trend table: three periods.
    for period in ("2017", "2018", "2019"):
        assert f">{period}<" in text
    assert "Norfolk (selected)" in text
    # Viewers cannot mark priorities.
    assert "Mark as a priority" not in text


@pytest.mark.parametrize("table", ["trend", "compare", "deprivation", "map"])
def test_each_indicator_table_downloads(client, tiny, partnership, viewer, table):
    smoking = tiny["smoking"]
    response = _get(client, viewer, "analysis:indicator_download", partnership.slug, NORFOLK,
                    smoking.pk, table, "csv")  # fmt: skip
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows) >= 3
    response = _get(client, viewer, "analysis:indicator_download", partnership.slug, NORFOLK,
                    smoking.pk, table, "xlsx")  # fmt: skip
    assert load_workbook(io.BytesIO(response.content)).active.max_row >= 3


def test_the_indicator_page_suppresses_small_counts(client, tiny, partnership, viewer):
    rare = tiny["rare"]
    response = _get(client, viewer, "analysis:indicator", partnership.slug, NORFOLK, rare.pk)
    assert "Suppressed: fewer than 5 events" in response.text
    response = _get(client, viewer, "analysis:indicator_download", partnership.slug, NORFOLK,
                    rare.pk, "compare", "csv")  # fmt: skip
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    norfolk = next(row for row in rows if row and row[0] == NORFOLK)
    assert norfolk[3:7] == ["*", "*", "*", "*"]


def test_an_unknown_indicator_or_table_is_not_found(client, tiny, partnership, viewer):
    client.force_login(viewer)
    assert (
        client.get(
            reverse("analysis:indicator", args=[partnership.slug, NORFOLK, 999999])
        ).status_code
        == 404
    )
    assert client.get(
        reverse("analysis:indicator_download",
                args=[partnership.slug, NORFOLK, tiny["smoking"].pk, "nothing", "csv"])
    ).status_code == 404  # fmt: skip


def test_an_editor_marks_and_unmarks_a_priority_without_javascript(
    client, tiny, partnership, editor
):
    smoking = tiny["smoking"]
    page = _get(client, editor, "analysis:indicator", partnership.slug, NORFOLK, smoking.pk)
    assert "Mark as a priority" in page.text
    url = reverse("analysis:priority_mark", args=[partnership.slug, NORFOLK, smoking.pk])
    response = client.post(url, {"period": "2019"}, follow=True)
    assert "Smoking prevalence&#x27; in Norfolk is now a priority" in response.text
    assert "Unmark as a priority" in response.text
    priority = Priority.objects.get(partnership=partnership)
    assert (priority.area_code, priority.period) == (NORFOLK, "2019")
    assert AuditEvent.objects.filter(verb="priority.marked").count() == 1

    overview = _get(client, editor, "analysis:overview", partnership.slug)
    assert "Smoking prevalence</a> in Norfolk, 2019" in overview.text
    unmark = reverse("analysis:priority_unmark", args=[partnership.slug, priority.pk])
    assert f'action="{unmark}"' in overview.text
    response = client.post(unmark, follow=True)
    assert "is no longer a priority" in response.text
    assert not Priority.objects.exists()
    assert AuditEvent.objects.filter(verb="priority.unmarked").count() == 1


def test_htmx_marks_a_priority_in_place(client, tiny, partnership, editor):
    smoking = tiny["smoking"]
    client.force_login(editor)
    url = reverse("analysis:priority_mark", args=[partnership.slug, NORFOLK, smoking.pk])
    response = client.post(url, {"period": "2019"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div class="pm-priority" id="priority-box">')
    assert "is now a priority" in response.text and "Unmark as a priority" in response.text
    priority = Priority.objects.get()
    unmark = reverse("analysis:priority_unmark", args=[partnership.slug, priority.pk])
    response = client.post(unmark, {"box": "1"}, headers={"HX-Request": "true"})
    assert "Mark as a priority" in response.text and "no longer a priority" in response.text


def test_a_viewer_cannot_mark_a_priority(client, tiny, partnership, viewer):
    client.force_login(viewer)
    url = reverse("analysis:priority_mark", args=[partnership.slug, NORFOLK, tiny["smoking"].pk])
    assert client.post(url, {"period": "2019"}).status_code == 403
    assert not Priority.objects.exists()


def test_another_partnership_cannot_open_our_own_indicator(
    client, tiny, tmp_path, partnership, owner, outsider
):
    rows = [
        area_row("80001", "Our own survey", ENGLAND, "2019", 10.0, 9.0, 11.0, 100, 1000),
        area_row("80001", "Our own survey", NORFOLK, "2019", 12.0, 10.0, 14.0, 120, 1000),
    ]
    path = write_fingertips(tmp_path / "own.csv", rows)
    call_command("import_indicators", str(path), partnership=partnership.slug, verbosity=0)
    own = Indicator.objects.get(external_id="80001")
    assert own.partnership == partnership
    client.force_login(owner)
    assert (
        client.get(
            reverse("analysis:indicator", args=[partnership.slug, NORFOLK, own.pk])
        ).status_code
        == 200
    )
    client.force_login(outsider)
    other = outsider.memberships.get().partnership
    for name, args in [
        ("analysis:indicator", [other.slug, NORFOLK, own.pk]),
        ("analysis:indicator_download", [other.slug, NORFOLK, own.pk, "trend", "csv"]),
        ("analysis:overview", [partnership.slug]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name
    profile = client.get(reverse("analysis:area_profile", args=[other.slug, NORFOLK]))
    assert profile.status_code == 200 and "Our own survey" not in profile.text


# --- the real Fingertips download ------------------------------------------------------------


@pytest.fixture
def campylobacter(partnership, owner):
    path = shared_data("fingertips", CAMPYLOBACTER)
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    areas_from(table, "Area Code", "Area Type", "Parent Code")
    call_command("import_indicators", str(path), verbosity=0)
    partnership_actions.area_add(
        by=owner, partnership=partnership, gss_code=NORFOLK, name="Norfolk"
    )
    return Indicator.objects.get(external_id="93356")


def test_the_real_download_gives_norfolk_a_profile_and_an_indicator_page(
    client, campylobacter, partnership, viewer
):
    response = _get(client, viewer, "analysis:area_profile", partnership.slug, NORFOLK)
    assert "Campylobacter" in response.text and 'role="img"' in response.text
    response = _get(client, viewer, "analysis:indicator", partnership.slug, NORFOLK,
                    campylobacter.pk)  # fmt: skip
    text = response.text
    assert "Slope index of inequality (SII)" in text
    assert "Most deprived decile" in text
    assert text.count('role="img"') >= 3
    response = _get(client, viewer, "analysis:area_profile_download", partnership.slug, NORFOLK,
                    "csv")  # fmt: skip
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][0].startswith("Campylobacter") and rows[1][2] == "2017"


def test_the_stage_checklist_links_to_the_overview(client, partnership, viewer):
    from placematters.toolkit.queries import checklist_items

    response = _get(client, viewer, "toolkit:stage", partnership.slug, "mapping-the-system")
    overview = reverse("analysis:overview", args=[partnership.slug])
    assert f'href="{overview}">Open the data overview</a>' in response.text
    assert f'href="{overview}#priorities">Open the prioritised intelligence</a>' in response.text
    item = next(
        item
        for item in checklist_items(partnership, "mapping-the-system")
        if item.content_key == "data-overview"
    )
    response = _get(client, viewer, "toolkit:item_detail", partnership.slug, item.pk)
    assert "Open the data overview" in response.text


# --- the choice of sex, age and breakdown, and the population pyramid --------------------------


def by_sex_download(path):
    """An indicator held for Persons, Male and Female at All ages (two years) and for Persons
    at 65+ yrs (one year): the most common age is All ages."""
    rows = []
    for year in ("2018", "2019"):
        for sex, shift in (("Persons", 0.0), ("Male", 3.0), ("Female", -3.0)):
            for code in (ENGLAND, NORFOLK, SUFFOLK):
                value = 30.0 + shift + (1.0 if code == NORFOLK else 0.0)
                rows.append(
                    area_row("90003", "Admissions", code, year, value, value - 1, value + 1,
                         int(value * 100), 10000, Sex=sex)
                )  # fmt: skip
    rows.append(area_row("90003", "Admissions", NORFOLK, "2019", 61.5, 60, 63, 6150, 10000,
                     Age="65+ yrs"))  # fmt: skip
    for decile, label in enumerate(DECILES, start=1):
        value = 40.5 - decile
        rows.append(
            area_row("90003", "Admissions", ENGLAND, "2019", value, value - 0.3, value + 0.3,
                 int(value * 100), 10000, Sex="Male", Category_Type=DECILE_TYPE,
                 Category=f"{label} (IMD2015)")
        )  # fmt: skip
    return write_fingertips(path / "by-sex.csv", rows)


@pytest.fixture
def by_sex(tiny, tmp_path):
    call_command("import_indicators", str(by_sex_download(tmp_path)), verbosity=0)
    return Indicator.objects.get(external_id="90003")


def _page(client, user, partnership, indicator, area=NORFOLK, **query):
    client.force_login(user)
    url = reverse("analysis:indicator", args=[partnership.slug, area, indicator.pk])
    response = client.get(url, query)
    assert response.status_code == 200
    return response.text


def _options(text, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', text, re.S)
    assert select, f"no select {name}"
    return re.findall(r'<option value="([^"]*)"( selected)?', select.group(1))


def test_the_choice_form_lists_only_what_is_held(client, by_sex, partnership, viewer):
    text = _page(client, viewer, partnership, by_sex)
    assert [value for value, _ in _options(text, "sex")] == ["Persons", "Female", "Male"]
    assert [value for value, _ in _options(text, "age")] == ["All ages", "65+ yrs"]
    assert ("Persons", " selected") in _options(text, "sex")
    assert ("All ages", " selected") in _options(text, "age")
    assert [value for value, _ in _options(text, "category")] == ["", escape(DECILE_TYPE)]
    assert 'method="get"' in text and "Show these figures" in text
    assert "Showing Persons, All ages." in text
    assert "31.0" in text  # Norfolk's Persons value


def test_every_section_and_download_follows_the_choice(client, by_sex, partnership, viewer):
    text = _page(client, viewer, partnership, by_sex, sex="Male")
    assert "Showing Male, All ages." in text
    assert "34.0" in text and ">31.0<" not in text
    # Men have a deprivation breakdown (England's); the narrative is about males.
    assert "Most deprived decile (IMD2015)" in text
    assert "for males in Norfolk" in text
    assert "sex=Male&amp;age=All+ages" in text  # download links carry the choice
    client.force_login(viewer)
    for table in ("trend", "compare", "deprivation"):
        url = reverse("analysis:indicator_download",
                      args=[partnership.slug, NORFOLK, by_sex.pk, table, "csv"])  # fmt: skip
        response = client.get(url, {"sex": "Male", "age": "All ages"})
        assert "male" in response["Content-Disposition"]
        body = response.content.decode()
        assert "Persons" not in body
    url = reverse(
        "analysis:indicator_download", args=[partnership.slug, NORFOLK, by_sex.pk, "trend", "csv"]
    )
    trend = client.get(url, {"sex": "Male"}).content.decode()
    rows = list(csv.reader(io.StringIO(trend)))
    assert [row[1] for row in rows[1:]] == ["Male", "Male"]


def test_another_age_and_no_breakdown_for_it(client, by_sex, partnership, viewer):
    text = _page(client, viewer, partnership, by_sex, age="65+ yrs")
    assert "61.5" in text
    assert "There is no breakdown by deprivation for this indicator (Persons, 65+ yrs)." in text


def test_unknown_values_fall_back_with_a_message(client, by_sex, partnership, viewer):
    text = _page(client, viewer, partnership, by_sex, sex="Alien", age="200+", category="Nope")
    assert "There is a problem" in text
    assert "There are no figures for the sex &#x27;Alien&#x27;: showing Persons instead." in text
    assert "There are no figures for the age &#x27;200+&#x27;: showing All ages instead." in text
    assert "showing no category instead" in text
    assert "Showing Persons, All ages." in text
    client.force_login(viewer)
    url = reverse("analysis:indicator_download",
                  args=[partnership.slug, NORFOLK, by_sex.pk, "trend", "csv"])  # fmt: skip
    response = client.get(url, {"sex": "Alien"})
    assert response.status_code == 200
    assert [row[1] for row in csv.reader(io.StringIO(response.content.decode()))][1:] == [
        "Persons",
        "Persons",
    ]


def test_choosing_the_breakdown(client, by_sex, partnership, viewer):
    text = _page(client, viewer, partnership, by_sex, sex="Male", category=DECILE_TYPE)
    assert escape(f"Male, All ages, by {DECILE_TYPE}") in text
    assert "Slope index of inequality (SII)" in text


def test_a_priority_records_the_choice(client, by_sex, partnership, editor):
    client.force_login(editor)
    url = reverse("analysis:priority_mark", args=[partnership.slug, NORFOLK, by_sex.pk])
    response = client.post(url, {"period": "2019", "sex": "Male", "age": "All ages"})
    assert response.status_code == 302 and "sex=Male" in response["Location"]
    priority = Priority.objects.get(indicator=by_sex)
    assert (priority.sex, priority.age, priority.period) == ("Male", "All ages", "2019")
    assert "Unmark as a priority" in _page(client, editor, partnership, by_sex, sex="Male")
    assert "Mark as a priority" in _page(client, editor, partnership, by_sex)
    assert "Unmark as a priority" not in _page(client, editor, partnership, by_sex)
    event = AuditEvent.objects.filter(verb="priority.marked").latest("id")
    assert event.after["sex"] == "Male"


def test_the_population_pyramid(client, tiny, partnership, viewer):
    from placematters.geography.models import PopulationCount

    norfolk = Area.objects.get(code=NORFOLK)
    for year, scale in ((2019, 1), (2020, 2)):
        for sex, base in (("male", 1000), ("female", 1100)):
            for age_from, age_to in ((0, 4), (5, 9), (90, None)):
                PopulationCount.objects.create(
                    area=norfolk, year=year, sex=sex, age_from=age_from, age_to=age_to,
                    population=scale * (base + age_from),
                )  # fmt: skip
    PopulationCount.objects.create(
        area=norfolk, year=2020, sex="male", age_from=10, age_to=14, population=3
    )
    text = _page(client, viewer, partnership, tiny["smoking"])
    assert "Population by age and sex" in text
    assert re.search(r'role="img" aria-label="Population pyramid of Norfolk in 2020', text)
    assert "These are population counts, not events, so small numbers are not suppressed." in text
    assert ">3<" in text  # a small population is shown, not suppressed
    client.force_login(viewer)
    args = [partnership.slug, NORFOLK, tiny["smoking"].pk, "population"]
    url = reverse("analysis:indicator_download", args=[*args, "csv"])
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode())))
    assert rows[0] == ["Age band", "Males", "Females"]
    assert rows[1] == ["0-4", "2000.0", "2200.0"]
    assert ["10-14", "3.0", ""] in rows
    assert rows[-1][0].startswith("Population of Norfolk, 2020. These are population counts")
    url = reverse("analysis:indicator_download", args=[*args, "xlsx"])
    assert load_workbook(io.BytesIO(client.get(url).content)).active.max_row >= 5


def test_no_population_is_said_plainly(client, tiny, partnership, viewer):
    text = _page(client, viewer, partnership, tiny["smoking"])
    assert "No population by sex and age is held for Norfolk." in text
