"""Errors the user sees as one line: what is wrong and where."""

from __future__ import annotations


class LogisticsError(Exception):
    """Base class: the CLI prints ``Error: <message>`` and exits 1, no traceback."""


class InputError(LogisticsError):
    """An input file is wrong. Says which file, row and column, and what is expected.

    ``row`` is the 1-based line number in the file as a spreadsheet shows it
    (the header is row 1), so the user can go straight to the cell.
    """

    def __init__(self, file: str, message: str, row: int | None = None, column: str | None = None) -> None:
        self.file, self.row, self.column, self.message = file, row, column, message
        where = [str(file)]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column}")
        super().__init__(f"{', '.join(where)}: {message}")


class InfeasibleError(LogisticsError):
    """The data admit no plan at all (for example: no vehicles on any day)."""


class PlanCheckError(LogisticsError):
    """The independent checker rejected a plan: a solver or model bug, never user error."""
