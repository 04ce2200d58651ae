#!/usr/bin/env python3
"""PostgreSQL full-text search and SQLite FTS5, beside tflink-search.

    peers.py ENGINE TRUTH QUERIES WORKDIR SECONDS    (ENGINE: postgres | sqlite)

Loads the interactions the pages show (from the generator's truth.tsv) into the
engine, configured as one would by hand: a tsvector with a GIN index (PostgreSQL,
'simple' configuration) or an FTS5 table (SQLite, unicode61). Then answers every
query of QUERIES (mix.py) with the same semantics as tflink-search: terms AND
together, exact total, top 10 by evidence (curated, databases, PubMed ids), and the
three facets counted exactly and disjunctively.

Prints one JSON object: load seconds, single-client p50/p99 (ms), throughput and
p99 with 8 concurrent clients, and the answers (total and facets per query), which
bench/run.sh checks against ours on every run (bench/agree.py). Queries run
in-process (no HTTP), which favours the peers.
"""
import csv, json, sqlite3, sys, time
from timing import measure
from pathlib import Path

engine, truth, queries_path, workdir, seconds = sys.argv[1:6]
seconds = float(seconds)
queries = json.load(open(queries_path))
workdir = Path(workdir)


def documents():
    for i, r in enumerate(csv.DictReader(open(truth), delimiter="\t")):
        if r["shown_on"] == "none":
            continue
        split = lambda s: [x for x in s.split(";") if x]
        names = " ".join(n for n in (r["tf_name"], r["target_name"]) if n != "-").replace(";", " ")
        dbs, methods, pubmed = split(r["databases"]), split(r["methods"]), split(r["pubmed"])
        text = " ".join([names, r["tf"], r["target"], " ".join(dbs), " ".join(methods), " ".join(pubmed)])
        yield i, r["organism"], dbs, r["curated"] == "Yes", len(dbs), len(pubmed), text


def terms_text(q, phrase):
    words = []
    for kind, value in q["terms"]:
        words.append(phrase("chromatin immunoprecipitation") if kind == "method" else value.lower())
    return words


# ---------------------------------------------------------------- PostgreSQL
def pg_connect():
    import psycopg
    return psycopg.connect(host="127.0.0.1", user="postgres", password="bench", dbname="tflink", autocommit=True)


def pg_load():
    import psycopg
    admin = psycopg.connect(host="127.0.0.1", user="postgres", password="bench", dbname="postgres", autocommit=True)
    admin.execute("DROP DATABASE IF EXISTS tflink")
    admin.execute("CREATE DATABASE tflink")
    started = time.perf_counter()
    with pg_connect() as c:
        c.execute("""CREATE TABLE interactions (id int PRIMARY KEY, organism text, databases text[], curated bool,
                     ndb int, npm int, body text, doc tsvector)""")
        with c.cursor().copy("COPY interactions (id, organism, databases, curated, ndb, npm, body) FROM STDIN") as copy:
            for row in documents():
                copy.write_row(row)
        c.execute("UPDATE interactions SET doc = to_tsvector('simple', body)")
        c.execute("CREATE INDEX ON interactions USING gin (doc)")
        c.execute("VACUUM ANALYZE interactions")
    return time.perf_counter() - started


def pg_sql(q):
    words = terms_text(q, lambda p: " <-> ".join(p.split()))
    match = "doc @@ to_tsquery('simple', %(q)s)" if words else "true"
    org = "organism = ANY(%(org)s)" if q["organism"] else "true"
    db = "databases && %(db)s" if q["database"] else "true"
    cur = "curated = %(cur)s" if q["curated"] else "true"
    sql = f"""WITH m AS MATERIALIZED (SELECT id, organism, databases, curated, ndb, npm FROM interactions WHERE {match})
    SELECT (SELECT count(*) FROM m WHERE {org} AND {db} AND {cur}),
      (SELECT coalesce(json_object_agg(organism, n), '{{}}') FROM (SELECT organism, count(*) n FROM m WHERE {db} AND {cur} GROUP BY 1) x),
      (SELECT coalesce(json_object_agg(d, n), '{{}}') FROM (SELECT d, count(*) n FROM m, unnest(databases) d WHERE {org} AND {cur} GROUP BY 1) x),
      (SELECT coalesce(json_object_agg(c, n), '{{}}') FROM (SELECT CASE WHEN curated THEN 'yes' ELSE 'no' END c, count(*) n FROM m WHERE {org} AND {db} GROUP BY 1) x),
      (SELECT array_agg(id) FROM (SELECT id FROM m WHERE {org} AND {db} AND {cur} ORDER BY curated DESC, ndb DESC, npm DESC, id LIMIT 10) x)"""
    params = {"q": " & ".join(f"({w})" for w in words), "org": q["organism"], "db": q["database"], "cur": q["curated"] == "yes"}
    return sql, params


# ---------------------------------------------------------------- SQLite
def sqlite_path():
    return workdir / "peer.sqlite"


def sqlite_load():
    path = sqlite_path()
    path.unlink(missing_ok=True)
    started = time.perf_counter()
    c = sqlite3.connect(path)
    c.executescript("""CREATE TABLE interactions (id INTEGER PRIMARY KEY, organism TEXT, curated INT, ndb INT, npm INT);
        CREATE TABLE idb (id INT, db TEXT);
        CREATE VIRTUAL TABLE docs USING fts5(body, tokenize = 'unicode61');""")
    with c:
        for i, organism, dbs, curated, ndb, npm, text in documents():
            c.execute("INSERT INTO interactions VALUES (?, ?, ?, ?, ?)", (i, organism, curated, ndb, npm))
            c.executemany("INSERT INTO idb VALUES (?, ?)", [(i, d) for d in dbs])
            c.execute("INSERT INTO docs (rowid, body) VALUES (?, ?)", (i, text))
    c.executescript("CREATE INDEX idb_id ON idb (id); CREATE INDEX idb_db ON idb (db, id); ANALYZE;")
    c.close()
    return time.perf_counter() - started


def sqlite_sql(q):
    words = terms_text(q, lambda p: p)
    params = []
    if words:
        base = "SELECT i.* FROM docs JOIN interactions i ON i.id = docs.rowid WHERE docs MATCH ?"
        params.append(" ".join('"' + w.replace('"', '""') + '"' for w in words))
    else:
        base = "SELECT * FROM interactions"
    org = f"organism IN ({','.join('?' * len(q['organism']))})" if q["organism"] else "1"
    db = f"EXISTS (SELECT 1 FROM idb WHERE idb.id = m.id AND idb.db IN ({','.join('?' * len(q['database']))}))" if q["database"] else "1"
    cur = "curated = ?" if q["curated"] else "1"
    values = {"org": q["organism"], "db": q["database"], "cur": [int(q["curated"] == "yes")] if q["curated"] else []}
    expand = lambda *names: [v for n in names for v in values[n]]
    sql = f"""WITH m AS MATERIALIZED ({base})
    SELECT (SELECT count(*) FROM m WHERE {org} AND {db} AND {cur}),
      (SELECT json_group_object(organism, n) FROM (SELECT organism, count(*) n FROM m WHERE {db} AND {cur} GROUP BY 1)),
      (SELECT json_group_object(d, n) FROM (SELECT idb.db d, count(*) n FROM m JOIN idb ON idb.id = m.id WHERE {org} AND {cur} GROUP BY 1)),
      (SELECT json_group_object(c, n) FROM (SELECT CASE WHEN curated THEN 'yes' ELSE 'no' END c, count(*) n FROM m WHERE {org} AND {db} GROUP BY 1)),
      (SELECT json_group_array(id) FROM (SELECT id FROM m WHERE {org} AND {db} AND {cur} ORDER BY curated DESC, ndb DESC, npm DESC, id LIMIT 10))"""
    params += expand("org", "db", "cur") + expand("db", "cur") + expand("org", "cur") + expand("org", "db") + expand("org", "db", "cur")
    return sql, params


# ---------------------------------------------------------------- measuring
if engine == "postgres":
    load, connect, translate = pg_load, pg_connect, pg_sql
else:
    load, connect, translate = sqlite_load, lambda: sqlite3.connect(sqlite_path(), check_same_thread=False), sqlite_sql


def answer(conn, q):
    sql, params = translate(q)
    row = conn.execute(sql, params).fetchone()
    parse = lambda v: json.loads(v) if isinstance(v, str) else (v or {})
    return {"total": row[0], "organism": parse(row[1]), "database": parse(row[2]), "curated": parse(row[3])}


load_seconds = load()
conn = connect()
answers = [answer(conn, q) for q in queries]


def run(clients):
    p50, p99, rps = measure(lambda: conn if clients == 1 else connect(), answer, queries, clients, seconds)
    return {"requests_per_s": rps, "p50_ms": p50, "p99_ms": p99}


one, eight = run(1), run(8)
print(json.dumps({"engine": engine, "load_s": load_seconds, "single": one, "eight": eight,
                  "answers": answers}))
