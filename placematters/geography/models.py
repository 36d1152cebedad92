"""Areas (by GSS code and vintage), their parents, boundaries, deprivation, population and deaths.

This is shared reference data: it belongs to no partnership and every partnership reads it.
"""

from django.db import models


class AreaType(models.TextChoices):
    COUNTRY = "country", "Country"
    REGION = "region", "Region"
    COUNTY_UA = "county_ua", "County or unitary authority"
    DISTRICT = "district", "District or unitary authority"
    WARD = "ward", "Electoral ward"
    MSOA = "msoa", "Middle layer super output area (MSOA)"
    LSOA = "lsoa", "Lower layer super output area (LSOA)"
    OTHER = "other", "Other"


class Area(models.Model):
    """One area in one vintage, e.g. LSOA E01026721 (2011) or district E07000147 (2019).

    The same code may appear in several vintages when the area did not change.
    """

    code = models.CharField("GSS code", max_length=9, db_index=True)
    name = models.CharField(max_length=200)
    area_type = models.CharField(max_length=12, choices=AreaType.choices)
    vintage = models.CharField(max_length=10, help_text="Boundary year, e.g. 2011 or 2019")
    rural_urban = models.CharField(
        max_length=80, blank=True, help_text="2011 Rural-Urban Classification (LSOAs)"
    )

    class Meta:
        ordering = ["code", "vintage"]
        constraints = [
            models.UniqueConstraint(fields=["code", "vintage"], name="unique_area_code_vintage")
        ]
        indexes = [models.Index(fields=["area_type", "vintage"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class AreaLink(models.Model):
    """A parent link (LSOA in district, district in region...) or a best-fit correspondence.

    ``relation`` says which: ``parent`` for hierarchies, ``successor`` for LSOA 2011 to 2021.
    ``weight`` is the share of the child counted in the parent (1 for an exact fit).
    """

    class Relation(models.TextChoices):
        PARENT = "parent", "Parent"
        SUCCESSOR = "successor", "Successor (best fit)"

    child = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="links_up")
    parent = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="links_down")
    relation = models.CharField(max_length=10, choices=Relation.choices, default=Relation.PARENT)
    vintage = models.CharField(max_length=10, help_text="The lookup's year")
    change = models.CharField(max_length=1, blank=True, help_text="ONS change code: U, S, M, X")
    weight = models.FloatField(default=1.0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["child", "parent", "relation", "vintage"], name="unique_area_link"
            )
        ]
        indexes = [models.Index(fields=["parent", "relation", "vintage"])]

    def __str__(self) -> str:
        return f"{self.child_id} {self.relation} {self.parent_id} ({self.vintage})"


class Boundary(models.Model):
    """A simplified boundary for display (GeoJSON geometry in WGS84)."""

    area = models.OneToOneField(Area, on_delete=models.CASCADE, related_name="boundary")
    geometry = models.JSONField()
    source = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"Boundary of area {self.area_id}"


class Deprivation(models.Model):
    """Index of Multiple Deprivation for one LSOA (IoD2019 File 7 columns we hold)."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="deprivation")
    edition = models.CharField(max_length=10, default="IMD2019")
    imd_score = models.FloatField()
    imd_rank = models.PositiveIntegerField()
    imd_decile = models.PositiveSmallIntegerField()
    domain_ranks = models.JSONField(default=dict, help_text="domain → rank (1 = most deprived)")
    domain_deciles = models.JSONField(default=dict, help_text="domain → decile (1 = most deprived)")
    population_total = models.FloatField(null=True)
    population_children_0_15 = models.FloatField(null=True)
    population_16_59 = models.FloatField(null=True)
    population_60_plus = models.FloatField(null=True)
    population_working_age = models.FloatField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area", "edition"], name="unique_deprivation")
        ]

    def __str__(self) -> str:
        return f"{self.edition} for area {self.area_id}: decile {self.imd_decile}"


class Sex(models.TextChoices):
    PERSONS = "persons", "Persons"
    MALE = "male", "Male"
    FEMALE = "female", "Female"


class PopulationCount(models.Model):
    """Population of an area by year, sex and age band (``age_to`` empty for an open band)."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="population")
    year = models.PositiveSmallIntegerField()
    sex = models.CharField(max_length=7, choices=Sex.choices)
    age_from = models.PositiveSmallIntegerField()
    age_to = models.PositiveSmallIntegerField(null=True)
    population = models.FloatField()
    batch = models.ForeignKey("indicators.ImportBatch", null=True, on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["area", "year", "sex", "age_from"], name="unique_population_band"
            )
        ]

    def __str__(self) -> str:
        return f"Population of area {self.area_id}, {self.year} {self.sex} {self.age_from}+"


class DeathCount(models.Model):
    """Registered deaths of residents of an area by year, sex and age band."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="deaths")
    year = models.PositiveSmallIntegerField()
    sex = models.CharField(max_length=7, choices=Sex.choices)
    age_from = models.PositiveSmallIntegerField()
    age_to = models.PositiveSmallIntegerField(null=True)
    deaths = models.FloatField()
    batch = models.ForeignKey("indicators.ImportBatch", null=True, on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["area", "year", "sex", "age_from"], name="unique_death_band"
            )
        ]

    def __str__(self) -> str:
        return f"Deaths in area {self.area_id}, {self.year} {self.sex} {self.age_from}+"
