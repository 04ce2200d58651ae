"""The timing loop shared by bench/latency.py (our HTTP server) and bench/peers.py
(PostgreSQL, SQLite): CLIENTS threads, each with its own connection, cycle through
ITEMS for SECONDS and time every request."""
import threading, time


def measure(connect, run, items, clients, seconds):
    """Returns (p50 ms, p99 ms, requests per second)."""
    latencies, lock = [], threading.Lock()
    stop = time.perf_counter() + seconds

    def client(offset):
        connection, mine, k = connect(), [], offset
        while time.perf_counter() < stop:
            started = time.perf_counter()
            run(connection, items[k % len(items)])
            mine.append((time.perf_counter() - started) * 1000)
            k += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(i * 7,)) for i in range(clients)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    latencies.sort()
    pick = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))]
    return pick(0.5), pick(0.99), len(latencies) / seconds
