"""Build the illustrative demo partnership through the real actions.

Everything here is made up and labelled illustrative: the people, the organisations and the
progress. Running it twice changes nothing the second time.
"""

import datetime
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from placematters.accounts.actions import account_create, account_set_password
from placematters.demo.assets import demo_assets_load
from placematters.demo.data import demo_data_load
from placematters.demo.engagement import engagement_demo_link_plan, engagement_demo_load
from placematters.demo.evaluation import demo_evaluation_load
from placematters.demo.heat import demo_heat_load
from placematters.demo.logic_model import demo_logic_model_load
from placematters.demo.measures import demo_measures_load
from placematters.demo.planning import demo_planning_load
from placematters.demo.reports import demo_reports_load
from placematters.demo.selfassessment import demo_selfassessment_load
from placematters.demo.stakeholders import demo_stakeholders_load
from placematters.partnerships import actions as partnership_actions
from placematters.partnerships.models import Partnership, Role, Sector
from placematters.toolkit import actions as toolkit_actions
from placematters.toolkit import queries as toolkit_queries
from placematters.toolkit.models import Status

DEMO_NAME = "North Norfolk locality partnership (illustrative demo)"
DEMO_DESCRIPTION = (
    "An illustrative partnership of the district council, the NHS and the voluntary sector "
    "working on health inequalities along the North Norfolk coast. All people, organisations "
    "and progress here are made up to show how Place Matters works."
)
DEMO_USERS = [
    ("owner@demo.example", "Olu Owens (demo owner)", Role.OWNER),
    ("editor@demo.example", "Eda Evans (demo editor)", Role.EDITOR),
    ("viewer@demo.example", "Vic Vaughan (demo viewer)", Role.VIEWER),
]
DEMO_ORGANISATIONS = [
    ("North Norfolk District Council (illustrative)", Sector.LOCAL_AUTHORITY),
    ("Norfolk and Waveney ICB place team (illustrative)", Sector.NHS),
    ("Coastal Community Action (illustrative)", Sector.VCSE),
]
DEMO_AREAS = [("E07000147", "North Norfolk")]

# (content key, status, owner e-mail, due in days from today (negative = overdue), notes)
DEMO_PROGRESS = [
    (
        "find-data",
        Status.DONE,
        "editor@demo.example",
        -30,
        "Collected the district's Fingertips profile and the county JSNA chapters.\n\n"
        "- Gap: little data below district level on **mental health**.\n"
        "- Gap: no local data on the coastal holiday-park population.",
    ),
    (
        "break-down-data",
        Status.IN_PROGRESS,
        "editor@demo.example",
        14,
        "Deprivation breakdown done for life expectancy; still to do for hospital admissions.",
    ),
    (
        "data-overview",
        Status.IN_PROGRESS,
        "owner@demo.example",
        -7,
        "First draft shared with the partnership; waiting for comments.",
    ),
    ("identify-stakeholders", Status.IN_PROGRESS, "owner@demo.example", 21, ""),
    (
        "agree-governance",
        Status.DONE,
        "owner@demo.example",
        -60,
        "Terms of reference agreed at the first partnership meeting.",
    ),
    (
        "reuse-existing-work",
        Status.IN_PROGRESS,
        "editor@demo.example",
        28,
        "The council's needs assessment chapter and the voluntary sector's listening events are "
        "in the register of existing work; still asking the ICB for its engagement reports.",
    ),
    ("civic-assets", Status.IN_PROGRESS, "editor@demo.example", -3, ""),
    (
        "choose-target-communities",
        Status.IN_PROGRESS,
        "editor@demo.example",
        30,
        "Starting with coastal wards in the most deprived fifth nationally and with "
        "seasonal workers.",
    ),
]


@dataclass(frozen=True)
class DemoResult:
    partnership: Partnership
    password: str
    password_source: str
    created: bool


def demo_password() -> tuple[str, str]:
    """The demo password: from DEMO_PASSWORD, else the one generated earlier, else a new one."""
    if settings.DEMO_PASSWORD:
        return settings.DEMO_PASSWORD, "the DEMO_PASSWORD environment variable"
    path = Path(settings.DEMO_PASSWORD_FILE)
    if path.exists() and path.read_text().strip():
        return path.read_text().strip(), f"generated earlier and kept in {path}"
    password = secrets.token_urlsafe(12)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(password + "\n")
    path.chmod(0o600)
    return password, f"generated now and kept in {path}"


def _ensure_user(email: str, full_name: str, password: str):
    user = get_user_model().objects.filter(email=email).first()
    if user is None:
        return account_create(email=email, full_name=full_name, password=password)
    if not user.check_password(password):
        account_set_password(user=user, password=password)
    return user


def _load_tools(*, partnership, by, today: datetime.date) -> None:
    """Each tool's illustrative content, in an order where later tools can link to earlier
    ones (the plan to findings and assets, HEAT gaps and measures to the plan). Each loader
    adds only what is missing, so a second run changes nothing."""
    demo_data_load(partnership=partnership, by=by)
    demo_logic_model_load(partnership=partnership, by=by)
    demo_stakeholders_load(partnership=partnership, by=by, today=today)
    engagement_demo_load(partnership=partnership, by=by, today=today)
    demo_assets_load(partnership=partnership, by=by, today=today)
    demo_planning_load(partnership=partnership, by=by, today=today)
    demo_selfassessment_load(partnership=partnership, by=by)
    engagement_demo_link_plan(partnership=partnership, by=by)
    demo_heat_load(partnership=partnership, by=by, today=today)
    demo_measures_load(partnership=partnership, by=by, today=today)
    demo_evaluation_load(partnership=partnership, by=by, today=today)
    demo_reports_load(partnership=partnership, by=by, today=today)


@transaction.atomic
def build_demo(*, today: datetime.date | None = None) -> DemoResult:
    today = today or timezone.localdate()
    password, source = demo_password()
    users = {email: _ensure_user(email, name, password) for email, name, _role in DEMO_USERS}
    owner = users["owner@demo.example"]
    existing = Partnership.objects.filter(name=DEMO_NAME, is_illustrative=True).first()
    if existing is not None:
        _load_tools(partnership=existing, by=owner, today=today)
        return DemoResult(existing, password, source, created=False)

    partnership = partnership_actions.partnership_create(
        by=owner, name=DEMO_NAME, description=DEMO_DESCRIPTION, is_illustrative=True
    )
    for code, name in DEMO_AREAS:
        partnership_actions.area_add(by=owner, partnership=partnership, gss_code=code, name=name)
    organisations = [
        partnership_actions.organisation_add(
            by=owner, partnership=partnership, name=name, sector=sector
        )
        for name, sector in DEMO_ORGANISATIONS
    ]
    members = {}
    for (email, _name, role), organisation in zip(DEMO_USERS, organisations, strict=True):
        if role == Role.OWNER:
            membership = partnership.memberships.get(user=owner)
        else:
            _invitation, token = partnership_actions.invitation_create(
                by=owner, partnership=partnership, email=email, role=role, send=False
            )
            membership = partnership_actions.invitation_accept(token=token, user=users[email])
        members[email] = partnership_actions.membership_set_organisation(
            by=owner, membership=membership, organisation=organisation
        )

    items = {item.content_key: item for item in toolkit_queries.checklist_items(partnership)}
    for key, status, owner_email, due_in_days, notes in DEMO_PROGRESS:
        toolkit_actions.checklist_item_update(
            by=users[owner_email] if owner_email else owner,
            item=items[key],
            status=status,
            owner=members[owner_email] if owner_email else None,
            due_date=today + datetime.timedelta(days=due_in_days) if due_in_days else None,
            notes=notes,
        )
    toolkit_actions.evidence_link_add(
        by=users["editor@demo.example"],
        item=items["find-data"],
        label="Public health profiles (OHID Fingertips)",
        url="https://fingertips.phe.org.uk/",
    )
    _load_tools(partnership=partnership, by=owner, today=today)
    return DemoResult(partnership, password, source, created=True)
