"""Reads of the 12-step self-assessment. Each takes the partnership first."""

from dataclasses import dataclass

from placematters.analysis.presenters import Table
from placematters.partnerships.models import Partnership
from placematters.planning.content import Step, load_steps
from placematters.planning.models import PlanAction
from placematters.planning.queries import plan_actions
from placematters.selfassessment import chart, presenters
from placematters.selfassessment.models import StepRating
from placematters.toolkit.summaries import SummarySection

REPORT_STAGE = "implementation"
REPORT_ITEM = "summary-report"
REPORT_TITLE = "Self-assessment against the 12 steps"


@dataclass(frozen=True)
class StepStanding:
    """One step with its current rating, the rating before it, and the actions advancing it."""

    step: Step
    current: StepRating | None
    previous: StepRating | None
    actions: tuple[PlanAction, ...]

    @property
    def tag(self) -> dict:
        return presenters.rating_tag(self.current.rating if self.current else None)

    @property
    def previous_tag(self) -> dict | None:
        return presenters.rating_tag(self.previous.rating) if self.previous else None

    @property
    def evidence_summary(self) -> str:
        return presenters.evidence_summary(self.current.evidence) if self.current else ""


def step_history(partnership: Partnership, step: int) -> list[StepRating]:
    """Every rating of one step, newest first."""
    return list(
        StepRating.objects.filter(partnership=partnership, step=step)
        .select_related("rated_by")
        .order_by("-rated_at", "-id")
    )


def _latest_two(partnership: Partnership) -> dict[int, list[StepRating]]:
    found: dict[int, list[StepRating]] = {}
    for rating in (
        StepRating.objects.filter(partnership=partnership)
        .select_related("rated_by")
        .order_by("step", "-rated_at", "-id")
    ):
        held = found.setdefault(rating.step, [])
        if len(held) < 2:
            held.append(rating)
    return found


def current_ratings(partnership: Partnership) -> dict[int, str]:
    """Each rated step's number and its latest rating."""
    return {step: rows[0].rating for step, rows in _latest_two(partnership).items()}


def actions_by_step(partnership: Partnership) -> dict[int, list[PlanAction]]:
    """The plan's actions that say which step they advance, by step number."""
    found: dict[int, list[PlanAction]] = {}
    for action in plan_actions(partnership).exclude(ihe_step=None):
        found.setdefault(action.ihe_step, []).append(action)
    return found


def step_actions(partnership: Partnership, step: int) -> list[PlanAction]:
    return list(plan_actions(partnership).filter(ihe_step=step))


def _standing(step: Step, newest_first: list[StepRating], actions) -> StepStanding:
    return StepStanding(
        step=step,
        current=newest_first[0] if newest_first else None,
        previous=newest_first[1] if len(newest_first) > 1 else None,
        actions=tuple(actions),
    )


def standing(partnership: Partnership, step: Step) -> StepStanding:
    """One step's standing, for its own page."""
    return _standing(
        step, step_history(partnership, step.number), step_actions(partnership, step.number)
    )


def standings_by_part(partnership: Partnership) -> list[tuple[str, list[StepStanding]]]:
    """The three parts in order, each with its steps' standings."""
    latest = _latest_two(partnership)
    actions = actions_by_step(partnership)
    return [
        (
            title,
            [
                _standing(step, latest.get(step.number, []), actions.get(step.number, []))
                for step in steps
            ],
        )
        for title, steps in load_steps().parts
    ]


def part_counts(partnership: Partnership) -> list[chart.PartCounts]:
    parts = [(title, [step.number for step in steps]) for title, steps in load_steps().parts]
    return chart.part_counts(parts, current_ratings(partnership))


def counts_table(partnership: Partnership) -> Table:
    return chart.counts_table(part_counts(partnership))


def steps_table(partnership: Partnership) -> Table:
    """Every step with its rating, evidence, who rated it and when, and its actions."""
    table = Table(headers=["Step", "Part", "Rating", "Evidence", "Rated by", "Rated on", "Actions"])
    for part, standings in standings_by_part(partnership):
        for item in standings:
            current = item.current
            table.rows.append(
                [
                    f"{item.step.number}. {item.step.title}",
                    part,
                    item.tag["label"],
                    current.evidence if current else "",
                    current.rated_by.display_name if current and current.rated_by_id else "",
                    current.rated_at.date().isoformat() if current else "",
                    "; ".join(action.title for action in item.actions),
                ]
            )
    return table


def summary_sections(partnership: Partnership) -> list[SummarySection]:
    """The report's annex: the twelve steps with each rating, its evidence and the actions
    advancing it ('summary-report' in stage 4, where the report is taken to the board)."""
    counted = part_counts(partnership)
    totals: dict[str, int] = {}
    for part in counted:
        for key, count in part.counts.items():
            totals[key] = totals.get(key, 0) + count
    steps = len(load_steps().steps)
    paragraphs = [presenters.summary_paragraph(totals, steps)]
    for part in counted:
        established = part.counts["established"] + part.counts["embedded"]
        line = f"{part.part}: {established} of {part.total} steps established or embedded"
        if part.counts[chart.NOT_RATED]:
            line += f"; {part.counts[chart.NOT_RATED]} not rated yet"
        paragraphs.append(line + ".")
    table = steps_table(partnership)
    rows = (
        tuple(
            [("Step", "Rating", "Evidence", "Actions advancing it")]
            + [
                (row[0], row[2], row[3] or "None recorded", row[6] or "None in the plan")
                for row in table.rows
            ]
        )
        if totals.get(chart.NOT_RATED, 0) < steps
        else ()
    )
    return [
        SummarySection(
            stage=REPORT_STAGE,
            item=REPORT_ITEM,
            title=REPORT_TITLE,
            paragraphs=tuple(paragraphs),
            rows=rows,
        )
    ]
