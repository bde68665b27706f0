"""Calm pathological runs before tokenising, without moving a single offset.

spaCy's tokenizer strips prefixes and suffixes from a whitespace-free chunk one at a time,
and each strip searches or copies the rest of the chunk: a chunk of n punctuation marks
(20,000 commas: 30 s) or of a repeated suffix ("'s's's...") costs time in n squared. No
English sentence has such a chunk. `calm_runs` breaks them up by replacing characters one
for one with a space, so the text keeps its length and every offset still points at the
same place of the source; evidence and highlights are always cut from the source itself.
No spaCy here: it runs before the tokenizer, in linear time.
"""

import re

MAX_PUNCT_RUN = 32  # marks in a row (no letter, digit or space) before one becomes a space
MAX_CHUNK = 256  # characters without a space before one becomes a space; longer than any word or URL we read
_PUNCT_RUN = re.compile(rf"[^\w\s]{{{MAX_PUNCT_RUN + 1},}}")
_CHUNK = re.compile(rf"\S{{{MAX_CHUNK + 1},}}")


def break_every(run: str, every: int) -> str:
    """`run` with its every-th character (the every-th, the 2*every-th, ...) replaced by a space."""
    chars = list(run)
    chars[every - 1 :: every] = " " * (len(run) // every)
    return "".join(chars)


def calm_runs(text: str) -> str:
    """`text` with long runs of punctuation and over-long chunks broken by spaces, one for one:
    ',' * 40 keeps its 40 characters, the 32nd a space. Ordinary text comes back unchanged."""
    text = _PUNCT_RUN.sub(lambda m: break_every(m.group(), MAX_PUNCT_RUN), text)
    return _CHUNK.sub(lambda m: break_every(m.group(), MAX_CHUNK), text)
