"""Place Matters: a whole-system workspace for local partnerships reducing health inequalities."""
