#!/usr/bin/env python3
"""Per-request latency percentiles over HTTP: CLIENTS keep-alive connections cycle
through the request paths of FILE for SECONDS. Prints "p50_ms p99_ms requests_per_s".

wrk 4.1's latency percentiles do not describe single requests in a mix of fast and
slow queries (two thirds of requests under 1 ms gave it a 9.7 ms median), so the
percentiles are measured here, with the same loop the peers are timed with; wrk
gives the throughput.
"""
import http.client, sys
from timing import measure

host, port, path_file, seconds, clients = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4]), int(sys.argv[5])


def get(connection, path):
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        sys.exit(f"{path}: HTTP {response.status}")


p50, p99, rps = measure(lambda: http.client.HTTPConnection(host, port), get, open(path_file).read().split(), clients, seconds)
print(f"{p50:.3f} {p99:.3f} {rps:.0f}")
