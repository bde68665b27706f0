"""One small exception hierarchy for bad input; every message names the file."""

from pathlib import Path


class TrackerError(Exception):
    """Base class: a problem the user can fix, reported in one line."""


class InputError(TrackerError):
    """A source document that cannot be read as an article."""

    def __init__(self, path: str | Path, problem: str):
        problem = " ".join(str(problem).split())  # one line, whatever the reader said
        self.path, self.problem = str(path), problem
        super().__init__(f"{path}: {problem}")

    def __reduce__(self):  # raised in a build worker process, it must cross back whole
        return type(self), (self.path, self.problem)


class CodebookError(TrackerError):
    """A malformed codebook or overrides entry, with its file and line."""

    def __init__(self, path: str | Path, line: int | None, problem: str):
        problem = " ".join(str(problem).split())  # one line, whatever the parser said
        self.path, self.line, self.problem = str(path), line, problem
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {problem}")

    def __reduce__(self):
        return type(self), (self.path, self.line, self.problem)
