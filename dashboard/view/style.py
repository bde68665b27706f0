"""One status order and one colour-blind-safe palette for every chart and badge.

Colours are the Okabe-Ito palette (Okabe & Ito, "Color Universal Design", 2008),
distinguishable under the common forms of colour blindness; unknown is neutral grey.
"""

STATUS_ORDER = ("proposed", "under_discussion", "agreed", "in_progress", "completed", "stalled", "unknown")
STATUS_LABELS = {
    "proposed": "Proposed",
    "under_discussion": "Under discussion",
    "agreed": "Agreed",
    "in_progress": "In progress",
    "completed": "Completed",
    "stalled": "Stalled",
    "unknown": "Unknown",
}
STATUS_COLORS = {
    "proposed": "#E69F00",
    "under_discussion": "#56B4E9",
    "agreed": "#009E73",
    "in_progress": "#0072B2",
    "completed": "#CC79A7",
    "stalled": "#D55E00",
    "unknown": "#999999",
}
EVENT_COLOR = "#000000"
SEQUENTIAL_SCALE = "Blues"
# Heatmaps write their counts in black on the light two thirds of Blues (#F7FBFF to #4292C6): 6.2:1
# at least. Over the full scale plotly writes #444 or white by brightness, 2.9:1 on the middle blues.
CELL_SCALE = [[i / 5, c] for i, c in enumerate(("#F7FBFF", "#DEEBF7", "#C6DBEF", "#9ECAE1", "#6BAED6", "#4292C6"))]
CELL_TEXT = "#000000"
FONT = "Source Sans Pro, sans-serif"
# Every text of a chart (ticks, axis and colorbar titles, legends): 7.6:1 on white, 6.8:1 on the map's land.
# Streamlit's plotly theme would grey ticks and axis titles to #808495, 3.7:1 on white (WCAG AA asks 4.5:1).
CHART_TEXT = "#4A5563"
CHART_HEIGHT = 380
MAP_HEIGHT = 500  # the colour bar and the legend sit under the map
LAYER_COLORS = {
    "country": "#CDE7F7",
    "organization": "#F9E0B0",
    "initiative": "#C8EBD9",
    "cue": "#F3C6DE",
}
LAYER_LABELS = {
    "country": "Country, region, city or leader",
    "organization": "Organization",
    "initiative": "Initiative",
    "cue": "Status cue",
}


def luminance(color: str) -> float:
    """WCAG relative luminance of a #RRGGBB colour."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #RRGGBB colours, from 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def ink(fill: str) -> str:
    """Black or white, whichever reads better on `fill`: text on a coloured mark (plotly's own
    choice, #444 or white, is 4.2:1 on the sky blue and 4.3:1 on the orange)."""
    return max(("#000000", "#FFFFFF"), key=lambda text: contrast(text, fill))
