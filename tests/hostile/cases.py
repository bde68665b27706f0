"""The hostile corpus: malformed and adversarial inputs, each with what must happen.

Each case is (name, file name, bytes maker, expectation, time budget in seconds). The bytes
are made at test time so that large cases (50 MB) are not stored in the repository.
`expectation` is "tables" (extraction succeeds) or "error: <words of the one-line message>".
"""

import random

DATED = "date 2025-12-20\n\nTASHKENT, Uzbekistan, December 20. "
PROPOSAL = "Uzbekistan proposed creating a Central Asian network of Japanese technoparks."


def text(s: str) -> bytes:
    return s.encode("utf-8")


def random_bytes(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


CASES = [
    ("empty", "empty.txt", lambda: b"", "error: file is empty", 5),
    ("whitespace only", "blank.txt", lambda: b" \n\t\r\n   \n", "error: file is empty", 5),
    ("binary", "binary.txt", lambda: random_bytes(4096, 1), "error: ", 5),
    (
        "NUL bytes in text",
        "nul.txt",
        lambda: text(DATED + PROPOSAL) + b"\x00\x00" + text(PROPOSAL),
        "error: binary data",
        5,
    ),
    ("UTF-16 with BOM", "utf16.txt", lambda: (DATED + PROPOSAL).encode("utf-16"), "error: UTF-16", 5),
    (
        "cp1251",
        "cp1251.txt",
        lambda: "Ташкент, 20 декабря. Президент предложил фонд.".encode("cp1251"),
        "error: not UTF-8",
        5,
    ),
    (
        "mixed line endings",
        "crlf.txt",
        lambda: text(
            "date 2025-12-20\r\n\r\nTASHKENT, December 20.\r"
            + PROPOSAL
            + "\n"
            + PROPOSAL.replace("Uzbekistan", "Japan")
            + "\r\n"
        ),
        "tables",
        10,
    ),
    ("a 50 MB file", "huge.txt", lambda: text(DATED) + b"x" * (50 * 1024 * 1024), "error: limit is 5 MB", 10),
    ("one 1 MB line", "line.txt", lambda: text(DATED + PROPOSAL + " ") + text("word " * 210_000), "tables", 60),
    (
        "HTML with scripts and event handlers",
        "page.txt",
        lambda: text("<html><body onload='steal()'><script>alert(1)</script><p>" + PROPOSAL + "</p></body></html>"),
        "error: HTML",
        5,
    ),
    (
        "Markdown with links and images",
        "post.md.txt",
        lambda: text(DATED + "![x](http://evil/x.png) [click](javascript:alert(1)) " + PROPOSAL),
        "tables",
        10,
    ),
    (
        "right-to-left text",
        "rtl.txt",
        lambda: text(DATED + "أوزبكستان اقترحت صندوقا. " + "\u202e" + PROPOSAL + "\u202c " + "הצעה חדשה."),
        "tables",
        10,
    ),
    (
        "zero-width and control characters",
        "zw.txt",
        lambda: text(
            DATED
            + "Uzbe\u200bkistan proposed\u200d creating a Central\u2060 Asian network of technoparks.\u0007\u001b[31m"
        ),
        "tables",
        10,
    ),
    ("formula: =cmd", "formula1.txt", lambda: text(DATED + "=cmd|' /C calc'!A0 " + PROPOSAL), "tables", 10),
    ("formula: +", "formula2.txt", lambda: text(DATED + "+" + PROPOSAL), "tables", 10),
    ("formula: -", "formula3.txt", lambda: text(DATED + "-" + PROPOSAL), "tables", 10),
    ("formula: @", "formula4.txt", lambda: text(DATED + "@SUM(1+1)*cmd " + PROPOSAL), "tables", 10),
    ("formula: tab and CR", "formula5.txt", lambda: text(DATED + "\t=1+1\r" + PROPOSAL), "tables", 10),
    (
        "impossible date 2025-02-30",
        "feb30.txt",
        lambda: text("date 2025-02-30\n\n" + PROPOSAL + " It was signed on February 30."),
        "tables",
        10,
    ),
    ("a future date", "future.txt", lambda: text("date 2099-01-01\n\n" + PROPOSAL), "tables", 10),
    ("no date", "undated.txt", lambda: text(PROPOSAL), "tables", 10),
    (
        "10,000 country names in one sentence",
        "countries.txt",
        lambda: text(
            DATED
            + "Uzbekistan proposed a regional fund with "
            + ", ".join(["Japan", "Kazakhstan", "Brazil", "Norway"] * 2500)
            + "."
        ),
        "tables",
        60,
    ),
    (
        "deeply repeated cue words",
        "cues.txt",
        lambda: text(DATED + "proposed signed launched " * 20_000 + "a regional fund."),
        "tables",
        60,
    ),
    (
        "repeated kind nouns",
        "kinds.txt",
        lambda: text(DATED + "Japan proposed " + "fund network project " * 20_000 + "."),
        "tables",
        60,
    ),
    (
        "many sentences with pronouns",
        "pronouns.txt",
        lambda: text(DATED + "President Mirziyoyev spoke. " + "He proposed a Tashkent Logistics Fund. " * 5_000),
        "tables",
        90,
    ),
    (
        "script tags inside an article",
        "xss.txt",
        lambda: text(
            DATED + "Japan proposed a <script>alert('x')</script> Tashkent Logistics Fund. <img src=x onerror=alert(1)>"
        ),
        "error: HTML",
        10,
    ),
    (
        "lone surrogate escapes",
        "surrogate.txt",
        lambda: b"date 2025-12-20\n\n\xed\xa0\x80 Japan proposed a fund.",
        "error: not UTF-8",
        5,
    ),
    ("only punctuation", "punct.txt", lambda: text("." * 100_000), "tables", 30),
    (
        "deeply nested quotes",
        "quotes.txt",
        lambda: text(DATED + "Japan proposed a " + "“" * 5000 + "Quality Infrastructure" + "”" * 5000 + " program."),
        "tables",
        30,
    ),
]
