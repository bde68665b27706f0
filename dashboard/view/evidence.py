"""Evidence blocks: each status claim's sentence in its source context, safely highlighted."""

import html

import pandas as pd

from dashboard.view.data import Tables
from dashboard.view.highlight import context_window, highlight
from dashboard.view.style import STATUS_COLORS, STATUS_LABELS


def claims_html(view: Tables, initiative_id: str) -> list[str]:
    """One HTML block per status claim, newest first; all source text escaped."""
    history = view.status_history[view.status_history["initiative_id"] == initiative_id]
    docs = view.documents.set_index("doc_id")
    blocks = []
    for claim in history.sort_values(["date", "start"], ascending=[False, True]).itertuples():
        doc = docs.loc[claim.doc_id]
        text, start, end = doc["text"], int(claim.start), int(claim.end)
        lo, hi = context_window(text, start, end)
        spans = view.annotations[view.annotations["doc_id"] == claim.doc_id]
        badge = (
            f'<span style="background:{STATUS_COLORS[claim.status]};color:white;border-radius:4px;'
            f'padding:1px 6px">{html.escape(STATUS_LABELS[claim.status])}</span>'
        )
        source = " · ".join(html.escape(p) for p in (doc["source"], claim.date or "date unknown", claim.doc_id) if p)
        blocks.append(
            f'<div style="font-size:.9em;color:#555;margin-bottom:.4em">{badge} cue “{html.escape(claim.cue)}” · '
            f"{source}</div>"
            f'<div style="line-height:1.7">{"…" if lo else ""}{html.escape(text[lo:start])}'
            f'<span style="border-bottom:2px solid #1B2733">{highlight(text, spans, start, end)}</span>'
            f"{html.escape(text[end:hi])}{'…' if hi < len(text) else ''}</div>"
        )
    return blocks


def confidence_text(score: object, reasons: object) -> str:
    """'Confidence 65 of 100: 50 base; +15 two independent sources', or '' for tables without one."""
    if score is None or pd.isna(score):
        return ""
    said = f"Confidence {int(score)} of 100"
    return f"{said}: {reasons}" if isinstance(reasons, str) and reasons else said
