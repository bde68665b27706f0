"""Python's cyclic garbage collector, paused while a burst of long-lived objects is made."""

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused(freeze: bool = False) -> Iterator[None]:
    """The cyclic collector off for the block, back on after: reading a document, or loading and
    merging 10,000 documents' records, allocates many small objects that all live until it ends, and
    the collector would walk them again and again (unpickling 10,000 cached extractions: 3.4 s with
    it, 0.6 s without). With `freeze`, what exists at the end of the block lives until the process
    ends and is never walked again (gc.freeze): otherwise the first collection after the block walks
    it all at once."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()
