"""The prioritised intelligence for the summary report, from the data overview's priorities.

The analysis app records the findings a partnership marks as priorities but does not (yet)
offer ``summary_sections``; this module writes that section from its public queries, with the
plain-English data summary of each finding, so the report needs nothing new from the app.
"""

from placematters.analysis import queries as analysis
from placematters.partnerships.models import Partnership
from placematters.toolkit.summaries import SummarySection
from placematters.web.wording import count_phrase, join_words

STAGE = "mapping-the-system"
ITEM = "prioritise-intelligence"


def _figures(partnership: Partnership, priority: analysis.PriorityItem) -> str:
    sentences = analysis.narrative(
        partnership,
        priority.indicator_id,
        priority.area_code,
        sex=priority.sex or None,
        age=priority.age or None,
    )
    return " ".join(sentences) or "No figures are held for this finding now."


def summary_sections(partnership: Partnership) -> list[SummarySection]:
    """One section: how many findings are priorities, and each with its data summary."""
    priorities = list(reversed(analysis.priorities(partnership)))  # oldest first, as agreed
    if not priorities:
        paragraphs = ("No findings have been marked as priorities yet.",)
        return [SummarySection(STAGE, ITEM, "Prioritised intelligence", paragraphs)]
    areas = sorted({item.area_name for item in priorities})
    marked = "a priority" if len(priorities) == 1 else "priorities"
    lead = (
        f"The partnership has marked {count_phrase(len(priorities), 'finding')} from the data "
        f"as {marked}, covering {join_words(areas)}."
    )
    rows = [("Indicator", "Area", "Period", "What the data say", "Why it is a priority")]
    rows += [
        (
            item.indicator_name,
            item.area_name,
            item.period or "Latest",
            _figures(partnership, item),
            item.note or "No reason recorded",
        )
        for item in priorities
    ]
    return [
        SummarySection(
            stage=STAGE,
            item=ITEM,
            title="Prioritised intelligence",
            paragraphs=(lead,),
            rows=tuple(rows),
        )
    ]
