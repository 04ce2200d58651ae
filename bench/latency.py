#!/usr/bin/env python3
"""Per-request latency percentiles over HTTP: CLIENTS keep-alive connections cycle
through the request paths of FILE for SECONDS. Prints "p50_ms p99_ms requests_per_s".

wrk 4.1's latency percentiles do not describe single requests in a mix of fast and
slow queries (two thirds of requests under 1 ms gave it a 9.7 ms median), so the
percentiles are measured here, with the same loop the peers are timed with; wrk
gives the throughput.
"""
import http.client, sys, threading, time

host, port, path_file, seconds, clients = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4]), int(sys.argv[5])
paths = open(path_file).read().split()
latencies, lock = [], threading.Lock()
stop = time.perf_counter() + seconds

def client(offset):
    connection, mine, k = http.client.HTTPConnection(host, port), [], offset
    while time.perf_counter() < stop:
        started = time.perf_counter()
        connection.request("GET", paths[k % len(paths)])
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            sys.exit(f"{paths[k % len(paths)]}: HTTP {response.status}")
        mine.append((time.perf_counter() - started) * 1000)
        k += 1
    with lock:
        latencies.extend(mine)

threads = [threading.Thread(target=client, args=(i * 7,)) for i in range(clients)]
[t.start() for t in threads]
[t.join() for t in threads]
latencies.sort()
pick = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))]
print(f"{pick(0.5):.3f} {pick(0.99):.3f} {len(latencies) / seconds:.0f}")
