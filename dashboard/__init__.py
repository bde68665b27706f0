"""Cooperation tracker: cited tables of initiatives from news articles, and their dashboard."""

__version__ = "0.1.0"
