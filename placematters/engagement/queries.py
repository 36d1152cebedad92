"""Reads of a partnership's community engagement. Every function takes the partnership first."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from placematters.engagement import presenters
from placematters.engagement.coverage import CoverageRow, coverage_row, gaps
from placematters.engagement.models import (
    ActivityKind,
    CapacityActivity,
    Decision,
    Heard,
    LogEntry,
    PlanEntry,
    TargetCommunity,
)
from placematters.partnerships.models import Partnership
from placematters.toolkit.summaries import SummarySection

STAGE = "strengthen-community-action"


def communities(partnership: Partnership) -> QuerySet[TargetCommunity]:
    return TargetCommunity.objects.filter(partnership=partnership)


def community(partnership: Partnership, community_id: int) -> TargetCommunity | None:
    return communities(partnership).filter(pk=community_id).first()


def plan_entries(partnership: Partnership) -> QuerySet[PlanEntry]:
    return PlanEntry.objects.filter(partnership=partnership).select_related(
        "community", "lead__user"
    )


def plan_entry(partnership: Partnership, entry_id: int) -> PlanEntry | None:
    return plan_entries(partnership).filter(pk=entry_id).first()


def log_entries(partnership: Partnership) -> QuerySet[LogEntry]:
    return LogEntry.objects.filter(partnership=partnership).prefetch_related(
        "communities",
        "links",
        Prefetch("heard", queryset=Heard.objects.select_related("decision")),
    )


def log_entry(partnership: Partnership, entry_id: int) -> LogEntry | None:
    return log_entries(partnership).filter(pk=entry_id).first()


def heard_items(partnership: Partnership) -> QuerySet[Heard]:
    return Heard.objects.filter(entry__partnership=partnership).select_related("entry")


def heard_item(partnership: Partnership, heard_id: int) -> Heard | None:
    return (
        Heard.objects.filter(entry__partnership=partnership, pk=heard_id)
        .select_related("entry__partnership")
        .first()
    )


def decision_for(partnership: Partnership, heard: Heard) -> Decision | None:
    return Decision.objects.filter(heard=heard, heard__entry__partnership=partnership).first()


def capacity_activities(partnership: Partnership) -> QuerySet[CapacityActivity]:
    return CapacityActivity.objects.filter(partnership=partnership).select_related("community")


def capacity_activity(partnership: Partnership, activity_id: int) -> CapacityActivity | None:
    return capacity_activities(partnership).filter(pk=activity_id).first()


# --- Coverage ----------------------------------------------------------------------------------


def coverage(partnership: Partnership) -> list[CoverageRow]:
    """Each target community with its highest level reached and planned (three queries)."""
    reached: dict[int, list[str]] = {}
    through = LogEntry.communities.through.objects.filter(logentry__partnership=partnership)
    for community_id, level in through.values_list("targetcommunity_id", "logentry__level_reached"):
        reached.setdefault(community_id, []).append(level)
    planned: dict[int, list[str]] = {}
    for community_id, level in plan_entries(partnership).values_list("community_id", "level"):
        planned.setdefault(community_id, []).append(level)
    return [
        coverage_row(
            community_id=community.pk,
            name=community.name,
            is_priority=community.is_priority,
            levels_reached=reached.get(community.pk, []),
            levels_planned=planned.get(community.pk, []),
        )
        for community in communities(partnership)
    ]


def coverage_gaps(partnership: Partnership) -> list[CoverageRow]:
    return gaps(coverage(partnership))


# --- "You said, we did" ------------------------------------------------------------------------


@dataclass(frozen=True)
class TrailRow:
    heard: Heard
    entry: LogEntry
    decision: Decision | None
    plan_actions: tuple = ()

    @property
    def stage(self) -> str:
        return presenters.trail_stage(self.decision, [a.status for a in self.plan_actions])


def trail(partnership: Partnership) -> list[TrailRow]:
    """Everything heard, newest engagement first, with its decision and actions if any
    (three queries: the heard items with their decisions, then the linked plan actions)."""
    heard = list(
        Heard.objects.filter(entry__partnership=partnership)
        .select_related("entry", "decision")
        .order_by("-entry__happened_on", "entry_id", "id")
    )
    decisions = [item.decision for item in heard if getattr(item, "decision", None) is not None]
    prefetch_related_objects(decisions, "plan_actions")
    rows = []
    for item in heard:
        decision = getattr(item, "decision", None)
        linked = tuple(decision.plan_actions.all()) if decision is not None else ()
        rows.append(TrailRow(heard=item, entry=item.entry, decision=decision, plan_actions=linked))
    return rows


def heard_for_action(partnership: Partnership, action) -> list[Heard]:
    """What was heard that a plan action answers: the heard items whose decision links to it."""
    if action is None or action.partnership_id != partnership.pk:
        return []
    return list(
        Heard.objects.filter(entry__partnership=partnership, decision__plan_actions=action)
        .select_related("entry", "decision")
        .order_by("-entry__happened_on", "entry_id", "id")
    )


# --- Summary sections for the final report ------------------------------------------------------


def _section(item: str, title: str, paragraphs: list[str], rows=()) -> SummarySection:
    return SummarySection(
        stage=STAGE,
        item=item,
        title=title,
        paragraphs=tuple(paragraphs),
        rows=tuple(tuple(str(cell) for cell in row) for row in rows),
    )


def summary_sections(partnership: Partnership) -> list[SummarySection]:
    """The stage-2 sections of the final report, from the stored engagement work.

    A quote is only ever shown when consent was recorded; otherwise the report says
    "quote withheld: no consent".
    """
    chosen = list(communities(partnership))
    plan = list(plan_entries(partnership))
    log = list(log_entries(partnership))
    rows = coverage(partnership)
    trail_rows = trail(partnership)
    activities = list(capacity_activities(partnership))
    priority = [c for c in chosen if c.is_priority]

    sections = [
        _section(
            "choose-target-communities",
            "Target communities",
            [presenters.communities_sentence(len(chosen), len(priority))],
            [("Community", "Priority", "Why it is a priority")]
            + [(c.name, "Yes" if c.is_priority else "No", c.why or "Not recorded") for c in chosen],
        ),
        _section(
            "engagement-routes",
            "Routes to each community",
            [presenters.plan_sentence(len(plan))],
            [("Community", "Method", "Approach", "Lead")]
            + [
                (
                    e.community.name,
                    e.method,
                    e.get_approach_display(),
                    e.lead.user.display_name if e.lead else "No lead yet",
                )
                for e in plan
            ],
        ),
        _section(
            "engagement-level",
            "How much influence each community has",
            presenters.level_paragraphs(rows),
            [("Community", "Planned level", "Highest level reached")]
            + [(r.name, r.planned_name, r.highest_name) for r in rows],
        ),
        _section(
            "plan-engagement",
            "Engagement plan",
            [presenters.plan_sentence(len(plan))],
            [("Community", "Purpose", "Level", "Dates", "Status")]
            + [
                (
                    e.community.name,
                    e.purpose,
                    e.get_level_display(),
                    presenters.date_range(e.starts_on, e.ends_on),
                    e.get_status_display(),
                )
                for e in plan
            ],
        ),
        _section(
            "record-what-was-heard",
            "What communities said",
            [presenters.log_sentence(log)],
            [("Date", "Engagement", "Theme or quote")]
            + [
                (presenters.format_date(e.happened_on), e.title, presenters.heard_text(h))
                for e in log
                for h in e.heard.all()
            ],
        ),
        _section(
            "you-said-we-did",
            "You said, we did",
            [presenters.trail_sentence(trail_rows)],
            [("You said", "We decided", "What was done")]
            + [
                (
                    presenters.heard_text(row.heard),
                    presenters.decision_text(row.decision),
                    presenters.action_text(row.decision, row.plan_actions),
                )
                for row in trail_rows
            ],
        ),
        _section(
            "check-reach",
            "Priority communities not yet reached",
            presenters.gap_paragraphs(gaps(rows)),
            [("Community", "Priority", "Highest level reached", "Engagements")]
            + [
                (r.name, "Yes" if r.is_priority else "No", r.highest_name, r.engagements)
                for r in rows
            ],
        ),
    ]
    owned = [a for a in activities if a.kind == ActivityKind.COMMUNITY_ACTION]
    building = [a for a in activities if a.kind != ActivityKind.COMMUNITY_ACTION]
    sections += [
        _section(
            "co-produce-plan",
            "Community-owned actions",
            [presenters.activities_sentence(owned, "community-owned action")],
            presenters.activity_rows(owned),
        ),
        _section(
            "build-capacity",
            "Building community capacity",
            [presenters.activities_sentence(building, "capacity-building activity")],
            presenters.activity_rows(building),
        ),
    ]
    return sections


def unanswered(partnership: Partnership) -> list[TrailRow]:
    """Heard but no response yet."""
    return [row for row in trail(partnership) if row.decision is None]
