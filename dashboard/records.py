"""Record shapes and closed sets shared by the pipeline and the tables."""

from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    """The status ladder of DESIGN.md, in ladder order (stalled sits apart)."""

    PROPOSED = "proposed"
    UNDER_DISCUSSION = "under_discussion"
    AGREED = "agreed"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    STALLED = "stalled"


# Statuses at or beyond `agreed`: a hedged or future statement never yields these.
COMMITTED = {Status.AGREED, Status.IN_PROGRESS, Status.COMPLETED}

# A record is quiet when nothing was reported of it for this long before the corpus's newest document.
QUIET_DAYS = 180

# IATI ActivityStatus codelist: 1 Pipeline/identification, 2 Implementation,
# 3 Finalisation, 6 Suspended.
IATI_STATUS = {
    Status.PROPOSED: 1,
    Status.UNDER_DISCUSSION: 1,
    Status.AGREED: 1,
    Status.IN_PROGRESS: 2,
    Status.COMPLETED: 3,
    Status.STALLED: 6,
}

# Ladder position, used to pick the furthest status among same-day claims.
RANK = {
    Status.STALLED: 0,
    Status.PROPOSED: 1,
    Status.UNDER_DISCUSSION: 2,
    Status.AGREED: 3,
    Status.IN_PROGRESS: 4,
    Status.COMPLETED: 5,
}
STATUS_RANK = {status.value: rank for status, rank in RANK.items()}  # the same, by the status's name


class Role(StrEnum):
    """How a country takes part in an initiative."""

    PROPOSER = "proposer"
    PARTNER = "partner"
    HOST = "host"
    FINANCIER = "financier"
    PARTICIPANT = "participant"


class Kind(StrEnum):
    """Kinds of initiative (DESIGN.md)."""

    FUND = "fund"
    PROGRAMME = "programme"
    NETWORK = "network"
    PROJECT = "project"
    PARTNERSHIP = "partnership"
    AGREEMENT = "agreement"
    STRATEGY = "strategy"
    INSTITUTION = "institution"
    TARGET = "target"
    FINANCING = "financing"  # a loan, grant, credit line or guarantee
    DEAL = "deal"  # a commercial contract, sale or investment package
    AGENDA = "agenda"


@dataclass(frozen=True)
class Span:
    """A cited stretch of a source: sentence text and its character offsets."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Money:
    """An amount as the source states it: 'US$ 260 million' -> 260000000.0, 'USD'."""

    amount: float
    currency: str  # ISO 4217 code, '' when the text gives none
    text: str  # as written
    start: int = -1  # character offsets of the amount in the source (-1: not known)
    end: int = -1


@dataclass(frozen=True)
class CountryLink:
    iso3: str
    role: Role
    basis: str  # "mention", "proposer", "region:Central Asia", "organization:jica", "context"

    @property
    def inferred(self) -> bool:
        return self.basis not in ("mention", "proposer")


@dataclass(frozen=True)
class StatusClaim:
    status: Status
    cue: str
    evidence: Span
    cue_span: Span | None = None


@dataclass
class Initiative:
    """One initiative as found in one document."""

    name: str
    kind: Kind
    key: str  # normalised name used to merge mentions
    claims: list[StatusClaim] = field(default_factory=list)
    proposer: str = ""
    countries: list[CountryLink] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    organizations: list[tuple[str, str]] = field(default_factory=list)  # (org_id, role)
    parent_key: str = ""
    spans: list[Span] = field(default_factory=list)  # where the name stands in the source
    money: Money | None = None  # the amount it is worth, lent or granted
    instrument: str = ""  # loan, grant, credit, guarantee, equity, investment: how the money flows


@dataclass
class Event:
    """A summit, visit or meeting found in one document."""

    name: str
    kind: str
    start: str = ""
    end: str = ""
    city: str = ""
    iso3: str = ""
    status: str = ""
    participants: list[str] = field(default_factory=list)
    evidence: Span | None = None
    date_basis: str = ""  # "text" when the text dates it, "document" when only the report's month does


@dataclass
class Document:
    """A source document with what was read from its metadata and header."""

    doc_id: str
    path: str
    text: str
    sha256: str
    title: str = ""
    published: str = ""
    source: str = ""
    url: str = ""
    dateline_city: str = ""
    dateline_iso3: str = ""
    date_basis: str = ""  # "metadata", "header", "dateline" or "" (unknown)


@dataclass
class Mention:
    """An entity found in a document: a country, region, leader, city or organization."""

    label: str  # COUNTRY, DEMONYM, CITY, LEADER, REGION, ORG
    ref: str  # ISO3, region name or org_id
    span: Span


@dataclass
class Extraction:
    """Everything extracted from one document."""

    document: Document
    initiatives: list[Initiative]
    events: list[Event]
    mentions: list[Mention]
    lead: str = ""  # the first sentence of the body: what the story is about
