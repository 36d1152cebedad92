"""Illustrative assets, connectors and segment assessments for the demo partnership.

Everything here is invented for the demo (labelled illustrative like the rest of it): the
names are made up, the points are placed near real North Norfolk towns only so that the map
has something to show. Loading is idempotent: assets and connectors are matched by name.
"""

import datetime

from django.utils import timezone

from placematters.asset_mapping import actions, queries

TOWNS = {
    "Cromer": (52.9310, 1.3010, "NR27 9HE"),
    "Sheringham": (52.9440, 1.2100, "NR26 8RE"),
    "North Walsham": (52.8210, 1.3870, "NR28 9BU"),
    "Fakenham": (52.8300, 0.8480, "NR21 9BX"),
    "Holt": (52.9070, 1.0910, "NR25 6BN"),
    "Wells-next-the-Sea": (52.9530, 0.8510, "NR23 1AN"),
    "Stalham": (52.7720, 1.5160, "NR12 9AA"),
}

# name, segment, type, owner, town or None, factors, days since checked (None = never)
ASSETS = [
    ("Healthy high streets licensing policy", "civic", "institutions", "District council", None,
     ["alcohol-drugs", "community-safety"], 90),
    ("Affordable warmth grants", "civic", "economic", "District council", None,
     ["housing-transit", "income"], 200),
    ("Local plan health policies", "civic", "institutions", "District council", None,
     ["housing-transit", "diet-exercise"], 500),
    ("Free swimming for under-16s", "civic", "economic", "Leisure trust", "Fakenham",
     ["diet-exercise"], 30),
    ("Coastal bus route subsidy", "civic", "economic", "County council", None,
     ["access-to-care", "housing-transit"], 420),
    ("Stop smoking service", "service", "institutions", "Public health team", "Cromer",
     ["tobacco"], 60),
    ("Health visiting team", "service", "institutions", "Community health trust", "North Walsham",
     ["family-social-support", "quality-of-care"], 120),
    ("Debt and benefits advice clinic", "service", "institutions", "Advice charity", "Fakenham",
     ["income"], 400),
    ("Social prescribing link workers", "service", "individuals", "Primary care network",
     "Holt", ["family-social-support", "access-to-care"], 45),
    ("Young people's sexual health drop-in", "service", "institutions", "Sexual health service",
     "Cromer", ["sexual-health"], 150),
    ("NHS Health Checks outreach van", "service", "physical", "Primary care network", "Stalham",
     ["quality-of-care", "access-to-care"], 20),
    ("Adult learning courses", "service", "institutions", "Adult education service",
     "North Walsham", ["education", "employment"], 600),
    ("Community food pantry", "community", "associations", "Church hall volunteers",
     "North Walsham", ["diet-exercise", "income"], 10),
    ("Parkrun on the cliffs", "community", "associations", "Volunteer run team", "Cromer",
     ["diet-exercise"], 75),
    ("Men's shed", "community", "associations", "Men's shed members", "Sheringham",
     ["family-social-support"], 380),
    ("Village hall network", "community", "physical", "Parish councils", "Holt",
     ["family-social-support"], None),
    ("Community allotments", "community", "physical", "Allotment society", "Wells-next-the-Sea",
     ["diet-exercise"], 160),
    ("Peer support group for new parents", "community", "individuals", "Parent volunteers",
     "Fakenham", ["family-social-support"], 50),
    ("Fishing heritage museum volunteers", "community", "cultural", "Heritage trust",
     "Wells-next-the-Sea", ["education"], 700),
    ("Community energy co-operative", "community", "economic", "Co-operative members",
     "Stalham", ["income", "air-water"], 100),
]  # fmt: skip

CONNECTORS = [
    ("place_based_planning", "Neighbourhood plan workshops",
     "Residents shape the health policies in the local plan.",
     ["Local plan health policies", "Village hall network"]),
    ("service_engagement", "Link workers in community venues",
     "Social prescribing link workers hold sessions at the pantry and the men's shed.",
     ["Social prescribing link workers", "Community food pantry", "Men's shed"]),
]  # fmt: skip

ASSESSMENTS = {
    "civic": "Illustrative: the council uses licensing and planning on alcohol and housing, but "
    "no lever is yet used on tobacco.\n\nThe bus subsidy matters for reaching clinics from "
    "the coast and is due for review.",
    "service": "Illustrative: the stop smoking service and health checks reach the towns but "
    "uptake in the most deprived coastal neighbourhoods is lower.",
}


def demo_assets_load(*, partnership, by, today: datetime.date | None = None) -> int:
    """Add the illustrative assets, connectors and assessments the partnership lacks; returns
    the number of assets added."""
    today = today or timezone.localdate()
    held = {asset.name: asset for asset in queries.assets(partnership)}
    added = 0
    for name, segment, kind, owner, town, factors, days in ASSETS:
        if name in held:
            continue
        place = TOWNS.get(town) if town else None
        held[name] = actions.asset_create(
            by=by,
            partnership=partnership,
            name=name,
            description=f"Illustrative {kind} asset invented for the demo.",
            segment=segment,
            asset_type=kind,
            owner_name=owner,
            town=town or "",
            postcode=place[2] if place else "",
            latitude=place[0] if place else None,
            longitude=place[1] if place else None,
            area_code="" if place else "E07000147",
            areas_served=["E07000147"],
            determinants=factors,
            last_verified=None if days is None else today - datetime.timedelta(days=days),
        )
        added += 1
    existing = {connector.name for connector in queries.connectors(partnership)}
    for kind, name, description, names in CONNECTORS:
        if name not in existing:
            actions.connector_create(
                by=by,
                partnership=partnership,
                kind=kind,
                name=name,
                description=description,
                assets=[held[item] for item in names if item in held],
            )
    written = queries.segment_assessments(partnership)
    for segment, summary in ASSESSMENTS.items():
        if written[segment] is None:
            actions.segment_assessment_update(
                by=by, partnership=partnership, segment=segment, summary=summary
            )
    return added
