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
FONT = "Source Sans Pro, sans-serif"
CHART_HEIGHT = 380
MAP_HEIGHT = 420
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
