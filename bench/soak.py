#!/usr/bin/env python3
"""Soak: a million mixed records through `analyze` and `ingest`, with peak RSS over time.

    python3 bench/soak.py [--records N] [--bin target/release/newsgraph] [--corpus DIR]

The records are made on the fly (nothing is written to the repo): good short articles built
from the corpus's sentences (each made unique by its number), bad JSON, wrong types, NUL
characters, empty texts, unreadable dates (analysed without them), invalid UTF-8, a few long
records (3 MB) and over-limit lines (17 MB), plus a folder of web pages: good ones, hostile
nesting, script and comment soup, UTF-16 meta lies, unknown charsets. It prints, per command,
the records by outcome and error kind, the RSS of the newsgraph process sampled every second
(min and max per tenth of the run: flat means bounded), and for ingest whether the store holds
exactly the good records.
"""
import argparse
import collections
import glob
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time


def sentences(corpus):
    out = []
    for path in sorted(glob.glob(os.path.join(corpus, "*", "*.txt")))[:400]:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f.read().split("\n"):
                for s in line.split(". "):
                    s = s.strip()
                    if 40 < len(s) < 300:
                        out.append(s.rstrip(".") + ".")
    return out


def item(i, rng, pool, count):
    return f"Item {i}. " + " ".join(rng.sample(pool, count))


# Record kinds: (kind, applies(i), make(i, rng, pool)); each record is the first that applies.
# Only the good ones draw on rng, so the stream for a seed depends on this order.
RECORDS = [
    ("long", lambda i: i % 100_000 == 50_000,
     lambda i, rng, pool: json.dumps({"id": f"long{i}", "text": f"Item {i}. " + " ".join(pool)[:3_000_000]}).encode()),
    ("over-limit", lambda i: i % 250_000 == 125_000,
     lambda i, rng, pool: b'{"id": "over%d", "text": "' % i + b"a" * (17 << 20) + b'"}'),
    ("invalid JSON", lambda i: i % 1000 < 20, lambda i, rng, pool: b'{"id": "%d", "text": ' % i),
    ("wrong type", lambda i: i % 1000 < 40, lambda i, rng, pool: b'{"id": "%d", "text": [1, 2]}' % i),
    ("NUL", lambda i: i % 1000 < 50, lambda i, rng, pool: b'{"id": "%d", "text": "a\\u0000b"}' % i),
    ("empty", lambda i: i % 1000 < 60, lambda i, rng, pool: b'{"id": "%d", "text": " "}' % i),
    ("not an object", lambda i: i % 1000 < 70, lambda i, rng, pool: b'[1, 2, 3]'),
    ("invalid UTF-8", lambda i: i % 1000 < 80, lambda i, rng, pool: b'{"id": "%d", "text": "caf\xe9 %d"}' % (i, i)),
    # an unreadable date: analysed without it
    ("good", lambda i: i % 1000 < 90,
     lambda i, rng, pool: json.dumps({"id": str(i), "published": "last week", "text": item(i, rng, pool, 2)}).encode()),
    ("good", lambda i: True,
     lambda i, rng, pool: json.dumps({"id": str(i), "text": item(i, rng, pool, rng.randint(1, 3)), "published": "2016-11-24"}).encode()),
]


def records(n, pool, rng):
    """Yields (kind, bytes) for n JSON lines."""
    for i in range(n):
        kind, make = next((kind, make) for kind, applies, make in RECORDS if applies(i))
        yield kind, make(i, rng, pool)


# Web pages by i % 10: (html(i, body), should analyse, encoding); other values: PAGE_DEFAULT.
PAGES = {
    0: (lambda i, body: "<div>" * 5000 + "deep", False, "utf-8"),  # truly pathological: rejected
    1: (lambda i, body: f"<html><body><article>{'<p>x' * 520}{body}</article></body></html>", True, "utf-8"),
    2: (lambda i, body: f"<html><body><script>var s='{'<div>' * 1000}';</script><!-- {'<div>' * 1000} --><article>{body}</article></body></html>",
        True, "utf-8"),
    3: (lambda i, body: f'<html><head><meta charset="utf-16"></head><body><article>{body} caf\xe9</article></body></html>',
        True, "latin-1"),
    4: (lambda i, body: f'<html><head><meta charset="x-no-such-encoding"></head><body><article>{body}</article></body></html>',
        True, "utf-8"),
    5: (lambda i, body: "<b>" * 3000 + "soup", False, "utf-8"),  # rejected
}
PAGE_DEFAULT = (
    lambda i, body: f"<html><head><title>Page {i}</title></head><body><nav>Home</nav><article><h1>Page {i}</h1>{body}<p>Item {i}.</p></article></body></html>",
    True, "utf-8",
)


def pages(folder, n, pool, rng):
    """Writes n web pages; returns how many should analyse."""
    good = 0
    for i in range(n):
        body = " ".join(f"<p>{s}</p>" for s in rng.sample(pool, 3))
        html, analyses, encoding = PAGES.get(i % 10, PAGE_DEFAULT)
        good += analyses
        with open(os.path.join(folder, f"p{i:05}.html"), "wb") as f:
            f.write(html(i, body).encode(encoding, errors="replace"))
    return good


def sample_rss(pid, out, stop):
    while not stop.is_set():
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        out.append((time.time(), int(line.split()[1]) // 1024))
        except OSError:
            return
        time.sleep(1)


def run(cmd, n, pool, seed, folder, counts_out):
    rng = random.Random(seed)
    expected = collections.Counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    rss, stop = [], threading.Event()
    threading.Thread(target=sample_rss, args=(proc.pid, rss, stop), daemon=True).start()
    got = collections.Counter()

    def read_out():
        for line in proc.stdout:
            o = json.loads(line)
            if "error" in o:
                got["error: " + o["error"].split(":")[0][:40]] += 1
            else:
                got["analysed"] += 1

    def read_err():
        for line in proc.stderr:
            line = line.decode("utf-8", "replace").strip()
            if line.startswith("error:"):
                got["error (stderr): " + line.split(": ", 2)[-1].split(":")[0][:40]] += 1
            elif "records:" in line:
                got["summary: " + line.strip()] += 1

    readers = [threading.Thread(target=read_out), threading.Thread(target=read_err)]
    for t in readers:
        t.start()
    start = time.time()
    for kind, line in records(n, pool, rng):
        expected[kind] += 1
        proc.stdin.write(line + b"\n")
    proc.stdin.close()
    code = proc.wait()
    stop.set()
    for t in readers:
        t.join()
    secs = time.time() - start
    counts_out.update(expected=expected, got=got, code=code, secs=secs, rss=rss)


def report(name, r, good_pages):
    print(f"\n## {name}: exit {r['code']}, {r['secs']:.0f} s")
    exp = r["expected"]
    print("records sent:", dict(exp), f"+ a folder of pages ({good_pages} should analyse)")
    for k, v in sorted(r["got"].items()):
        print(f"  {v:>9}  {k}")
    rss = r["rss"]
    if rss:
        t0, t1 = rss[0][0], rss[-1][0]
        tenth = max((t1 - t0) / 10, 1e-9)
        row = []
        for k in range(10):
            part = [m for t, m in rss if t0 + k * tenth <= t < t0 + (k + 1) * tenth + (k == 9)]
            if part:
                row.append(f"{min(part)}-{max(part)}")
        print("RSS MB by tenth of the run (min-max):", " ".join(row))
        print("peak RSS MB:", max(m for _, m in rss))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--bin", default="target/release/newsgraph")
    ap.add_argument("--corpus", default="../shared/data/bbc-news-2225")
    a = ap.parse_args()
    pool = sentences(a.corpus)
    with tempfile.TemporaryDirectory() as tmp:
        folder = os.path.join(tmp, "pages")
        os.mkdir(folder)
        good_pages = pages(folder, a.pages, pool, random.Random(7))
        res = {}
        r = {}
        run([a.bin, "analyze", "-j", "2", "--output", "jsonl", "-", folder], a.records, pool, 1, folder, r)
        report("analyze", r, good_pages)
        res["analyze"] = r
        db = os.path.join(tmp, "soak.db")
        r = {}
        run([a.bin, "ingest", "-j", "2", "--db", db, "-", folder], a.records, pool, 1, folder, r)
        report("ingest", r, good_pages)
        stats = json.loads(subprocess.run([a.bin, "stats", "--json", "--db", db], capture_output=True, check=True).stdout)
        good = r["expected"]["good"] + r["expected"]["long"] + good_pages
        print(f"store: {stats['articles']} articles; good records sent: {good};",
              "exactly the good ones" if stats["articles"] == good else "MISMATCH")
        sys.exit(0 if stats["articles"] == good and res["analyze"]["code"] in (0, 3) else 1)


if __name__ == "__main__":
    main()
