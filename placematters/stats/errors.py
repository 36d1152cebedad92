"""The one exception type the statistics engine raises for bad input."""


class StatsInputError(ValueError):
    """Bad input to a statistics function.

    The message names the argument, the first offending row (0-based, in the order given) when
    there is one, and the rule that was broken, e.g.
    ``x: row 3 is -1; counts must be zero or more``.
    """

    def __init__(self, argument: str, rule: str, row: int | None = None, value: object = None):
        self.argument = argument
        self.rule = rule
        self.row = row
        self.value = value
        where = f"row {row} is {value!r}; " if row is not None else ""
        super().__init__(f"{argument}: {where}{rule}")
