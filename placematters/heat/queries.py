"""Reads of the partnership's health equity assessments. Each takes the partnership first."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone

from placematters.analysis import queries as analysis_queries
from placematters.analysis.presenters import Table
from placematters.engagement.queries import communities
from placematters.heat import presenters
from placematters.heat.content import load_heat
from placematters.heat.models import Assessment, AssessmentStatus, Dimension, Finding, Impact
from placematters.partnerships.models import Partnership
from placematters.planning import queries as planning_queries
from placematters.toolkit.summaries import SummarySection

STAGE_THREE = "evaluation-planning"
COMMUNITY = "community-"


@dataclass(frozen=True)
class GroupRow:
    key: str
    title: str
    family: str


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def assessments(partnership: Partnership) -> QuerySet[Assessment]:
    return Assessment.objects.filter(partnership=partnership).select_related("review_of")


def assessment(partnership: Partnership, assessment_id: int) -> Assessment | None:
    return assessments(partnership).filter(pk=assessment_id).first()


def groups(partnership: Partnership) -> list[GroupRow]:
    """The grid's rows: the reference groups, then the partnership's target communities."""
    rows = [
        GroupRow(group.key, group.title, family.title)
        for family in load_heat().families
        for group in family.groups
    ]
    # A target community named like a reference group (the protected characteristic "Age")
    # says so, so that no two groups, and no two grid boxes, share a name
    taken = {row.title.casefold() for row in rows}
    rows += [
        GroupRow(
            f"{COMMUNITY}{community.pk}",
            f"{community.name} (target community)"
            if community.name.casefold() in taken
            else community.name,
            "Your target communities",
        )
        for community in communities(partnership)
    ]
    return rows


def group_titles(partnership: Partnership, assessment: Assessment | None = None) -> dict:
    """Group key to title: the current groups, plus any an assessment already names."""
    titles = {row.key: row.title for row in groups(partnership)}
    if assessment is not None:
        for model in (Finding, Impact):
            for key, title in model.objects.filter(assessment=assessment).values_list(
                "group", "group_title"
            ):
                titles.setdefault(key, title)
    return titles


def grid(partnership: Partnership, assessment: Assessment) -> dict[tuple[str, str], Finding]:
    found = Finding.objects.filter(
        assessment__partnership=partnership, assessment=assessment
    ).select_related("gap_action")
    return {(finding.group, finding.dimension): finding for finding in found}


def impacts(partnership: Partnership, assessment: Assessment) -> dict[str, Impact]:
    found = Impact.objects.filter(
        assessment__partnership=partnership, assessment=assessment
    ).prefetch_related("mitigating_actions")
    return {impact.group: impact for impact in found}


def action_choices(partnership: Partnership):
    """The plan's actions, for linking those that carry out a mitigation."""
    return planning_queries.action_choices(partnership)


def _deprivation_sentences(partnership: Partnership, items) -> list[str]:
    sentences = []
    for item in items:
        breakdown = analysis_queries.deprivation_breakdown(
            partnership, item.indicator_id, item.area_code, sex=item.sex or None,
            age=item.age or None,
        )  # fmt: skip
        if breakdown is None or breakdown.summary is None:
            continue
        summary = breakdown.summary
        sentence = presenters.deprivation_sentence(
            f"{item.indicator_name} in {item.area_name or item.area_code}",
            period=summary.period,
            n_quantiles=summary.n_quantiles,
            ratio=summary.ratio,
            sii=summary.sii,
            sii_lower=summary.sii_lower,
            sii_upper=summary.sii_upper,
        )
        if sentence:
            sentences.append(sentence)
    return sentences


def _sex_sentences(partnership: Partnership, items) -> list[str]:
    sentences = []
    for item in items:
        series = analysis_queries.indicator_series(partnership, item.indicator_id, item.area_code)
        age = item.age or "All ages"
        by_period: dict[str, dict[str, float | None]] = {}
        order: dict[str, int] = {}
        for point in series:
            if point.age == age and point.sex in ("Male", "Female"):
                by_period.setdefault(point.period, {})[point.sex] = point.value
                order[point.period] = point.period_sortable
        both = [p for p, values in by_period.items() if len(values) == 2]
        if not both:
            continue
        period = max(both, key=order.__getitem__)
        sentence = presenters.sex_sentence(
            f"{item.indicator_name} in {item.area_name or item.area_code}",
            period=period,
            male=by_period[period]["Male"],
            female=by_period[period]["Female"],
        )
        if sentence:
            sentences.append(sentence)
    return sentences


def suggestions(partnership: Partnership) -> dict[tuple[str, str], str]:
    """Findings the partnership's own data gives: for the most deprived, the deprivation gap
    of each prioritised finding; for sex, the finding's male and female values when held."""
    items = analysis_queries.priorities(partnership)[:3]
    found = {}
    deprivation = _deprivation_sentences(partnership, items)
    if deprivation:
        found[("deprivation", Dimension.OUTCOMES)] = " ".join(deprivation)
    sex = _sex_sentences(partnership, items)
    if sex:
        found[("sex", Dimension.OUTCOMES)] = " ".join(sex)
    return found


def task_list(assessment: Assessment) -> list[dict]:
    rows = []
    for step in load_heat().steps:
        words, css = presenters.step_tag(assessment.steps.get(step.key, ""))
        rows.append({"step": step, "status": words, "css": css})
    return rows


def unresolved_impacts(partnership: Partnership) -> list[Impact]:
    """Likely widenings not yet mitigated (:func:`presenters.is_unresolved`: a mitigation
    written and an action in the plan to carry it out), in assessments not yet superseded by a
    review; the action plan shows these until they are resolved. Each carries ``missing``, what
    it still lacks, in words."""
    found = (
        Impact.objects.filter(assessment__partnership=partnership, effect="widen")
        .exclude(assessment__reviews__isnull=False)
        .select_related("assessment")
        .annotate(action_count=Count("mitigating_actions", distinct=True))
        .order_by("assessment__title", "group_title")
    )
    unresolved = []
    for impact in found:
        if presenters.is_unresolved(impact.effect, impact.mitigation, impact.action_count):
            impact.missing = presenters.missing_for_mitigation(
                impact.mitigation, impact.action_count
            )
            unresolved.append(impact)
    return unresolved


def impacts_mitigated_by(partnership: Partnership, action) -> list[Impact]:
    """The likely impacts a plan action is linked to as a mitigation, by assessment."""
    return list(
        Impact.objects.filter(assessment__partnership=partnership, mitigating_actions=action)
        .select_related("assessment")
        .order_by("assessment__title", "group_title")
    )


def reviews_due(partnership: Partnership, today: datetime.date | None = None) -> list[dict]:
    """Completed assessments whose 6- or 12-month review date has come without a review."""
    today = _today(today)
    due = []
    found = assessments(partnership).filter(status=AssessmentStatus.COMPLETE)
    for item in found.prefetch_related("reviews"):
        held = len(item.reviews.all())
        for number, (months, date) in enumerate(
            zip(presenters.REVIEW_MONTHS, presenters.review_dates(item.completed_on), strict=True),
            start=1,
        ):
            if date <= today and held < number:
                due.append({"assessment": item, "months": months, "date": date})
    return due


def comparison(partnership: Partnership, review: Assessment) -> list[dict]:
    """The grid before (the assessment reviewed) and after (the review), cell by cell."""
    if review.review_of_id is None:
        return []
    before = grid(partnership, review.review_of)
    after = grid(partnership, review)
    titles = group_titles(partnership, review)
    for finding in before.values():
        titles.setdefault(finding.group, finding.group_title)
    rows = []
    for key in sorted(set(before) | set(after), key=lambda k: (titles.get(k[0], ""), k[1])):
        old = before.get(key)
        new = after.get(key)
        old_text = old.text if old else ""
        new_text = new.text if new else ""
        if not (old_text or new_text):
            continue
        rows.append(
            {
                "group": titles.get(key[0], key[0]),
                "dimension": Dimension(key[1]).label,
                "before": old_text,
                "after": new_text,
                "changed": old_text != new_text,
            }
        )
    return rows


def grid_table(partnership: Partnership, assessment: Assessment) -> Table:
    """Every finding and likely impact of the assessment, for the CSV download."""
    table = Table(
        headers=["Group", "Dimension", "Finding", "No data", "HEAT priority", "Likely impact",
                 "Mitigation", "Mitigating actions"]
    )  # fmt: skip
    cells = grid(partnership, assessment)
    effects = impacts(partnership, assessment)
    for row in groups(partnership):
        for dimension, title in load_heat().dimensions:
            finding = cells.get((row.key, dimension))
            impact = effects.get(row.key)
            if finding is None and impact is None:
                continue
            table.rows.append(
                [
                    row.title,
                    title,
                    finding.text if finding else "",
                    "Yes" if finding and finding.no_data else "No",
                    "Yes" if finding and finding.is_priority else "No",
                    impact.get_effect_display() if impact else "",
                    impact.mitigation if impact else "",
                    "; ".join(a.title for a in impact.mitigating_actions.all()) if impact else "",
                ]
            )
    return table


def summary_sections(partnership: Partnership) -> list[SummarySection]:
    """What HEAT writes into the final report: the assessments and their HEAT priorities
    (stage 3, 'run-heat') and the gaps turned into actions (stage 3, 'heat-actions')."""
    found = list(assessments(partnership))
    complete = [item for item in found if item.status == AssessmentStatus.COMPLETE]
    priorities = list(
        Finding.objects.filter(assessment__partnership=partnership, is_priority=True)
        .exclude(assessment__reviews__isnull=False)
        .select_related("assessment")
    )
    unresolved = unresolved_impacts(partnership)
    paragraphs = (
        f"{len(found)} health equity assessment{'s' if len(found) != 1 else ''}, "
        f"{len(complete)} complete. {len(priorities)} HEAT "
        f"priorit{'ies' if len(priorities) != 1 else 'y'}; {len(unresolved)} likely widening "
        f"of a gap not yet mitigated.",
    )
    rows = (
        tuple(
            [("Assessment", "Group", "Dimension", "Finding")]
            + [
                (f.assessment.title, f.group_title, f.get_dimension_display(), f.text)
                for f in priorities
            ]
        )
        if priorities
        else ()
    )
    gaps = list(
        Finding.objects.filter(assessment__partnership=partnership, gap_action__isnull=False)
        .select_related("assessment", "gap_action")
        .order_by("assessment__title", "group_title")
    )
    gap_rows = (
        tuple(
            [("Gap", "Action", "Due")]
            + [
                (
                    f"{f.group_title}: {f.get_dimension_display()}",
                    f.gap_action.title,
                    f.gap_action.due_date.strftime("%-d %B %Y"),
                )
                for f in gaps
            ]
        )
        if gaps
        else ()
    )
    mitigations = [
        impact
        for impact in Impact.objects.filter(
            assessment__partnership=partnership, effect="widen"
        ).annotate(action_count=Count("mitigating_actions", distinct=True))
        if not presenters.is_unresolved(impact.effect, impact.mitigation, impact.action_count)
    ]
    return [
        SummarySection(
            stage=STAGE_THREE,
            item="run-heat",
            title="Health equity assessment (HEAT): priorities",
            paragraphs=paragraphs,
            rows=rows,
        ),
        SummarySection(
            stage=STAGE_THREE,
            item="heat-actions",
            title="Health equity assessment (HEAT): actions",
            paragraphs=(
                f"{len(gaps)} data gap{'s' if len(gaps) != 1 else ''} added to the action plan; "
                f"{len(mitigations)} likely widening{'s' if len(mitigations) != 1 else ''} "
                f"mitigated, with an action in the plan.",
            ),
            rows=gap_rows,
        ),
    ]
