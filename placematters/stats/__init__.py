"""Pure, vectorised statistics: England's official public-health methods and WHO HEAT measures.

Nothing here imports Django or the rest of the project (an import-linter contract checks it).
Every function takes numpy arrays (and optional group keys), validates them, and raises
:class:`StatsInputError` for bad input. Formulas and sources are in each function's docstring;
the full method notes are in ``docs/statistics.md``.
"""

from placematters.stats.errors import StatsInputError

__all__ = ["StatsInputError"]
