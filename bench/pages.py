"""``python -m bench.pages SIZE``: the bench's pages, many requests each, on a dataset ``make bench``
already built (``var/bench/built-SIZE.json`` and its database), for comparing two versions of the
code in the same minutes (run it from each checkout in turn, each on its own copy of the dataset).

Prints, per page, the median and fastest wall time and the median and fastest CPU time of the
application's process over ``--requests`` requests after 3 warm-ups. Environment as ``make bench``'s
measuring child: ``DATABASE_URL`` (the size's database), ``DEBUG=0``, ``SECRET_KEY``,
``ALLOWED_HOSTS=testserver``, ``VAR_DIR=var/bench/var`` (``collectstatic`` output of ``make bench``).
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from bench.run import PAGES as BENCH_PAGES

ROOT = Path(__file__).resolve().parent.parent
PAGES = [name for _label, name, _who in BENCH_PAGES]
# Who asks: as make bench asks, but the executive for the pages an executive reads.
AS = {name: who for _label, name, who in BENCH_PAGES} | {"reports:dashboard": "executive", "reports:brief": "executive"}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", choices=["tiny", "province", "national"])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument(
        "--as",
        dest="who",
        default="",
        help="who asks for every page (admin, reviewer, executive); default: the executive for the dashboard "
        "and brief, the reviewer for the queue, the administrator for the rest (make bench asks as the "
        "administrator, the reviewer for the queue)",
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from bench import run

    built = json.loads((ROOT / "var" / "bench" / f"built-{args.size}.json").read_text())
    clients = run._clients(built)
    for page in args.pages.split(","):
        client = clients[args.who or AS.get(page, "admin")]
        url = run._page_url(page, built)
        for _ in range(3):
            run._consume(client.get(url))
        wall, cpu = [], []
        for _ in range(args.requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            run._consume(client.get(url))
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        print(
            f"{args.size:8s} {page:26s} wall median {statistics.median(wall):6.1f} min {min(wall):6.1f}"
            f"  cpu median {statistics.median(cpu):6.1f} min {min(cpu):6.1f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
