"""Live sources (issue 19): the fetch guard, articles from news pages, `add URL`, `watch`, duplicates.

Every test here runs against a local http.server (tests/live_site.py). Name resolution is
stubbed, and any socket connection to an address other than that server fails the test: a
broken guard fails loudly here, and never sends a packet off this machine.
"""

import csv
import socket
import time

import pytest

from dashboard import build, cli, fetch, intake, live
from dashboard.articles import read_html
from dashboard.errors import InputError
from tests.conftest import extract_text
from tests.live_site import FIXTURES, serve_site

NAMES = {  # the stubbed resolver: these names, and IP literals; nothing else resolves
    "loopback.test": "127.0.0.1",
    "intranet.test": "10.1.2.3",
}
FUND = "Central Asia Green Energy Fund"


@pytest.fixture(scope="module")
def site():
    with serve_site() as running:
        yield running


@pytest.fixture
def offline(site, monkeypatch):
    """Stubbed name resolution; a connection anywhere but the local site fails the test."""
    real_connect = socket.socket.connect

    def resolve(host, port, *args, **kwargs):
        address = NAMES.get(host, host)
        try:
            socket.inet_pton(socket.AF_INET6 if ":" in address else socket.AF_INET, address)
        except OSError:
            raise socket.gaierror(socket.EAI_NONAME, f"{host} does not resolve in tests") from None
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

    def connect(sock, address):
        if tuple(address[:2]) != ("127.0.0.1", site.port):
            pytest.fail(f"a connection to {address} was attempted: the guard let it through")
        return real_connect(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(fetch, "_shared", fetch.Fetcher(min_interval=0, timeout=2))  # fresh robots, fast clock
    with fetch.allow_for_tests(("127.0.0.1", site.port)):
        yield site


@pytest.fixture
def tracker(tmp_path, monkeypatch):
    """An empty seeds/ and tables/ for the command line."""
    seeds, tables = tmp_path / "seeds", tmp_path / "tables"
    seeds.mkdir()
    monkeypatch.setattr(build, "SEEDS_DIR", seeds)
    monkeypatch.setattr(build, "TABLES_DIR", tables)
    return tmp_path


def run(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def documents(tables) -> list[dict]:
    with (tables / "documents.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# --- The guard -------------------------------------------------------------------------------------


GUARDED = [
    ("file:///etc/passwd", "only http and https"),
    ("ftp://127.0.0.1/pub/x", "only http and https"),
    ("http://127.0.0.1/", "refused: 127.0.0.1 is at 127.0.0.1"),
    ("http://[::1]/", "refused: ::1"),
    ("http://[::ffff:127.0.0.1]/", "refused"),
    ("http://169.254.169.254/latest/meta-data/", "refused: 169.254.169.254"),
    ("http://10.0.0.7/", "refused: 10.0.0.7"),
    ("http://192.168.1.1/router", "refused: 192.168.1.1"),
    ("http://loopback.test:{port}/business/green-energy-fund.html", "refused: loopback.test is at 127.0.0.1"),
    ("{base}/guard/redirect-private", "refused: intranet.test is at 10.1.2.3"),
    ("{base}/guard/redirect-loop", "more than 5 redirects"),
    ("{base}/guard/never-ends", "no complete answer within 2 s"),
    ("{base}/guard/huge", "larger than the 5 MB limit"),
    ("{base}/guard/pdf", "content type application/pdf is not an article"),
    ("{base}/guard/bomb", "larger than the 5 MB limit"),
    ("{base}/private/secret.html", "robots.txt of this site does not allow"),
]


@pytest.mark.parametrize(("link", "problem"), GUARDED, ids=[g[0].split("/")[-1] or g[0] for g in GUARDED])
def test_each_refused_or_failed_link_gets_one_line_and_nothing_is_filed(offline, tracker, capsys, link, problem):
    url = link.format(base=offline.base, port=offline.port)
    started = time.monotonic()
    code, out, err = run(capsys, "add", url)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"error: {fetch.shown_url(url)}: "), err
    assert problem in err, err
    assert list((tracker / "seeds").iterdir()) == [] and not (tracker / "tables").exists()
    assert time.monotonic() - started < 6  # the slow answers are cut off, not waited out


def test_the_defaults_are_the_documented_limits_and_tests_widen_nothing(site):
    assert (fetch.TIMEOUT_S, fetch.MAX_BYTES, fetch.MAX_REDIRECTS, fetch.MIN_INTERVAL_S) == (10, 5 * 1024**2, 5, 1)
    assert fetch.allowance() == fetch.NOTHING  # outside allow_for_tests, no local origin is reachable
    with pytest.raises(fetch.FetchError, match="refused: 127.0.0.1"):
        fetch.Fetcher().get(f"{site.base}/business/green-energy-fund.html")


def test_requests_to_a_host_are_a_second_apart_and_say_who_asks(offline):
    client = fetch.Fetcher()  # the default clock: one request a second per host
    started = time.monotonic()
    client.get(f"{offline.base}/business/green-energy-fund.html")  # robots.txt, then the page
    client.get(f"{offline.base}/asia/programme.html")
    assert time.monotonic() - started >= 2.0
    agents = {agent for path, agent in offline.requests[-3:]}
    assert agents == {fetch.USER_AGENT} and "cooperation-tracker" in fetch.USER_AGENT


# --- Articles from news pages -----------------------------------------------------------------------


def test_a_related_articles_block_adds_no_initiative():
    page = read_html((FIXTURES / "article.html").read_text(encoding="utf-8"), "article.html")
    names = [i.name for i in intake.analyze(page.text, "article.html", page=page).initiatives]
    assert any(FUND in n for n in names), names
    related = "Turkmenistan signed an agreement to build the Caspian Solar Power Plant with Turkey."
    assert extract_text(related).initiatives  # the block's own line would be an initiative ...
    assert not any("Caspian" in n or "Naryn" in n for n in names)  # ... but it is not article text
    for boilerplate in ("cookies", "Share on", "Related articles", "All rights reserved", "Subscribe"):
        assert boilerplate not in page.text
    assert (page.title, page.published, page.author, page.sitename) == (
        "Kazakhstan proposes Central Asia Green Energy Fund with Japan",
        "2026-09-01",
        "Aigerim Sadykova",
        "Steppe Herald",
    )
    assert page.url == "https://steppe-herald.example/business/green-energy-fund"


def test_a_windows_1251_page_reads_as_cyrillic(offline):
    page = live.fetch_article(f"{offline.base}/transport/metro.html")
    assert "«Продление Ташкентского метрополитена»" in page.text
    assert "Министр транспорта назвал соглашение «важным шагом»." in page.text
    assert page.published == "2026-10-03" and page.sitename == "Tashkent Courier"


def test_an_html_seed_and_an_html_upload_are_read_by_trafilatura(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "001_fund.html").write_bytes((FIXTURES / "article.html").read_bytes())
    build.run(seeds=seeds, out_dir=tmp_path / "tables", overrides_path=tmp_path / "none.yaml")
    [doc] = documents(tmp_path / "tables")
    assert (doc["title"], doc["published"], doc["source"]) == (
        "Kazakhstan proposes Central Asia Green Energy Fund with Japan",
        "2026-09-01",
        "Steppe Herald",
    )
    rows = intake.article_rows(*_upload("article.html"))
    assert rows["documents"][0]["published"] == "2026-09-01" and rows["documents"][0]["source"] == "Steppe Herald"
    assert "«Продление Ташкентского метрополитена»" in _upload("cyrillic.html")[0]  # a windows-1251 upload


def _upload(name):
    page = intake.read_article(name, (FIXTURES / name).read_bytes())
    return page.text, name, "", page


# --- add URL, duplicates ------------------------------------------------------------------------------


def test_add_url_files_the_article_with_its_metadata_and_refuses_duplicates(offline, tracker, capsys):
    article = f"{offline.base}/business/green-energy-fund.html"
    code, out, err = run(capsys, "add", article, "--workers", "1")
    assert code == 0, err
    [seed] = sorted((tracker / "seeds").glob("*.txt"))
    meta = seed.with_name(seed.stem + ".meta.yaml").read_text(encoding="utf-8")
    for line in (f"url: {article}", "publisher: Steppe Herald", "published: '2026-09-01'", "fetched_at:"):
        assert line in meta, meta
    [doc] = documents(tracker / "tables")
    assert doc["title"] == "Kazakhstan proposes Central Asia Green Energy Fund with Japan"
    assert (doc["published"], doc["source"], doc["url"]) == ("2026-09-01", "Steppe Herald", article)
    with (tracker / "tables" / "initiatives.csv").open(encoding="utf-8") as f:
        assert FUND in f.read()

    again = [article, f"{offline.base}/amp/green-energy-fund.html", f"{offline.base}/wire/green-energy-fund.html"]
    code, out, err = run(capsys, "add", *again)
    assert code == 2 and out == ""
    same_link, amp, syndicated = err.splitlines()
    assert same_link == f"error: {article}: already filed as {seed.name} (same link)"
    assert amp.endswith(f"already filed as {seed.name} (same content)")  # the AMP page: its article is the same
    # another site's copy, with its own headline and a credit line: the same text up to boilerplate
    assert f"already filed as {seed.name} (the same article under another link" in syndicated
    assert sorted((tracker / "seeds").glob("*.txt")) == [seed]


def test_an_explicit_date_wins_over_the_page(offline, tracker, capsys):
    code, _, err = run(capsys, "add", f"{offline.base}/asia/programme.html", "--date", "2026-06-20", "--workers", "1")
    assert code == 0, err
    [doc] = documents(tracker / "tables")
    assert doc["published"] == "2026-06-20" and doc["source"] == "Eastern Dispatch"


# --- watch -----------------------------------------------------------------------------------------------


def feeds_file(path, site) -> None:
    path.write_text(
        "feeds:\n"
        f"  - name: Steppe Herald business\n    url: {site.base}/feeds/business.rss\n"
        f"  - name: Eastern Dispatch\n    url: {site.base}/feeds/dispatch.atom\n"
        "    keywords: [Uzbekistan, Kazakhstan]\n",
        encoding="utf-8",
    )


def test_watch_files_relevant_new_items_once_and_a_rerun_adds_nothing(offline, tracker, capsys):
    feeds, state = tracker / "feeds.yaml", tracker / "state.json"
    feeds_file(feeds, offline)
    options = ["--feeds", str(feeds), "--state", str(state), "--workers", "1"]

    code, out, err = run(capsys, "watch", *options, "--dry-run")
    assert code == 0, err
    assert "3 would add" in out and "(dry run: nothing written)" in out
    assert [line.split(" as ")[1][:4] for line in out.splitlines() if line.startswith("would add")] == [
        "000_", "001_", "002_"
    ]  # fmt: skip
    assert not state.exists() and list((tracker / "seeds").iterdir()) == []

    code, out, err = run(capsys, "watch", *options)
    assert code == 0, err
    added = [line for line in out.splitlines() if line.startswith("added ")]
    assert {line.split()[1].rsplit("/", 1)[1] for line in added} == {
        "green-energy-fund.html", "metro.html", "programme.html"
    }  # fmt: skip
    assert f"skipped {offline.base}/sport/marathon.html: not relevant: no initiative or event found" in out
    assert f"skipped {offline.base}/amp/green-energy-fund.html" in out and "already filed as" in out
    titles = {d["title"] for d in documents(tracker / "tables")}
    assert "Uzbekistan and Russia sign Tashkent metro agreement" in titles and len(titles) == 3

    code, out, err = run(capsys, "watch", *options)
    assert code == 0 and out.splitlines()[-1].startswith("0 added, 0 skipped"), out
    assert len(list((tracker / "seeds").glob("*.txt"))) == 3


def test_a_feed_keyword_filter_keeps_items_that_name_a_keyword_and_fetches_no_other(offline, tracker, capsys):
    feeds, state = tracker / "feeds.yaml", tracker / "state.json"
    feeds.write_text(
        f"feeds:\n  - name: Steppe Herald business\n    url: {offline.base}/feeds/business.rss\n"
        "    keywords: [METRO, tramway]\n",  # matched regardless of case, in the title or the summary
        encoding="utf-8",
    )
    before = len(offline.requests)  # the site serves the whole module: earlier tests' requests are logged
    code, out, err = run(capsys, "watch", "--feeds", str(feeds), "--state", str(state), "--workers", "1")
    assert code == 0, err
    reason = "no keyword of the feed in its title or summary"
    assert f"skipped {offline.base}/business/green-energy-fund.html: {reason}" in out
    assert f"skipped {offline.base}/sport/marathon.html: {reason}" in out
    assert [line.split()[1] for line in out.splitlines() if line.startswith("added ")] == [
        f"{offline.base}/transport/metro.html"
    ]
    fetched = {path for path, _ in offline.requests[before:]}
    assert "/transport/metro.html" in fetched
    assert not fetched & {"/business/green-energy-fund.html", "/sport/marathon.html"}  # filtered before fetching
    # the filtered items are remembered as seen: a rerun neither fetches nor reports them again
    code, out, err = run(capsys, "watch", "--feeds", str(feeds), "--state", str(state), "--workers", "1")
    assert code == 0 and out.splitlines()[-1].startswith("0 added, 0 skipped"), out


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("feeds:\n  - name: No link\n", "feeds.0.url: Field required"),
        ("feeds:\n  - name: x\n    url: file:///etc/passwd\n", "feeds.0.url: URL scheme should be 'http' or 'https'"),
        ("feeds: [\n", "not valid YAML"),
        ("feeds:\n  - name: x\n    url: https://a.example/rss\n    colour: red\n", "feeds.0.colour: Extra inputs"),
    ],
)
def test_a_bad_feed_list_gets_one_line_naming_the_file(tracker, capsys, text, problem):
    feeds = tracker / "feeds.yaml"
    feeds.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "watch", "--feeds", str(feeds), "--state", str(tracker / "s.json"))
    assert code == 2 and err.count("\n") == 1 and err.startswith(f"error: {feeds}: ") and problem in err, err


def test_the_shipped_feed_list_is_valid_and_names_no_feed():
    assert live.load_feeds() == []


def test_a_refused_feed_is_reported_and_nothing_is_filed(offline, tracker):
    feeds = tracker / "feeds.yaml"
    feeds.write_text("feeds:\n  - name: Metadata\n    url: http://169.254.169.254/feed\n", encoding="utf-8")
    outcome = live.watch(feeds, tracker / "s.json", tracker / "seeds")
    assert outcome.added == [] and "refused: 169.254.169.254" in outcome.failed[0][1]
    with pytest.raises(InputError):
        live.load_feeds(tracker / "missing.yaml")
