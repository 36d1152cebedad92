"""Summary sections: what each tool contributes to the partnership's final report.

Every tool that completes part of a stage offers ``summary_sections(partnership)`` in its
``queries.py``, returning these sections; the report builder (``placematters.reports.builder``)
places them under the leaflet's headings, so a tool never has to know how the report is laid out.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SummarySection:
    """One titled section of the final summary, written in plain English from the stored data.

    ``stage`` is a stage slug from content/stages.yaml and ``item`` the checklist item the
    section answers; ``paragraphs`` are plain text (the report escapes them), ``rows`` an
    optional table whose first row is the header.
    """

    stage: str
    item: str
    title: str
    paragraphs: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = field(default=())
