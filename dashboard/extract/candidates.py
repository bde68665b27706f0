"""The candidate: an initiative mention before it is attached to its status, actors and sectors."""

from dataclasses import dataclass, field

from dashboard.extract.predicates import Governor, Reading
from dashboard.records import Kind, Money


@dataclass
class Candidate:
    head: int  # the token whose governors give the status
    start: int  # the name's tokens [start, end)
    end: int
    kind: Kind
    name: str
    scope: tuple[int, int]  # the tokens whose countries and sectors are the candidate's own
    rule: str  # the rule family that found it
    outer: list[Governor] = field(default_factory=list)  # governors of a list's intro
    reading: Reading | None = None  # when the rule already knows what governs it
    money: Money | None = None
    instrument: str = ""
    proposer: str = ""  # inherited from a list's intro
    refers_to: int | None = None  # index in ctx.found of the initiative an anaphor names
    default_status: bool = False  # may stand without a governing predicate (list items, agenda areas)
    plural: bool = False
