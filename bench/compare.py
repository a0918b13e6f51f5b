"""``python -m bench.compare SIZE OTHER_CHECKOUT OTHER_DATABASE``: this checkout against another, request
for request, on datasets ``make bench`` built.

Two measuring processes, one per checkout, each on its own copy of the dataset (the other checkout's
code may expect another schema), take turns: a batch of requests in one, then a batch in the other,
the order swapped each round. A machine whose speed drifts (a shared VM, another job starting) then
slows both sides alike, which separate ``make bench`` runs minutes apart cannot promise: on this
machine two such runs of the same code differ by ±15 %.

    make bench                                   # this checkout: spbe_bench_province, spbe_bench_national
    git worktree add /tmp/base f4f68bb           # the other, with its own datasets (its own schema):
    cp bench/compare.py /tmp/base/bench/
    (cd /tmp/base && DATABASE_URL=postgres://postgres@127.0.0.1:5432/spbe_bench_base $OLDPWD/.venv/bin/python -m bench.run)
    .venv/bin/python -m bench.compare province /tmp/base spbe_bench_base_province --rounds 20 --batch 5

Prints, per page, the median and fastest wall time and the median CPU time on each side, and the
change. Environment as ``make bench``'s measuring child (``DEBUG=0``, ``VAR_DIR`` of each checkout's
``var/bench/var``, the size's database): each checkout's own ``bench/compare.py --worker`` serves
its side, so the other checkout needs this file too (copy it there if it predates it).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.run import PAGES as BENCH_PAGES

ROOT = Path(__file__).resolve().parent.parent
PAGES = [name for _label, name, _who in BENCH_PAGES]
AS = {name: who for _label, name, who in BENCH_PAGES}  # who asks for each page, as make bench asks


def worker(size):
    """Serve ``<page> <n> <who>`` lines on stdin with ``[wall ms…], [cpu ms…]`` JSON lines."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from bench import run

    built = json.loads((ROOT / "var" / "bench" / f"built-{size}.json").read_text())
    clients = run._clients(built)
    urls = {}
    for line in sys.stdin:
        page, n, who = line.split()
        client = clients[who]
        url = urls.get(page) or urls.setdefault(page, run._page_url(page, built))
        wall, cpu = [], []
        for _ in range(int(n)):
            started, started_cpu = time.perf_counter(), time.process_time()
            run._consume(client.get(url))
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        print(json.dumps([wall, cpu]), flush=True)


def _start(checkout, database, size, python):
    from urllib.parse import urlsplit, urlunsplit

    base = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/spbe_bench")
    url = urlunsplit(urlsplit(base)._replace(path=f"/{database}"))
    env = dict(
        os.environ,
        DATABASE_URL=url,
        DEBUG="0",
        SECRET_KEY=os.environ.get("BENCH_SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789abcdefghij"),
        ALLOWED_HOSTS="testserver",
        VAR_DIR=str(Path(checkout) / "var" / "bench" / "var"),
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="spbe_portal.settings",
    )
    return subprocess.Popen(
        [python, "-m", "bench.compare", "--worker", size],
        cwd=checkout,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def _ask(process, page, n, who):
    process.stdin.write(f"{page} {n} {who}\n")
    process.stdin.flush()
    return json.loads(process.stdout.readline())


def _change(before, after):
    return f"{(after / before - 1) * 100:+5.1f} %"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", nargs="?", choices=["tiny", "province", "national"])
    parser.add_argument("other", nargs="?", help="the other checkout (its bench datasets built)")
    parser.add_argument("other_database", nargs="?", help="the other checkout's database of this size")
    parser.add_argument("--database", help="this checkout's database (default: spbe_bench_<size>)")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--batch", type=int, default=5)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--as", dest="who", default="", help="who asks for every page (default: as make bench)")
    parser.add_argument("--worker", metavar="SIZE", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker)
        return 0
    if not (args.size and args.other and args.other_database):
        parser.error("SIZE, OTHER_CHECKOUT and OTHER_DATABASE are required")
    python = sys.executable
    other = _start(args.other, args.other_database, args.size, python)
    this = _start(str(ROOT), args.database or f"spbe_bench_{args.size}", args.size, python)
    sides = {"other": other, "this": this}
    try:
        for page in args.pages.split(","):
            who = args.who or AS.get(page, "admin")
            for process in sides.values():
                _ask(process, page, 3, who)  # warm-up
            found = {name: ([], []) for name in sides}
            for round_ in range(args.rounds):
                order = ["other", "this"] if round_ % 2 == 0 else ["this", "other"]
                for name in order:
                    wall, cpu = _ask(sides[name], page, args.batch, who)
                    found[name][0].extend(wall)
                    found[name][1].extend(cpu)
            (ow, oc), (tw, tc) = found["other"], found["this"]
            med = statistics.median
            print(
                f"{args.size:8s} {page:26s} median {med(ow):6.1f} → {med(tw):6.1f} ms ({_change(med(ow), med(tw))})"
                f"  fastest {min(ow):6.1f} → {min(tw):6.1f} ({_change(min(ow), min(tw))})"
                f"  CPU median {med(oc):6.1f} → {med(tc):6.1f} ({_change(med(oc), med(tc))})",
                flush=True,
            )
    finally:
        for process in sides.values():
            process.stdin.close()
            process.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
