"""Which records belong to a partnership's workspace, decided model by model.

Every model that reaches ``partnerships.Partnership`` through a chain of foreign keys is either
INCLUDED (copied into the workspace document, in an order where every record comes after the
records it points at) or EXCLUDED with the reason. A test fails when a model appears that is
neither, so a new kind of partnership data cannot be silently left out of exports.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db import models

PARTNERSHIP = "partnerships.partnership"
USER = "accounts.user"
INDICATOR = "indicators.indicator"


@dataclass(frozen=True)
class Included:
    """A model copied into the document. ``path`` is the lookup from the model to the
    partnership (``None`` for people, who are copied only as far as records point at them)."""

    label: str
    path: str | None

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)


INCLUDED: tuple[Included, ...] = (
    Included(USER, None),
    Included("partnerships.areaoffocus", "partnership"),
    Included("partnerships.partnerorganisation", "partnership"),
    Included("partnerships.membership", "partnership"),
    Included("toolkit.checklistitem", "partnership"),
    Included("toolkit.evidencelink", "item__partnership"),
    Included("indicators.importbatch", "partnership"),
    Included(INDICATOR, "partnership"),
    Included("indicators.observation", "indicator__partnership"),
    Included("analysis.trend", "indicator__partnership"),
    Included("analysis.inequalitysummary", "indicator__partnership"),
    Included("analysis.derivation", "indicator__partnership"),
    Included("analysis.priority", "partnership"),
    Included("stakeholders.stakeholder", "partnership"),
    Included("stakeholders.infrastructure", "partnership"),
    Included("stakeholders.lead", "partnership"),
    Included("stakeholders.commitment", "partnership"),
    Included("stakeholders.existingwork", "partnership"),
    Included("engagement.targetcommunity", "partnership"),
    Included("engagement.planentry", "partnership"),
    Included("engagement.logentry", "partnership"),
    Included("engagement.loglink", "entry__partnership"),
    Included("engagement.heard", "entry__partnership"),
    Included("engagement.capacityactivity", "partnership"),
    Included("asset_mapping.asset", "partnership"),
    Included("asset_mapping.connector", "partnership"),
    Included("asset_mapping.segmentassessment", "partnership"),
    Included("logic_model.logicelement", "partnership"),
    Included("logic_model.logiclink", "partnership"),
    Included("planning.planaction", "partnership"),
    Included("planning.milestone", "action__partnership"),
    Included("planning.actionallocation", "action__partnership"),
    Included("engagement.decision", "heard__entry__partnership"),
    Included("selfassessment.steprating", "partnership"),
    Included("heat.assessment", "partnership"),
    Included("heat.finding", "assessment__partnership"),
    Included("heat.impact", "assessment__partnership"),
    Included("measures.result", "partnership"),
    Included("measures.resultindicator", "result__partnership"),
    Included("measures.measure", "partnership"),
    Included("measures.measurevalue", "measure__partnership"),
    Included("measures.worksheet", "measure__partnership"),
    Included("evaluation.evaluationentry", "partnership"),
    Included("evaluation.evaluationframework", "partnership"),
    Included("reports.snapshot", "partnership"),
)

EXCLUDED: dict[str, str] = {
    "sharing.publication": (
        "What an owner published to the good-practice bank belongs to the bank of this "
        "instance, where other partnerships read it; owners publish again from the new copy."
    ),
    "sharing.comparisonchoice": (
        "Being in the comparison of localities is a choice about sharing with the other "
        "partnerships of this instance; owners make it again in the new copy."
    ),
    "audit.auditevent": (
        "The history of who changed what belongs to the instance where it happened; the import "
        "itself is recorded as the first event of the new copy."
    ),
    "partnerships.invitation": (
        "Invitations carry secret tokens sent by e-mail: copying them would let an old link "
        "join the new copy. Owners invite people again."
    ),
    "reports.reportrender": (
        "PDF and Word files rendered from the report: files are not part of the document and "
        "can be rendered again from the imported data."
    ),
    "geography.populationcount": (
        "Shared population reference data; it points at an import batch only to say where it "
        "came from. The receiving instance loads its own with import_population."
    ),
    "geography.deathcount": (
        "Shared deaths reference data; it points at an import batch only to say where it came "
        "from. The receiving instance loads its own with import_deaths."
    ),
}


def included_labels() -> list[str]:
    return [entry.label for entry in INCLUDED]


def label_of(model: type[models.Model]) -> str:
    return model._meta.label_lower


def partnership_owned_models() -> list[str]:
    """Every installed model that reaches the partnership through a chain of foreign keys."""
    partnership = apps.get_model(PARTNERSHIP)
    owned: set[type[models.Model]] = {partnership}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in owned:
                continue
            if any(
                field.many_to_one or field.one_to_one
                for field in model._meta.concrete_fields
                if field.is_relation and field.related_model in owned
            ):
                owned.add(model)
                changed = True
    return sorted(label_of(model) for model in owned if model is not partnership)


def unclassified_models() -> list[str]:
    """Partnership-owned models the registry neither includes nor excludes."""
    known = set(included_labels()) | set(EXCLUDED)
    return [label for label in partnership_owned_models() if label not in known]
