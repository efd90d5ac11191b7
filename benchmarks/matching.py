"""How fast is matching on a big desk? A million claims and 100,000 fact checks, SQLite and PostgreSQL.

    .venv/bin/python benchmarks/matching.py                 # build (or reuse) the data, measure
    .venv/bin/python benchmarks/matching.py --quick         # 20,000 claims, 2,000 fact checks: a minute
    .venv/bin/python benchmarks/matching.py --claims 200000 --fact-checks 20000
    .venv/bin/python benchmarks/matching.py --postgres postgresql://postgres@127.0.0.1:5432/postgres
    .venv/bin/python benchmarks/matching.py --rebuild       # build the SQLite file again

The targets are issue 15's:

- matching one new claim (``services.matching.Matcher.match``: full-text candidates from the
  database, then the re-ranker) takes at most 50 ms at p95;
- ingest with matching keeps at least 70% of the ingest throughput without it (articles a
  second, the real ``ingest_sources`` on generated article files, against the big database);
- memory stays flat: the peak resident set size after all the matches (ingests) is within 10%
  (and 20 MB) of the peak after the first half of them.

The data is generated (no text from ../shared): news-like sentences from a bigram chain over the
Wikinews fixture (fixtures/triage, CC BY 2.5) and from claim templates, with names, places,
organisations and numbers filled in, so that the full-text posting lists look like real text's
(common words in many documents, names and numbers in few). Claims are stored 20 an article,
with the statuses of a working desk; fact checks through ``factcheck_store.insert_fact_checks``.
The SQLite file is cached under ``--data-dir`` (``/tmp/claimtrack-bench-matching``); on
PostgreSQL the database ``claimtrack_bench_matching`` is made for the run and dropped after
(``--keep-postgres`` keeps it for the next run). Migrations are applied by opening the database.

The matches are timed on a few hundred new-claim texts: a fifth are near-duplicates of stored
claims or fact checks (a word dropped or added, the case changed), the rest new sentences from
the same generator. Each engine is measured in a fresh process, so memory figures do not mix;
the model is loaded (one match) before timing. Ingest runs on a copy of the database (SQLite: a
copy of the file; PostgreSQL: ``CREATE DATABASE ... TEMPLATE``), alternating rounds with and
without matching so that both see the same machine load.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from tui_queue import STATUSES, peak_mb, rss_mb

PG_DATABASE = "claimtrack_bench_matching"
CLAIMS_PER_ARTICLE = 20
TARGET_P95_MS = 50.0
TARGET_INGEST_RATIO = 0.70
FLAT_SHARE, FLAT_MB = 0.10, 20.0

FIRST = (
    "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph "
    "Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy Matthew Betty Anthony Margaret Mark Sandra "
    "Donald Ashley Steven Kimberly Paul Emily Andrew Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Dorothy "
    "George Melissa Timothy Deborah Ahmed Fatima Wei Mei Hiroshi Yuki Olena Dmitri Priya Rahul Carlos Lucia Kwame Amara"
).split()
LAST = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson "
    "Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson "
    "Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell "
    "Mitchell Carter Roberts Khan Chen Wang Tanaka Kowalski Petrov Okafor Mensah Haddad Novak Silva Costa Dubois Muller"
).split()
PLACES = (
    "Ohio Texas Florida Georgia Arizona Nevada Michigan Wisconsin Pennsylvania Virginia Oregon Iowa Kansas Maine "
    "Brazil India Kenya Nigeria Ukraine Poland Germany France Spain Italy Japan Canada Mexico Chile Peru Egypt "
    "Lagos Nairobi Mumbai Delhi Berlin Paris Madrid Rome Tokyo Toronto Chicago Houston Phoenix Denver Boston Seattle "
    "Manchester Glasgow Dublin Sydney Melbourne Auckland Jakarta Manila Bangkok Hanoi Seoul Taipei Istanbul Athens"
).split()
ORGS = [
    "the health ministry",
    "the central bank",
    "the city council",
    "the police department",
    "the electoral commission",
    "the statistics office",
    "the World Health Organization",
    "the United Nations",
    "the treasury",
    "the education department",
    "the army",
    "the state legislature",
    "the Senate",
    "the opposition party",
    "the governor's office",
    "the transport authority",
    "the environmental agency",
    "the labour union",
    "the chamber of commerce",
    "the supreme court",
]
SUBJECTS = [
    ("unemployment", "%"),
    ("the unemployment rate", "%"),
    ("inflation", "%"),
    ("violent crime", "%"),
    ("the murder rate", "%"),
    ("gas prices", " dollars a gallon"),
    ("the minimum wage", " dollars an hour"),
    ("the national debt", " trillion dollars"),
    ("the budget deficit", " billion dollars"),
    ("child poverty", "%"),
    ("vaccination rates", "%"),
    ("hospital waiting times", " weeks"),
    ("house prices", "%"),
    ("rents", "%"),
    ("immigration", " thousand people"),
    ("border crossings", " thousand a month"),
    ("carbon emissions", "%"),
    ("electricity bills", "%"),
    ("teacher salaries", "%"),
    ("school funding", " million dollars"),
    ("the number of police officers", " thousand"),
    ("food prices", "%"),
    ("wages", "%"),
    ("exports", " billion dollars"),
    ("the birth rate", "%"),
    ("drug overdoses", " thousand deaths"),
    ("homelessness", "%"),
    ("tax revenue", " billion dollars"),
    ("covid cases", " thousand a day"),
    ("gun deaths", " thousand"),
]
UP = "rose increased grew climbed jumped doubled soared".split()
DOWN = "fell dropped declined decreased halved plunged shrank".split()
THINGS = (
    "schools hospitals roads bridges prisons police wind farms solar panels vaccines ventilators teachers nurses "
    "soldiers tanks buses trains houses jobs factories farms mines pipelines refugees migrants voters ballots"
).split()
PERIODS = [
    "last year",
    "last month",
    "since 2019",
    "since 2010",
    "over the past decade",
    "in the first quarter",
    "this year",
    "under the previous government",
    "in just two years",
    "since the pandemic",
]
EVENTS = "killed injured arrested displaced evacuated vaccinated hired fired deported rescued".split()
CUES = ["said", "claimed", "told reporters", "wrote on social media", "said in a speech", "told parliament"]
TEMPLATES = [
    "{name} said {subject} {updown} to {num}{unit} in {place} {period}.",
    "{subject_cap} {updown} by {num}{unit} {period}, according to {org}.",
    "{org_cap} spent {num} million dollars on {thing} in {place} {period}.",
    "{place} has more {thing} than any other state, {name} {cue}.",
    "{num} {people} were {event} in {place} on {weekday}, {org} reported.",
    "Under {name}, {subject} {updown} to {num}{unit}, the highest level {period}.",
    "{name} {cue} that {org} never approved the {thing} plan for {place}.",
    "{subject_cap} in {place} is now {num}{unit}, {pct}% higher than in {year}.",
    "{org_cap} has cut funding for {thing} by {pct}% {period}.",
    "The {thing} programme in {place} created {num} thousand jobs {period}, {name} {cue}.",
    "{name} voted against the bill to fund {thing} {period}.",
    "There are {num} thousand fewer {thing} in {place} than in {year}.",
    "{place} did not record a single case of fraud in the {year} election, {org} said.",
    "{name} claims {subject} has {updown} every year since {year}.",
    "Almost {pct}% of {thing} in {place} are owned by foreign companies, {name} {cue}.",
]
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
PEOPLE = ["people", "civilians", "protesters", "children", "workers", "students", "patients", "migrants"]
RATINGS = ["False", "Mostly false", "Half true", "Mostly true", "True", "Pants on fire", "Misleading"]
PUBLISHERS = ["PolitiFact", "Snopes", "Full Fact", "AFP Fact Check", "FactCheck.org"]
CLAIMANTS = ["The ministry", "A local paper", "The police", "The embassy", "Reuters", "The mayor", None]
_TOKEN = re.compile(r"[\w'’%-]+|[.,;:!?]")


class Writer:
    """News-like sentences: claim templates with names, places and numbers, and a bigram chain over
    the Wikinews fixture's sentences (real text's word frequencies) with names and numbers put in."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.chain: dict[str, list[str]] = defaultdict(list)
        self.starts: list[str] = []
        fixture = ROOT / "fixtures" / "triage" / "wikinews.jsonl"
        for line in fixture.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            for span in doc["sentences"]:
                tokens = _TOKEN.findall(doc["text"][span["start"] : span["end"]])
                if len(tokens) < 6:
                    continue
                self.starts.append(tokens[0])
                for a, b in zip(["<s>", *tokens], [*tokens, "</s>"]):
                    self.chain[a].append(b)

    def name(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def number(self) -> str:
        r = self.rng.random()
        if r < 0.4:
            return str(self.rng.randint(2, 99))
        if r < 0.7:
            return f"{self.rng.randint(1, 99)}.{self.rng.randint(1, 9)}"
        return f"{self.rng.randint(100, 99_999):,}"

    def template(self) -> str:
        rng = self.rng
        subject, unit = rng.choice(SUBJECTS)
        org = rng.choice(ORGS)
        text = rng.choice(TEMPLATES).format(
            name=self.name(),
            subject=subject,
            subject_cap=subject[0].upper() + subject[1:],
            unit=unit,
            updown=rng.choice(UP if rng.random() < 0.5 else DOWN),
            num=self.number(),
            pct=rng.randint(2, 95),
            place=rng.choice(PLACES),
            period=rng.choice(PERIODS),
            org=org,
            org_cap=org[0].upper() + org[1:],
            thing=rng.choice(THINGS),
            cue=rng.choice(CUES),
            people=rng.choice(PEOPLE),
            event=rng.choice(EVENTS),
            weekday=rng.choice(WEEKDAYS),
            year=rng.randint(1995, 2024),
        )
        return text

    def chained(self) -> str:
        rng = self.rng
        tokens = [rng.choice(self.starts)]
        while len(tokens) < 40:
            following = self.chain.get(tokens[-1])
            if not following:
                break
            token = rng.choice(following)
            if token == "</s>":
                break
            if token[0].isupper() and rng.random() < 0.3:
                token = rng.choice([self.name(), rng.choice(PLACES), token])
            elif token.isdigit():
                token = self.number()
            tokens.append(token)
        if len(tokens) < 6:
            return self.template()
        text = " ".join(tokens)
        text = re.sub(r" ([.,;:!?])", r"\1", text)
        if text[-1] not in ".!?":
            text += "."
        if rng.random() < 0.5:
            text = text[:-1] + f", {self.name()} {rng.choice(CUES)}."
        return text

    def sentence(self) -> str:
        return self.template() if self.rng.random() < 0.5 else self.chained()

    def near_duplicate(self, text: str) -> str:
        """The same claim reworded a little, as another outlet repeats it."""
        words = text.split()
        rng = self.rng
        r = rng.random()
        if r < 0.3 and len(words) > 6:
            del words[rng.randrange(1, len(words) - 1)]
        elif r < 0.6:
            words.insert(rng.randrange(1, len(words)), rng.choice(["reportedly", "now", "officially", "really"]))
        elif r < 0.8:
            return "Claim: " + text.lower()
        else:
            words = [*words, "Experts disagree."]
        return " ".join(words)


# --- building the data ------------------------------------------------------------------------------


def _claim_rows(writer: Writer, start: int, stop: int, now: datetime) -> Iterator[tuple[Any, ...]]:
    rng = writer.rng
    for i in range(start, stop):
        text = writer.sentence()
        yield (
            i // CLAIMS_PER_ARTICLE + 1,
            text,
            text,
            0,
            len(text),
            0,
            len(text),
            rng.choice(CLAIMANTS),
            "said",
            "[]",
            "[]",
            round(rng.random(), 2),
            rng.choice(STATUSES),
            "extractor",
            1,
            now,
            "bench",
            now,
            "bench",
        )


_CLAIM_COLUMNS = (
    "article_id, text, sentence, char_start, char_end, sentence_start, sentence_end, claimant, cue, cues, "
    "disputed_by, score, status, origin, version, created_at, created_by, updated_at, updated_by"
)
_ARTICLE_COLUMNS = "title, outlet, authors, text, content_hash, ingested_at, ingested_by"


def _article_rows(writer: Writer, count: int, now: datetime) -> Iterator[tuple[Any, ...]]:
    for a in range(count):
        yield (writer.sentence()[:200], "Bench Times", "[]", "x" * 200, f"bench-{a}", now, "bench")


def _fact_check_rows(writer: Writer, count: int) -> Iterator[dict[str, Any]]:
    from claimtrack.services.factcheck_store import row_from_json

    rng = writer.rng
    for n in range(1, count + 1):
        item = {
            "id": f"fc-{n}",
            "text": writer.sentence(),
            "title": "Fact check: " + writer.sentence(),
            "rating": rng.choice(RATINGS),
            "publisher": rng.choice(PUBLISHERS),
            "url": f"https://factcheck.example/checks/{n}",
            "date": f"20{rng.randint(10, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "speaker": writer.name(),
        }
        yield row_from_json(item, collection="bench", source="benchmarks/matching.py")


def _store_fact_checks(db: Any, writer: Writer, count: int) -> None:
    from claimtrack.services.factcheck_store import insert_fact_checks

    batch: list[dict[str, Any]] = []
    with db.engine.begin() as conn:
        for row in _fact_check_rows(writer, count):
            batch.append(row)
            if len(batch) == 2000:
                insert_fact_checks(conn, batch, user="bench")
                batch = []
        insert_fact_checks(conn, batch, user="bench")


def build_sqlite(path: Path, claims: int, fact_checks: int) -> float:
    from claimtrack.store import open_database

    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    db = open_database(path)
    writer = Writer(42)
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
    articles = -(-claims // CLAIMS_PER_ARTICLE)
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            f"INSERT INTO article ({_ARTICLE_COLUMNS}) VALUES (?,?,?,?,?,?,?)",
            list(_article_rows(writer, articles, now)),
        )
    batch = 100_000
    for start in range(0, claims, batch):
        rows = list(_claim_rows(writer, start, min(start + batch, claims), now))
        with db.engine.begin() as conn:  # the triggers keep claim_fts
            conn.exec_driver_sql(f"INSERT INTO claim ({_CLAIM_COLUMNS}) VALUES ({','.join('?' * 19)})", rows)
        print(f"  sqlite: {start + len(rows):,} claims, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    _store_fact_checks(db, writer, fact_checks)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    db.close()
    return time.perf_counter() - started


def _pg_admin(server: str, *statements: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(sa.make_url(server).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            for statement in statements:
                conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


def _pg_url(server: str, name: str) -> str:
    import sqlalchemy as sa

    return sa.make_url(server).set(database=name).render_as_string(hide_password=False)


def _pg_counts(url: str) -> tuple[int, int] | None:
    import sqlalchemy as sa

    try:
        engine = sa.create_engine(sa.make_url(url).set(drivername="postgresql+psycopg"))
        with engine.connect() as conn:
            counts = conn.exec_driver_sql(
                "SELECT (SELECT count(*) FROM claim), (SELECT count(*) FROM fact_check)"
            ).one()
        engine.dispose()
    except sa.exc.SQLAlchemyError:
        return None
    return int(counts[0]), int(counts[1])


def build_postgres(server: str, claims: int, fact_checks: int) -> float:
    """The same data in database ``claimtrack_bench_matching`` (made anew), claims loaded with COPY
    (the claims' GIN index made after the load, as the migration makes it)."""
    from claimtrack.store import open_database

    _pg_admin(server, f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)', f'CREATE DATABASE "{PG_DATABASE}"')
    started = time.perf_counter()
    db = open_database(_pg_url(server, PG_DATABASE))
    writer = Writer(42)
    now = datetime.now(UTC).replace(tzinfo=None)
    raw = db.engine.raw_connection()
    cur = raw.cursor()
    cur.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'claim' AND indexname = 'ix_claim_search_doc'")
    [index_definition] = cur.fetchone()
    cur.execute("DROP INDEX ix_claim_search_doc")
    with cur.copy(f"COPY article ({_ARTICLE_COLUMNS}) FROM STDIN") as copy:
        for row in _article_rows(writer, -(-claims // CLAIMS_PER_ARTICLE), now):
            copy.write_row(row)
    with cur.copy(f"COPY claim ({_CLAIM_COLUMNS}) FROM STDIN") as copy:
        for n, row in enumerate(_claim_rows(writer, 0, claims, now), 1):
            copy.write_row(row)
            if n % 200_000 == 0:
                print(f"  postgresql: {n:,} claims, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    cur.execute(index_definition)
    raw.commit()
    raw.close()
    _store_fact_checks(db, writer, fact_checks)
    db.close()
    _pg_admin(_pg_url(server, PG_DATABASE), "VACUUM ANALYZE")
    return time.perf_counter() - started


# --- what is measured -------------------------------------------------------------------------------


def make_queries(url: str, count: int) -> list[str]:
    """``count`` new-claim texts: a fifth near-duplicates of stored claims and fact checks, the rest new."""
    import sqlalchemy as sa

    from claimtrack.store import open_database

    db = open_database(url, upgrade=False)
    rng = random.Random(7)
    writer = Writer(20261206)  # another seed: other sentences than the stored ones
    with db.engine.connect() as conn:
        claims = conn.execute(sa.text("SELECT max(id) FROM claim")).scalar_one()
        checks = conn.execute(sa.text("SELECT max(id) FROM fact_check")).scalar_one()
        texts = []
        for n in range(count):
            if n % 5 == 0:
                table, top = ("claim", claims) if n % 10 == 0 else ("fact_check", checks)
                stored = conn.execute(sa.text(f"SELECT text FROM {table} WHERE id = :id"), {"id": rng.randint(1, top)})
                texts.append(writer.near_duplicate(stored.scalar_one()))
            else:
                texts.append(writer.sentence())
    db.close()
    return texts


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def worker_match(url: str, texts: list[str]) -> dict[str, Any]:
    """In a fresh process: each text matched once, timed; the memory at start, half way and end."""
    from claimtrack.services.matching import Matcher
    from claimtrack.store import open_database

    db = open_database(url, upgrade=False)
    matcher = Matcher(db)
    matcher.match("Unemployment fell to 4% in Ohio last year, the governor said.")  # loads the model
    start_peak, start_rss = peak_mb(), rss_mb()
    times: list[float] = []
    cpu: list[float] = []
    found = 0
    half_peak = start_peak
    for n, text in enumerate(texts):
        began, began_cpu = time.perf_counter(), time.process_time()
        matches = matcher.match(text, limit=10)
        times.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
        found += bool(matches and matches[0].score >= 0.75)
        if n == len(texts) // 2:
            half_peak = peak_mb()
    db.close()
    return {
        "p50": statistics.median(times) * 1000,
        "p95": percentile(times, 0.95) * 1000,
        "max": max(times) * 1000,
        "cpu50": statistics.median(cpu) * 1000,
        "cpu95": percentile(cpu, 0.95) * 1000,
        "found": found,
        "start_peak": start_peak,
        "start_rss": start_rss,
        "half_peak": half_peak,
        "end_peak": peak_mb(),
        "end_rss": rss_mb(),
    }


def write_articles(folder: Path, url: str, count: int, nonce: str) -> list[str]:
    """``count`` article files, news-like: a headline, two standfirst lines, 12 paragraphs of two or
    three sentences, a byline; a tenth of the sentences repeat a stored claim or fact check."""
    import sqlalchemy as sa

    from claimtrack.store import open_database

    db = open_database(url, upgrade=False)
    writer = Writer(hash(nonce) & 0xFFFF)
    rng = writer.rng
    paths = []
    with db.engine.connect() as conn:
        top = {t: conn.execute(sa.text(f"SELECT max(id) FROM {t}")).scalar_one() for t in ("claim", "fact_check")}

        def sentence() -> str:
            if rng.random() < 0.1:
                table = rng.choice(("claim", "fact_check"))
                stored = conn.execute(
                    sa.text(f"SELECT text FROM {table} WHERE id = :id"), {"id": rng.randint(1, top[table])}
                )
                return writer.near_duplicate(stored.scalar_one())
            return writer.sentence()

        for n in range(count):
            lines = [f"{writer.template()[:-1]} ({nonce} {n})", f"- {sentence()}", f"- {sentence()}"]
            lines += [" ".join(sentence() for _ in range(rng.randint(2, 3))) for _ in range(12)]
            lines.append(f"Authors: {writer.name()}, Bench Times")
            path = folder / f"article-{n:04d}.txt"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            paths.append(str(path))
    db.close()
    return paths


def worker_ingest(url: str, files: list[str], per_round: int) -> dict[str, Any]:
    """In a fresh process: the files ingested ``per_round`` at a time, as ``claimtrack ingest`` does
    (``ingest_sources``, then ``similar.match_articles`` on the new articles, or not), rounds with
    and without matching alternating; the model loaded (one match) before timing."""
    from claimtrack.services.matching import Matcher
    from claimtrack.services.similar import match_articles
    from claimtrack.services.web_ingest import ingest_sources
    from claimtrack.store import open_database
    from claimtrack.store.models import stored_id

    db = open_database(url, upgrade=False)
    Matcher(db).match("Unemployment fell to 4% in Ohio last year, the governor said.")
    seconds = {False: 0.0, True: 0.0}
    articles = {False: 0, True: 0}
    claims = {False: 0, True: 0}
    matched = 0
    start_peak = peak_mb()
    half_peak = start_peak
    rounds = [files[i : i + per_round] for i in range(0, len(files), per_round)]
    for n, batch in enumerate(rounds):
        match = n % 2 == 1 if (n // 2) % 2 == 0 else n % 2 == 0  # ABBA: both see the same drift
        began = time.perf_counter()
        results = ingest_sources(db, batch, user="bench")
        created = [stored_id(r.article) for r in results if r.created]
        if match:
            matched += match_articles(db, created).matched
        seconds[match] += time.perf_counter() - began
        articles[match] += len(created)
        claims[match] += sum(r.claims for r in results if r.created)
        if n == len(rounds) // 2 - 1:
            half_peak = peak_mb()
    db.close()
    return {
        "without": articles[False] / seconds[False],
        "with": articles[True] / seconds[True],
        "claims_without": claims[False],
        "claims_with": claims[True],
        "articles": articles[False] + articles[True],
        "matched": matched,
        "start_peak": start_peak,
        "half_peak": half_peak,
        "end_peak": peak_mb(),
    }


def _worker(argv: list[str]) -> None:
    kind, url, data = argv
    payload = json.loads(Path(data).read_text(encoding="utf-8"))
    if kind == "match":
        result = worker_match(url, payload["texts"])
    else:
        result = worker_ingest(url, payload["files"], payload["per_round"])
    print("RESULT " + json.dumps(result))


def run_worker(kind: str, url: str, payload: dict[str, Any]) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(payload, handle)
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--worker", kind, url, handle.name],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "CLAIMTRACK_USER": "bench"},
        )
    finally:
        os.unlink(handle.name)
    if done.returncode != 0:
        raise SystemExit(f"the {kind} run failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT "))
    result: dict[str, Any] = json.loads(line[len("RESULT ") :])
    return result


def measure_ingest(engine: str, url: str, args: argparse.Namespace) -> list[tuple[str, str, str, str, bool]]:
    """Ingest with and without matching, on a copy of the database (the cached one stays as built)."""
    per_round = max(2, args.articles // 8)
    with tempfile.TemporaryDirectory(prefix="claimtrack-bench-matching-") as tmp:
        files = write_articles(Path(tmp), url, args.articles, f"run{os.getpid()}")
        if engine == "sqlite":
            copy = Path(tmp) / "copy.db"
            shutil.copyfile(url, copy)
            target = str(copy)
        else:
            _pg_admin(args.postgres, f'DROP DATABASE IF EXISTS "{PG_DATABASE}_copy" WITH (FORCE)')
            _pg_admin(args.postgres, f'CREATE DATABASE "{PG_DATABASE}_copy" TEMPLATE "{PG_DATABASE}"')
            target = _pg_url(args.postgres, f"{PG_DATABASE}_copy")
        try:
            r = run_worker("ingest", target, {"files": files, "per_round": per_round})
        finally:
            if engine != "sqlite":
                _pg_admin(args.postgres, f'DROP DATABASE IF EXISTS "{PG_DATABASE}_copy" WITH (FORCE)')
    per_article = (r["claims_with"] + r["claims_without"]) / max(1, r["articles"])
    print(
        f"{engine}: ingest {r['articles']} articles ({per_article:.1f} claims each), {r['matched']} claims "
        "with a suggested match",
        file=sys.stderr,
    )
    ratio = r["with"] / r["without"]
    return [
        (
            engine,
            "ingest, articles/s: without / with",
            f"{r['without']:.2f} / {r['with']:.2f} (ratio {ratio:.0%})",
            f"ratio >= {TARGET_INGEST_RATIO:.0%}",
            ratio >= TARGET_INGEST_RATIO,
        ),
        (
            engine,
            "ingest peak RSS: start, half, end",
            f"{r['start_peak']:.0f} / {r['half_peak']:.0f} / {r['end_peak']:.0f} MB",
            "end within 10% of half",
            flat(r["half_peak"], r["end_peak"]),
        ),
    ]


def flat(first: float, last: float) -> bool:
    return last - first <= max(FLAT_MB, FLAT_SHARE * first)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        _worker(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=1_000_000, help="claims stored (default 1,000,000)")
    parser.add_argument("--fact-checks", type=int, default=100_000, help="fact checks stored (default 100,000)")
    parser.add_argument("--queries", type=int, default=300, help="new-claim texts matched (default 300)")
    parser.add_argument("--articles", type=int, default=80, help="articles ingested, half with matching (default 80)")
    parser.add_argument("--quick", action="store_true", help="20,000 claims, 2,000 fact checks, 60 texts, 16 articles")
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/claimtrack-bench-matching"))
    parser.add_argument("--rebuild", action="store_true", help="build the SQLite file again")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("CLAIMTRACK_TEST_POSTGRES"),
        help="a PostgreSQL server URL (default: CLAIMTRACK_TEST_POSTGRES); without one, SQLite only",
    )
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--keep-postgres", action="store_true", help=f"keep (and reuse) database {PG_DATABASE}")
    args = parser.parse_args()
    if args.quick:
        args.claims, args.fact_checks, args.queries, args.articles = 20_000, 2_000, 60, 16
    if args.claims < CLAIMS_PER_ARTICLE or args.fact_checks < 1 or args.queries < 2:
        parser.error("--claims needs at least 20, --fact-checks and --queries at least 1 and 2")

    targets: list[tuple[str, str]] = []
    if not args.no_sqlite:
        args.data_dir.mkdir(parents=True, exist_ok=True)
        path = args.data_dir / f"matching-{args.claims}-{args.fact_checks}.db"
        if args.rebuild or not path.exists():
            print(f"building {path} ...", file=sys.stderr)
            print(f"  built in {build_sqlite(path, args.claims, args.fact_checks):.0f} s", file=sys.stderr)
        targets.append(("sqlite", str(path)))
    if args.postgres:
        url = _pg_url(args.postgres, PG_DATABASE)
        if not (args.keep_postgres and _pg_counts(url) == (args.claims, args.fact_checks)):
            print(f"building PostgreSQL database {PG_DATABASE} ...", file=sys.stderr)
            print(f"  built in {build_postgres(args.postgres, args.claims, args.fact_checks):.0f} s", file=sys.stderr)
        targets.append(("postgresql", url))

    print(f"{args.claims:,} claims, {args.fact_checks:,} fact checks; {args.queries} new-claim texts matched\n")
    results: list[tuple[str, str, str, str, bool]] = []
    try:
        for engine, url in targets:
            texts = make_queries(url, args.queries)
            m = run_worker("match", url, {"texts": texts})
            results.append(
                (
                    engine,
                    "match one claim, p50 / p95",
                    f"{m['p50']:.1f} / {m['p95']:.1f} ms (max {m['max']:.0f})",
                    f"p95 <= {TARGET_P95_MS:.0f} ms",
                    m["p95"] <= TARGET_P95_MS,
                )
            )
            results.append(
                (
                    engine,
                    "  CPU of this process, p50 / p95",
                    f"{m['cpu50']:.1f} / {m['cpu95']:.1f} ms",
                    "(the database server's not counted)" if engine != "sqlite" else "(SQLite's included)",
                    True,
                )
            )
            results.append(
                (
                    engine,
                    "peak RSS: loaded, half, end",
                    f"{m['start_peak']:.0f} / {m['half_peak']:.0f} / {m['end_peak']:.0f} MB",
                    "end within 10% of half",
                    flat(m["half_peak"], m["end_peak"]),
                )
            )
            print(f"{engine}: {m['found']} of {len(texts)} texts had a match scoring >= 0.75", file=sys.stderr)
            if args.articles >= 4:
                results.extend(measure_ingest(engine, url, args))
    finally:
        if args.postgres and not args.keep_postgres:
            _pg_admin(args.postgres, f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')

    print(f"{'engine':<11} {'figure':<34} {'measured':<36} {'target':<36} result")
    for engine, figure, measured, target, ok in results:
        shown = verdict(ok) if not figure.startswith("  ") else ""
        print(f"{engine:<11} {figure:<34} {measured:<36} {target:<36} {shown}")
    load = os.getloadavg()
    print(
        f"\n{os.cpu_count()} CPUs; load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1 / 5 / 15 min) at the end"
    )


if __name__ == "__main__":
    main()
