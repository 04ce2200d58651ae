"""Checks a peer's answers to the query mix against ours.

The peers answer each query exactly as typed; so does tflink-search, except that a
query finding nothing is then read otherwise (a typo, a prefix, an organism's
orthologs), and the response says so in "fallback". For such a query the exact
reading found nothing: the peer must find nothing too, and ours' hits and facets,
being those of the other reading, are not compared.
"""


def nonzero(counts):
    return {k: v for k, v in counts.items() if v}


def check(ours, answers, paths):
    """Returns (mismatches, fallbacks): the queries whose answers differ, each with
    both answers, and how many of ours came from a fallback reading."""
    mismatches, fallbacks = [], 0
    for path, expected, got in zip(paths, ours, answers):
        if expected.get("fallback"):
            fallbacks += 1
            if got["total"] != 0:
                mismatches.append({"query": path, "peer": got, "ours": f"nothing exactly, then the {expected['fallback']} reading"})
            continue
        want = {"total": expected["total"], **{f: nonzero(expected["facets"][f]) for f in ("organism", "database", "curated")}}
        if got != want:
            mismatches.append({"query": path, "peer": got, "ours": want})
    return mismatches, fallbacks
