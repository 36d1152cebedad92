"""Reads for the good-practice bank and the comparison of localities.

The bank is read across partnerships on purpose: every signed-in person may read what owners
chose to publish, and nothing else. The comparison reads only partnerships that opted in.
"""

from django.db.models import Q, QuerySet

from placematters.analysis.models import Priority
from placematters.logic_model import queries as logic_queries
from placematters.measures import queries as measure_queries
from placematters.partnerships.models import Membership, Partnership, Role
from placematters.partnerships.queries import members, organisations
from placematters.planning import queries as planning_queries
from placematters.sharing import comparison, redaction
from placematters.sharing.models import ComparisonChoice, Publication
from placematters.stakeholders.models import Kind, Stakeholder
from placematters.toolkit import queries as toolkit_queries

SEARCHED_FIELDS = (
    "title",
    "summary",
    "problem",
    "approach",
    "actions_taken",
    "measures_used",
    "results",
    "target_groups",
)


# --- the bank ------------------------------------------------------------------------------


def published() -> QuerySet[Publication]:
    """Every publication still in the bank, newest first."""
    return Publication.objects.filter(withdrawn=False).select_related("partnership")


def publication(publication_id: int) -> Publication | None:
    """A publication still in the bank, or None (withdrawn or unknown)."""
    return published().filter(pk=publication_id).first()


def search(
    *,
    text: str = "",
    kind: str = "",
    determinant: str = "",
    segment: str = "",
    target_group: str = "",
    area_type: str = "",
) -> QuerySet[Publication]:
    """Publications matching every filter given; ``text`` is looked for in the title, summary
    and the case study's text, each word anywhere."""
    found = published()
    for word in text.split():
        matches = Q()
        for name in SEARCHED_FIELDS:
            matches |= Q(**{f"{name}__icontains": word})
        found = found.filter(matches)
    if kind:
        found = found.filter(kind=kind)
    if determinant:
        found = found.filter(determinant=determinant)
    if segment:
        found = found.filter(segment=segment)
    if area_type:
        found = found.filter(area_type=area_type)
    if target_group:
        wanted = target_group.strip().lower()
        found = [p for p in found if wanted in {g.lower() for g in p.target_groups}]
        return Publication.objects.filter(pk__in=[p.pk for p in found]).select_related(
            "partnership"
        )
    return found


def target_group_choices() -> list[str]:
    """Every target group label used by a publication in the bank, alphabetically."""
    rows = Publication.objects.filter(withdrawn=False).values_list("target_groups", flat=True)
    labels = {label for groups in rows for label in groups}
    return sorted(labels, key=str.lower)


def publications_of(partnership: Partnership) -> QuerySet[Publication]:
    """A partnership's own publications, withdrawn ones included."""
    return Publication.objects.filter(partnership=partnership).select_related("published_by")


def own_publication(partnership: Partnership, publication_id: int) -> Publication | None:
    return publications_of(partnership).filter(pk=publication_id).first()


def template_targets(user) -> QuerySet[Membership]:
    """The user's memberships where they may change the plan (editor or owner)."""
    return (
        Membership.objects.filter(user=user, role__in=[Role.OWNER, Role.EDITOR])
        .select_related("partnership")
        .order_by("partnership__name")
    )


# --- what a plan or logic model would publish ----------------------------------------------


def _people(partnership: Partnership) -> list[str]:
    names = []
    for membership in members(partnership):
        names += [membership.user.full_name, membership.user.email]
    for stakeholder in Stakeholder.objects.filter(partnership=partnership):
        if stakeholder.kind == Kind.PERSON:
            names.append(stakeholder.name)
        names.append(stakeholder.contact)
    return [name for name in names if name]


def _organisations(partnership: Partnership) -> list[str]:
    names = [organisation.name for organisation in organisations(partnership)]
    names += Stakeholder.objects.filter(
        partnership=partnership, kind=Kind.ORGANISATION
    ).values_list("name", flat=True)
    return names


def plan_facts(partnership: Partnership) -> list[redaction.ActionFacts]:
    found = planning_queries.plan_actions(partnership).prefetch_related("milestones")
    return [
        redaction.ActionFacts(
            title=action.title,
            description=action.description,
            why=action.why,
            segment=action.segment,
            determinant=action.determinant,
            intensity=action.intensity,
            life_stages=tuple(action.life_stages),
            ihe_step=action.ihe_step,
            start_date=action.start_date,
            due_date=action.due_date,
            owner_name=action.owner.user.full_name if action.owner_id else "",
            owner_email=action.owner.user.email if action.owner_id else "",
            organisation=action.organisation.name if action.organisation_id else "",
            communities=tuple(sorted(c.name for c in action.communities.all())),
            intensity_note=action.intensity_note,
            milestones=tuple(
                redaction.MilestoneFacts(title=m.title, due_date=m.due_date)
                for m in action.milestones.all()
            ),
        )
        for action in found
    ]


def redacted_plan(
    partnership: Partnership, *, include_organisations: bool, include_communities: bool
) -> dict:
    return redaction.redact_plan(
        plan_facts(partnership),
        people=_people(partnership),
        organisations=_organisations(partnership),
        include_organisations=include_organisations,
        include_communities=include_communities,
    )


def redacted_logic_model(
    partnership: Partnership, *, include_organisations: bool, include_evidence_links: bool
) -> dict:
    elements = [
        redaction.ElementFacts(
            key=element.pk,
            kind=element.kind,
            title=element.title,
            description=element.description,
            measure=element.measure,
        )
        for element in logic_queries.elements(partnership)
    ]
    links = [
        redaction.LinkFacts(
            source=link.source_id,
            target=link.target_id,
            evidence=link.evidence,
            evidence_url=link.evidence_url,
            confidence=link.confidence,
        )
        for link in logic_queries.links(partnership)
    ]
    return redaction.redact_logic_model(
        elements,
        links,
        people=_people(partnership),
        organisations=_organisations(partnership),
        include_organisations=include_organisations,
        include_evidence_links=include_evidence_links,
    )


# --- the comparison ------------------------------------------------------------------------


def is_opted_in(partnership: Partnership) -> bool:
    return ComparisonChoice.objects.filter(partnership=partnership, opted_in=True).exists()


def opted_in_partnerships() -> QuerySet[Partnership]:
    return Partnership.objects.filter(comparison_choice__opted_in=True).order_by("name")


def locality_figures(partnership: Partnership) -> comparison.LocalityFigures:
    stages = tuple(
        comparison.StageFigures(
            title=progress.stage.title, done=progress.closed, total=progress.total
        )
        for progress in toolkit_queries.stage_progress(partnership)
    )
    statuses = planning_queries.plan_actions(partnership).values_list("status", flat=True)
    measures = tuple(
        comparison.MeasureFigures(
            name=line.measure.name,
            latest=line.latest,
            latest_period=line.latest_period,
            variation=line.variation,
        )
        for line in (
            measure_queries.measure_line(partnership, found)
            for found in measure_queries.measures(partnership)
        )
    )
    return comparison.LocalityFigures(
        name=partnership.name,
        slug=partnership.slug,
        stages=stages,
        priorities=Priority.objects.filter(partnership=partnership).count(),
        actions_by_status=comparison.status_counts(list(statuses)),
        measures=measures,
    )


def localities() -> list[comparison.LocalityFigures]:
    """Every opted-in partnership's figures, by name."""
    return [locality_figures(partnership) for partnership in opted_in_partnerships()]
