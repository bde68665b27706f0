"""Safe highlighting: source text is always escaped; only our own <mark> tags are HTML."""

import html

import pandas as pd

from dashboard.view.style import LAYER_COLORS, LAYER_LABELS


def _mark(text: str, layer: str, title: str) -> str:
    color = LAYER_COLORS[layer]
    return (
        f'<mark class="hl hl-{layer}" title="{html.escape(title, quote=True)}" '
        f'style="background:{color};padding:0 2px;border-radius:3px">{html.escape(text)}</mark>'
    )


def highlight(text: str, spans: pd.DataFrame, start: int = 0, end: int | None = None) -> str:
    """HTML of text[start:end] with non-overlapping spans marked; everything else escaped.

    `spans` has columns start, end, layer, ref. Where spans overlap, the longest wins.
    """
    end = len(text) if end is None else end
    chosen, taken = [], []
    ordered = spans.assign(length=spans["end"] - spans["start"]).sort_values(
        ["length", "start"], ascending=[False, True]
    )
    for row in ordered.itertuples():
        a, b = int(row.start), int(row.end)
        if a < start or b > end or a >= b or any(a < y and x < b for x, y in taken):
            continue
        taken.append((a, b))
        chosen.append((a, b, row.layer, str(row.ref)))
    parts, cursor = [], start
    for a, b, layer, ref in sorted(chosen):
        parts.append(html.escape(text[cursor:a]))
        parts.append(_mark(text[a:b], layer, f"{LAYER_LABELS[layer]}: {ref}"))
        cursor = b
    parts.append(html.escape(text[cursor:end]))
    return "".join(parts).replace("\n", "<br>")


def legend(layers: list[str]) -> str:
    """A one-line legend of the highlight colours."""
    return " ".join(_mark(LAYER_LABELS[layer], layer, LAYER_LABELS[layer]) for layer in layers)


def context_window(text: str, start: int, end: int, margin: int = 280) -> tuple[int, int]:
    """Bounds of the text around a sentence, cut at white space."""
    lo = max(0, start - margin)
    hi = min(len(text), end + margin)
    if lo > 0:
        lo = text.find(" ", lo, start) + 1 or lo
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space > 0 else hi
    return lo, hi
