#!/usr/bin/env python3
"""Builds the benchmark's query mix from a generated corpus's truth.tsv.

Writes, into OUT: queries.json (one neutral spec per query, for every engine),
search.txt and suggest.txt (request paths for wrk). Deterministic (seed 1).
Categories: symbols, symbol + method, accessions, PubMed ids, broad queries (GTRD,
ChIP, the empty query: matching most documents), and filtered ones. Every /search
computes all three facets. Symbols are restricted to letters and digits so that
every engine tokenizes them alike.
"""
import csv, json, random, re, sys, urllib.parse
from pathlib import Path

truth, out = Path(sys.argv[1]), Path(sys.argv[2])
rng = random.Random(1)
rows = [r for r in csv.DictReader(open(truth), delimiter="\t") if r["shown_on"] != "none"]
plain = lambda s: re.fullmatch(r"[A-Za-z][A-Za-z0-9]+", s) is not None
# A symbol that other names contain as a token (CG1589 in CG1589-3'utr, Dmel\CG1589)
# is one tflink-search matches exactly and token-based engines do not: leave those out
# so that every engine's answer can be checked against ours.
names = {n for r in rows for n in (r["tf_name"], r["target_name"])}
inside = {t.lower() for n in names if not plain(n) for t in re.split(r"[^A-Za-z0-9]+", n) if t}
tf_rows = [r for r in rows if plain(r["tf_name"]) and r["tf_name"].lower() not in inside]
symbols = sorted({r["tf_name"] for r in rng.sample(tf_rows, min(2000, len(tf_rows)))})
accessions = sorted({r["target"] for r in rng.sample(rows, min(2000, len(rows)))})
pmids = sorted({p for r in rng.sample(rows, min(2000, len(rows))) for p in r["pubmed"].split(";") if p != "27924024"})

def spec(category, terms, organism=(), database=(), curated=None):
    return {"category": category, "terms": terms, "organism": list(organism), "database": list(database), "curated": curated}

queries = []
for s in rng.sample(symbols, 10):
    queries.append(spec("symbol", [["symbol", s]]))
for s in rng.sample(symbols, 10):
    queries.append(spec("symbol+method", [["symbol", s], ["method", "ChIP"]]))
for a in rng.sample(accessions, 10):
    queries.append(spec("accession", [["accession", a]]))
for p in rng.sample(pmids, 10):
    queries.append(spec("pmid", [["pmid", p]]))
queries += [spec("broad", [["database", "GTRD"]]), spec("broad", [["method", "ChIP"]]), spec("broad", []),
            spec("broad", [["pmid", "27924024"]])] * 3
queries += [
    spec("filtered", [], organism=["Mus musculus"]),
    spec("filtered", [["database", "GTRD"]], database=["ReMap"], curated="yes"),
    spec("filtered", [["method", "ChIP"]], organism=["Homo sapiens", "Drosophila melanogaster"], database=["GTRD", "TRRUST"]),
    spec("filtered", [], curated="no"),
]
for s in rng.sample(symbols, 6):
    queries.append(spec("filtered", [["symbol", s]], organism=["Homo sapiens"]))

def path(q):
    text = " ".join(v for _, v in q["terms"])
    params = [("q", text)] + [("organism", o) for o in q["organism"]] + [("database", d) for d in q["database"]]
    if q["curated"]:
        params.append(("curated", q["curated"]))
    return "/search?" + urllib.parse.urlencode(params)

for q in queries:
    q["path"] = path(q)
out.mkdir(parents=True, exist_ok=True)
json.dump(queries, open(out / "queries.json", "w"), indent=1)
(out / "search.txt").write_text("".join(q["path"] + "\n" for q in queries))
prefixes = sorted({s[:n] for s in rng.sample(symbols, 40) for n in (2, 3, 4)})
(out / "suggest.txt").write_text("".join("/suggest?" + urllib.parse.urlencode({"q": p}) + "\n" for p in prefixes))
print(f"{len(queries)} search queries, {len(prefixes)} suggest prefixes in {out}")
