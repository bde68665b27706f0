"""The dashboard's plain modules: loading, filtering, aggregation, figures and exports. No Streamlit here."""
