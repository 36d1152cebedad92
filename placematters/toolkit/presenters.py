"""Display helpers for the toolkit pages."""

from placematters.toolkit.queries import StageProgress


def progress_summary(progress: StageProgress) -> str:
    """One sentence a screen reader and a sighted reader both understand."""
    if not progress.total:
        return "No items yet"
    return (
        f"{progress.closed} of {progress.total} items done or not applicable ({progress.percent}%)"
    )
