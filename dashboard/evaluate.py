"""Score extraction against a gold file (format: DESIGN.md, "Gold files")."""

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from dashboard.codebook import Codebook, load_codebook
from dashboard.errors import InputError
from dashboard.extract import extract_document
from dashboard.records import Event, Extraction, Initiative
from dashboard.sources import load_document
from dashboard.tables import current_status


def name_tokens(name: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", name.lower())


def token_matches(gold: str, token: str) -> bool:
    """'technopark' matches 'technoparks'; 'facility' matches 'facilities'."""
    gold = gold.lower()
    return token in (gold, gold + "s", gold + "es") or (gold.endswith("y") and token == gold[:-1] + "ies")


def name_matches(match: list[str], name: str) -> bool:
    """Every gold token appears in the extracted name, plural endings allowed."""
    tokens = name_tokens(name)
    return all(any(token_matches(str(m), t) for t in tokens) for m in match)


def max_matching(items: list[int], candidates: dict[int, list[int]], taken: dict[int, int]) -> None:
    """Kuhn's augmenting paths: pair gold items with extractions, one to one, as many as possible."""

    def assign(item: int, seen: set[int]) -> bool:
        for cand in candidates[item]:
            if cand in seen:
                continue
            seen.add(cand)
            if cand not in taken or assign(taken[cand], seen):
                taken[cand] = item
                return True
        return False

    for item in items:
        assign(item, set())


@dataclass
class DocScore:
    file: str
    tp: int = 0
    fn: int = 0
    fp: int = 0
    status: list[bool] = field(default_factory=list)
    proposer: list[bool] = field(default_factory=list)
    country_f1: list[float] = field(default_factory=list)
    sector_hit: list[bool] = field(default_factory=list)
    events_found: int = 0
    events_total: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    event_misses: list[str] = field(default_factory=list)


def set_f1(gold: set[str], found: set[str]) -> float:
    if not gold and not found:
        return 1.0
    tp = len(gold & found)
    return 2 * tp / (len(gold) + len(found)) if tp else 0.0


def initiative_status(ini: Initiative, published: str) -> str:
    status = current_status([(published, c.status) for c in ini.claims])
    return status.value if status else "unknown"


def score_attributes(score: DocScore, gold: dict, ini: Initiative, published: str, codebook: Codebook) -> None:
    label = " ".join(map(str, gold["match"]))
    if "status" in gold:
        ok = initiative_status(ini, published) == gold["status"]
        score.status.append(ok)
        if not ok:
            score.wrong.append(f"{label}: status {initiative_status(ini, published)} != {gold['status']}")
    if "proposer" in gold:
        ok = (ini.proposer or None) == gold["proposer"]
        score.proposer.append(ok)
        if not ok:
            score.wrong.append(f"{label}: proposer {ini.proposer or None} != {gold['proposer']}")
    if "countries" in gold:
        found = {link.iso3 for link in ini.countries}
        f1 = set_f1(set(gold["countries"]), found)
        score.country_f1.append(f1)
        if f1 < 1:
            score.wrong.append(f"{label}: countries {sorted(found)} != {sorted(gold['countries'])}")
    if "dac" in gold:
        codes = {codebook.sectors[s].dac for s in ini.sectors}
        ok = bool(codes & set(gold["dac"]))
        score.sector_hit.append(ok)
        if not ok:
            score.wrong.append(f"{label}: dac {sorted(codes)} has none of {gold['dac']}")


def event_matches(gold: dict, event: Event) -> bool:
    if not name_matches(gold["match"], event.name):
        return False
    for attr in ("start", "end", "city", "iso3", "status"):
        if attr in gold and str(gold[attr]) != getattr(event, attr):
            return False
    return True


def score_document(entry: dict, ex: Extraction, codebook: Codebook) -> DocScore:
    score = DocScore(entry["file"])
    gold_items = entry.get("initiatives") or []
    found = ex.initiatives
    candidates = {
        g: [i for i, ini in enumerate(found) if name_matches(gold["match"], ini.name)]
        for g, gold in enumerate(gold_items)
    }
    taken: dict[int, int] = {}
    required = [g for g, gold in enumerate(gold_items) if not gold.get("optional")]
    max_matching(required, candidates, taken)
    max_matching([g for g in range(len(gold_items)) if g not in required], candidates, taken)
    matched = {g: i for i, g in taken.items()}
    for g, gold in enumerate(gold_items):
        if g in matched:
            if not gold.get("optional"):
                score.tp += 1
            score_attributes(score, gold, found[matched[g]], ex.document.published, codebook)
        elif not gold.get("optional"):
            score.fn += 1
            score.misses.append(" ".join(map(str, gold["match"])))
    extras = [ini.name for i, ini in enumerate(found) if i not in taken]
    score.fp, score.extras = len(extras), extras
    for gold in entry.get("events") or []:
        if gold.get("optional"):
            continue
        score.events_total += 1
        hit = any(event_matches(gold, e) for e in ex.events)
        score.events_found += hit
        if not hit:
            near = [e for e in ex.events if name_matches(gold["match"], e.name)]
            got = "; ".join(f"{e.name} {e.start} {e.city} {e.iso3} {e.status}" for e in near) or "none by that name"
            wanted = " ".join(str(gold.get(k, "")) for k in ("start", "city", "iso3", "status"))
            score.event_misses.append(f"{' '.join(map(str, gold['match']))}: want {wanted}; got {got}")
    return score


def load_gold(path: Path) -> list[dict]:
    try:
        gold = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(path, f"cannot read the gold file: {str(exc).splitlines()[0]}") from None
    if not isinstance(gold, dict) or not isinstance(gold.get("documents"), list):
        raise InputError(path, "a gold file is a mapping with a `documents` list")
    return gold["documents"]


def evaluate(gold_path: Path, codebook: Codebook | None = None) -> list[DocScore]:
    """Score every document of a gold file."""
    codebook = codebook or load_codebook()
    scores = []
    for entry in load_gold(gold_path):
        document = load_document(Path(gold_path).parent / entry["file"], codebook)
        if not document.published and entry.get("published"):
            document.published = str(entry["published"])
        scores.append(score_document(entry, extract_document(document, codebook), codebook))
    return scores


@dataclass
class Summary:
    precision: float
    recall: float
    f1: float
    status_accuracy: float
    proposer_accuracy: float
    country_f1: float
    sector_hit_rate: float
    event_recall: float


def _mean(values: list) -> float:
    return sum(values) / len(values) if values else float("nan")


def summarise(scores: list[DocScore]) -> Summary:
    tp, fp, fn = (sum(getattr(s, a) for s in scores) for a in ("tp", "fp", "fn"))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    events = sum(s.events_total for s in scores)
    return Summary(
        precision,
        recall,
        f1,
        _mean([x for s in scores for x in s.status]),
        _mean([x for s in scores for x in s.proposer]),
        _mean([x for s in scores for x in s.country_f1]),
        _mean([x for s in scores for x in s.sector_hit]),
        sum(s.events_found for s in scores) / events if events else float("nan"),
    )


def _fmt(value: float) -> str:
    return "  -  " if value != value else f"{value:.2f}"


def report(scores: list[DocScore], verbose: bool = False) -> str:
    """The printed report: a table with one row per document (and, verbose, its misses, extras
    and wrong attributes), then the overall figures."""
    width = max([len(s.file) for s in scores] + [8])
    header = f"{'document':<{width}}   P     R     F1    tp  fp  fn  status prop  ctry  sect  events"
    lines = [header, "-" * len(header)]
    for s in scores:
        one = summarise([s])
        lines.append(
            f"{s.file:<{width}} {_fmt(one.precision)} {_fmt(one.recall)} {_fmt(one.f1)} {s.tp:4d}{s.fp:4d}{s.fn:4d}"
            f"  {_fmt(one.status_accuracy)}  {_fmt(one.proposer_accuracy)} {_fmt(one.country_f1)}"
            f" {_fmt(one.sector_hit_rate)}  {s.events_found}/{s.events_total}"
        )
        if verbose:
            lines += [f"    miss: {m}" for m in s.misses] + [f"    extra: {e}" for e in s.extras]
            lines += [f"    wrong: {w}" for w in s.wrong] + [f"    event miss: {e}" for e in s.event_misses]
    total = summarise(scores)
    lines.append(
        "OVERALL\n"
        f"  initiative precision {total.precision:.3f}\n  initiative recall    {total.recall:.3f}\n"
        f"  initiative F1        {total.f1:.3f}\n  status accuracy      {total.status_accuracy:.3f}\n"
        f"  proposer accuracy    {total.proposer_accuracy:.3f}\n  country-set F1       {total.country_f1:.3f}\n"
        f"  sector hit rate      {total.sector_hit_rate:.3f}\n  event recall         {total.event_recall:.3f}"
    )
    return "\n".join(lines)
