#!/usr/bin/env python3
"""`hookcli inspect` on a store of 1,000,000 captures, in a real terminal (tmux), beside
`list --last 20` on the same store as the baseline of reading the newest captures.

    python3 benches/inspect.py            # builds the release binary first

Prints a Markdown table: the time from starting `inspect` to its first page on the screen, its
peak RSS after opening and after paging, and how long a key takes to show on the screen (the help
page, `?`, and back), medians of several runs. The screen is read with `tmux capture-pane`, which
adds its own milliseconds; the figures are upper bounds. Not run in CI: it generates a 1.8 GB
store (removed at the end).
"""

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOOKCLI = os.path.join(ROOT, "target", "release", "hookcli")
RECORDS = 1_000_000


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def one_record_line(work):
    """The store line hookcli writes for the benchmarks' 1,143-byte JSON event."""
    event = {"id": "evt_1", "type": "order.created",
             "data": {"items": [{"sku": f"sku-{i:04d}", "qty": i % 7} for i in range(20)]}, "note": ""}
    event["note"] = "x" * (1143 - len(json.dumps(event, separators=(",", ":"))))
    payload = json.dumps(event, separators=(",", ":")).encode()
    store = os.path.join(work, "one.jsonl")
    port = free_port()
    listener = subprocess.Popen([HOOKCLI, "listen", "--port", str(port), "--quiet", "--count", "1",
                                 "--store", store], stderr=subprocess.DEVNULL)
    deadline = time.time() + 10
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port)) as s:
                request = (f"POST /hooks/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                           f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n").encode() + payload
                s.sendall(request)
                s.recv(4096)
            break
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.05)
    listener.wait(timeout=10)
    return open(store).read()


def generate(work):
    line = one_record_line(work)
    assert line.startswith('{"id":"') and line[33] == '"', line[:40]
    head, tail = line[:7], line[33:]
    store = os.path.join(work, "big.jsonl")
    with open(store, "w") as out:
        for start in range(0, RECORDS, 10_000):
            out.write("".join(f"{head}01JSCALE{i:018d}{tail}" for i in range(start, start + 10_000)))
    with open(store, "rb") as f:  # into the page cache
        while f.read(1 << 24):
            pass
    return store


def tmux(*args):
    return subprocess.run(["tmux", *args], capture_output=True, text=True)


def screen(session):
    return tmux("capture-pane", "-p", "-t", session).stdout


def wait_for(session, text, timeout=30):
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if text in screen(session):
            return time.perf_counter()
        time.sleep(0.001)
    raise TimeoutError(f"{text!r} never appeared:\n{screen(session)}")


def peak_rss_mib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def inspect_run(store, session):
    """Seconds to the first page, the key latencies, and the peak RSS after paging."""
    tmux("kill-session", "-t", session)
    start = time.perf_counter()
    tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "48",
         f"{HOOKCLI} inspect --store {store}")
    first = wait_for(session, "1000000") - start
    pid = int(tmux("list-panes", "-t", session, "-F", "#{pane_pid}").stdout.split()[0])
    rss_open = peak_rss_mib(pid)
    keys = []
    for _ in range(5):
        pressed = time.perf_counter()
        tmux("send-keys", "-t", session, "?")
        wait_for(session, "any key closes")
        keys.append(time.perf_counter() - pressed)
        tmux("send-keys", "-t", session, "Escape")
        time.sleep(0.05)
    for _ in range(20):
        tmux("send-keys", "-t", session, "PageUp")
    time.sleep(0.5)
    rss_paged = peak_rss_mib(pid)
    tmux("send-keys", "-t", session, "q")
    time.sleep(0.2)
    tmux("kill-session", "-t", session)
    return first, keys, rss_open, rss_paged


def main():
    if shutil.which("tmux") is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", "tmux"], check=True)
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp()
    try:
        store = generate(work)
        size_gb = os.path.getsize(store) / 1e9
        baseline = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run([HOOKCLI, "list", "--last", "20", "--store", store],
                           stdout=subprocess.DEVNULL, check=True)
            baseline.append(time.perf_counter() - start)
        runs = [inspect_run(store, "hookcli-bench") for _ in range(5)]
        first = statistics.median(r[0] for r in runs) * 1000
        key = statistics.median(k for r in runs for k in r[1]) * 1000
        rss_open = max(r[2] for r in runs)
        rss_paged = max(r[3] for r in runs)
        print(f"`hookcli inspect` on {RECORDS:,} records ({size_gb:.2f} GB, in the page cache), "
              f"in tmux 160×48; medians of 5 runs (keys: of 25 presses)\n")
        print("| what | figure | target |\n| --- | ---: | --- |")
        print(f"| start to the newest page on the screen | {first:.0f} ms | under 300 ms |")
        print(f"| `list --last 20` on the same store (baseline: reading the newest captures) | "
              f"{statistics.median(baseline) * 1000:.0f} ms | |")
        print(f"| a key to its screen (`?`, the help page) | {key:.1f} ms | under 16 ms |")
        print(f"| peak RSS after opening / after 20 pages up | {rss_open:.0f} MiB / {rss_paged:.0f} MiB | under 100 MiB |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
