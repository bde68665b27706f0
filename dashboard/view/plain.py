"""Text that came from a link, an article or a file name, made to show as written in Streamlit.

Streamlit renders Markdown in st.warning, st.caption, st.subheader, titles, labels, help
texts and most other calls, not only in st.markdown: a query string such as
`![x](https://evil.example/p.png)` would become an image fetched from outside, `[click](...)`
a live link, a line starting with `#` a heading. `plain` puts the text on one line and
escapes every ASCII punctuation character with a backslash, which CommonMark allows for
each of them: no link, image, autolink (`https\\://`), heading, emphasis, HTML, LaTeX (`$`)
or Streamlit directive (`:red[...]`, `:material/...:`) can start. Bare addresses are made
into links after escapes are read (GitHub's autolink literals: `https://`, `www.`, `a@b.c`),
so a WORD JOINER (U+2060, invisible, zero width) goes inside each of those. No Streamlit here.
"""

import re
import string

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_AUTOLINK = re.compile(r"(?i)(https?|www)(?=[:.])|(@)")
JOINER = "\u2060"


def plain(text: object) -> str:
    """`text` on one line, every ASCII punctuation mark escaped: Markdown shows it as written."""
    one_line = " ".join(str(text).split())
    return _PUNCTUATION.sub(r"\\\1", _AUTOLINK.sub(lambda m: m.group() + JOINER, one_line))
