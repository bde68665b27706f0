"""Every chart has a text alternative read from the figure: a one-line summary and its data."""

import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.view import alt, charts
from dashboard.view.data import load_tables
from tests.conftest import ROOT


def test_a_bar_charts_table_holds_each_drawn_bar_and_the_summary_names_the_largest():
    fig = go.Figure([go.Bar(y=["Energy", "Transport"], x=[2, 5], orientation="h", name="Agreed"),
                     go.Bar(y=["Energy", "Transport"], x=[0, 1], orientation="h", name="Proposed")])  # fmt: skip
    fig.update_layout(title_text="Initiatives by sector")
    line, table = alt.describe(fig)
    assert table.to_dict("records") == [
        {"Category": "Energy", "Series": "Agreed", "Value": 2.0},
        {"Category": "Transport", "Series": "Agreed", "Value": 5.0},
        {"Category": "Transport", "Series": "Proposed", "Value": 1.0},  # the zero bar is not drawn
    ]
    assert line == "Initiatives by sector: 3 value(s); the largest is 5, at Transport (Agreed)."


def test_a_heatmap_keeps_its_cell_labels():
    fig = go.Figure(go.Heatmap(z=[[5e8, 0]], x=["Transport", "Energy"], y=["Uzbekistan"], text=[["$500 m", ""]]))
    line, table = alt.describe(fig)
    assert table.to_dict("records") == [{"Row": "Uzbekistan", "Column": "Transport", "Value": 5e8, "Shown": "$500 m"}]
    assert "the largest is $500 m, at Uzbekistan × Transport" in line


@pytest.mark.parametrize("name", sorted(charts.CHARTS))
def test_every_chart_of_the_seed_has_a_summary_and_a_table(name):
    figure = charts.CHARTS[name](load_tables())
    if figure is None:  # the seed states no amount: no money chart
        assert name == "money"
        return
    line, table = alt.describe(figure)
    assert len(table) > 0 and line.startswith(figure.layout.title.text)


def test_the_overview_gives_each_chart_its_summary_and_its_data_on_demand():
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90).run()
    captions = [c.value.replace("\\", "") for c in at.caption]
    assert any(c.startswith("Stakeholder countries") and "value(s)" in c for c in captions)
    assert any(c.startswith("Initiatives by sector") for c in captions)
    assert not at.dataframe  # closed: no table is made
    at.session_state["alt_map"] = True  # open the map's data
    at.run()
    (data,) = [d.value for d in at.dataframe]
    countries = {r["iso3"] for r in load_tables().initiative_countries.to_dict("records")}
    assert set(data["Country"]) == countries
