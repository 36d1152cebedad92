"""Reads of stakeholders and the agreed infrastructure. Each takes the partnership first."""

from django.db.models import QuerySet

from placematters.analysis.presenters import Table
from placematters.partnerships.models import Partnership
from placematters.stakeholders import presenters
from placematters.stakeholders.grid import QUADRANT_KEYS, Marker, approach_matches, quadrant_for
from placematters.stakeholders.models import (
    Commitment,
    ExistingWork,
    Infrastructure,
    Lead,
    Stakeholder,
)
from placematters.toolkit.summaries import SummarySection

STAGE = "mapping-the-system"


def stakeholders(partnership: Partnership) -> QuerySet[Stakeholder]:
    return Stakeholder.objects.filter(partnership=partnership).select_related(
        "organisation", "owner__user"
    )


def stakeholder(partnership: Partnership, stakeholder_id: int) -> Stakeholder | None:
    return stakeholders(partnership).filter(pk=stakeholder_id).first()


def grid_entries(partnership: Partnership) -> list[presenters.Entry]:
    """Every stakeholder with its quadrant, numbered in the order the grid's table lists them:
    by quadrant, then highest power and interest first, then name."""
    rows = []
    for item in stakeholders(partnership):
        quadrant = quadrant_for(item.power, item.interest)
        rows.append((item, quadrant))
    rows.sort(
        key=lambda row: (
            QUADRANT_KEYS.index(row[1]),
            -row[0].power,
            -row[0].interest,
            row[0].name.lower(),
        )
    )
    entries = []
    for number, (item, quadrant) in enumerate(rows, start=1):
        mismatch = not approach_matches(item.approach, item.power, item.interest)
        note = (
            presenters.approach_note(item.approach, item.get_approach_display(), quadrant)
            if mismatch
            else ""
        )
        entries.append(presenters.Entry(number, item, quadrant, mismatch, note))
    return entries


def markers(entries: list[presenters.Entry]) -> list[Marker]:
    return [
        Marker(
            number=entry.number,
            name=entry.stakeholder.name,
            power=entry.stakeholder.power,
            interest=entry.stakeholder.interest,
            mismatch=entry.mismatch,
        )
        for entry in entries
    ]


def grid_summary(partnership: Partnership, entries: list[presenters.Entry] | None = None) -> str:
    entries = grid_entries(partnership) if entries is None else entries
    counts = dict.fromkeys(QUADRANT_KEYS, 0)
    for entry in entries:
        counts[entry.quadrant] += 1
    lived = sum(1 for entry in entries if entry.stakeholder.lived_experience)
    mismatched = sum(1 for entry in entries if entry.mismatch)
    return presenters.stakeholders_summary(counts, lived, mismatched)


def infrastructure(partnership: Partnership) -> Infrastructure | None:
    return Infrastructure.objects.filter(partnership=partnership).first()


def leads(partnership: Partnership) -> QuerySet[Lead]:
    return Lead.objects.filter(partnership=partnership).select_related(
        "member__user", "stakeholder"
    )


def lead(partnership: Partnership, lead_id: int) -> Lead | None:
    return leads(partnership).filter(pk=lead_id).first()


def commitments(partnership: Partnership) -> QuerySet[Commitment]:
    return Commitment.objects.filter(partnership=partnership).select_related("organisation")


def commitment(partnership: Partnership, commitment_id: int) -> Commitment | None:
    return commitments(partnership).filter(pk=commitment_id).first()


def existing_work(partnership: Partnership) -> QuerySet[ExistingWork]:
    """The register of partners' existing work, newest first."""
    return ExistingWork.objects.filter(partnership=partnership).select_related("organisation")


def existing_work_item(partnership: Partnership, work_id: int) -> ExistingWork | None:
    return existing_work(partnership).filter(pk=work_id).first()


def existing_work_table(partnership: Partnership) -> Table:
    """The register as a table, for the page's CSV download."""
    table = Table(
        headers=["Title", "Kind", "Partner organisation", "Year", "Link", "What it covers",
                 "How the partnership will reuse it"]
    )  # fmt: skip
    for work in existing_work(partnership):
        table.rows.append(
            [
                work.title,
                work.get_kind_display(),
                work.organisation.name if work.organisation_id else "",
                work.year,
                work.url,
                work.covers,
                work.reuse,
            ]
        )
    return table


def summary_sections(partnership: Partnership) -> list[SummarySection]:
    """What this tool writes into the final report: the stakeholder grid and the agreed
    infrastructure (stage 1, 'identify-stakeholders' and 'agree-governance')."""
    entries = grid_entries(partnership)
    stakeholder_rows = (
        tuple(
            [("Number", "Stakeholder", "Quadrant", "Current approach")]
            + [
                (
                    str(entry.number),
                    entry.stakeholder.name,
                    presenters.quadrant_title(entry.quadrant),
                    entry.stakeholder.get_approach_display(),
                )
                for entry in entries
            ]
        )
        if entries
        else ()
    )
    lead_list = list(leads(partnership))
    commitment_list = list(commitments(partnership))
    commitment_rows = (
        tuple(
            [("Partner organisation", "Commitment")]
            + [(c.organisation.name, c.commitment) for c in commitment_list]
        )
        if commitment_list
        else ()
    )
    return [
        SummarySection(
            stage=STAGE,
            item="identify-stakeholders",
            title="Stakeholders",
            paragraphs=(grid_summary(partnership, entries),),
            rows=stakeholder_rows,
        ),
        _existing_work_section(partnership),
        SummarySection(
            stage=STAGE,
            item="agree-governance",
            title="Agreed infrastructure",
            paragraphs=tuple(
                presenters.infrastructure_paragraphs(
                    infrastructure(partnership), lead_list, commitment_list
                )
            ),
            rows=commitment_rows,
        ),
    ]


def _existing_work_section(partnership: Partnership) -> SummarySection:
    register = list(existing_work(partnership))
    return SummarySection(
        stage=STAGE,
        item="reuse-existing-work",
        title="Existing work the partnership builds on",
        paragraphs=(presenters.existing_work_summary(register),),
        rows=(
            tuple(
                [("Work", "Kind", "Partner", "Year", "How the partnership will reuse it")]
                + [
                    (
                        work.title,
                        work.get_kind_display(),
                        work.organisation.name if work.organisation_id else "Not given",
                        str(work.year),
                        work.reuse or "Not decided yet",
                    )
                    for work in register
                ]
            )
            if register
            else ()
        ),
    )
