"""One small exception hierarchy for bad input; every message names the file."""

from pathlib import Path


class TrackerError(Exception):
    """Base class: a problem the user can fix, reported in one line."""


class InputError(TrackerError):
    """A source document that cannot be read as an article."""

    def __init__(self, path: str | Path, problem: str):
        self.path, self.problem = str(path), problem
        super().__init__(f"{path}: {problem}")


class CodebookError(TrackerError):
    """A malformed codebook or overrides entry, with its file and line."""

    def __init__(self, path: str | Path, line: int | None, problem: str):
        self.path, self.line, self.problem = str(path), line, problem
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {problem}")
