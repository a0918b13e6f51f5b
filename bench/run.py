"""``make bench``: build the province and national datasets on PostgreSQL, measure, print tables.

    python -m bench.run                      # both sizes, fresh databases, 20 requests per page
    python -m bench.run --sizes province --reuse --requests 30

The base ``DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/spbe_bench``) names the
databases: one per size, ``<name>_province`` and ``<name>_national``, dropped and rebuilt unless
``--reuse`` finds one already built. Measurements run in production configuration (``DEBUG=0``,
hashed static files after ``collectstatic``) in a child process per size, with
``django.test.Client`` in-process: the times are server times (URL routing, middleware, view,
queries, template) without a network. Results go to ``var/bench/results-<size>.json`` and the
tables to ``var/bench/results.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/spbe_bench"
SIZES = ("province", "national")

# The pages measured: (label, url name, who asks, how to build the URL from the dataset).
PAGES = [
    ("dashboard", "reports:dashboard", "admin"),
    ("review queue", "periods:review_queue", "reviewer"),
    ("unit page", "reports:unit_detail", "admin"),
    ("indicator page", "reports:indicator_detail", "admin"),
    ("brief", "reports:brief", "admin"),
    ("Excel export", "planning:export_xlsx", "admin"),
]


# --- the parent: databases, child processes, tables ---------------------------------------------


def size_url(base_url, size):
    parts = urlsplit(base_url)
    return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_{size}"))


def child_env(database_url):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY=env.get("BENCH_SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789abcdefghij"),
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        VAR_DIR=str(OUT / "var"),
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="spbe_portal.settings",
    )
    return env


def recreate_database(database_url):
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def run_child(args, env):
    command = [sys.executable, "-m", "bench.run", *args]
    subprocess.run(command, cwd=ROOT, env=env, check=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(SIZES), help="comma-separated: province,national (or tiny)")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page (at least 20)")
    parser.add_argument("--reuse", action="store_true", help="keep a database already built for a size")
    parser.add_argument("--child", choices=["build", "measure"], help=argparse.SUPPRESS)
    parser.add_argument("--size", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child_main(args)

    base_url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not base_url.startswith(("postgres://", "postgresql://")):
        sys.exit(f"make bench needs PostgreSQL: DATABASE_URL={base_url!r} is not a postgres:// URL.")
    OUT.mkdir(parents=True, exist_ok=True)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]

    print("== collectstatic (production static files: hashed names, compressed)", flush=True)
    env = child_env(size_url(base_url, sizes[0]))
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], cwd=ROOT, env=env, check=True
    )
    results = {}
    for size in sizes:
        url = size_url(base_url, size)
        env = child_env(url)
        built_file = OUT / f"built-{size}.json"
        if not (args.reuse and built_file.exists() and _database_exists(url)):
            print(f"== {size}: building the dataset in {urlsplit(url).path.lstrip('/')}", flush=True)
            recreate_database(url)
            run_child(["--child", "build", "--size", size], env)
        print(f"== {size}: measuring", flush=True)
        run_child(["--child", "measure", "--size", size, "--requests", str(args.requests)], env)
        results[size] = json.loads((OUT / f"results-{size}.json").read_text())
    report = render_report(results)
    (OUT / "results.md").write_text(report)
    print()
    print(report)
    print(f"(tables also in {OUT.relative_to(ROOT) / 'results.md'})")
    return 0


def _database_exists(database_url):
    import psycopg

    try:
        with psycopg.connect(database_url) as conn:
            return conn.execute("SELECT count(*) FROM evaluations_answer").fetchone()[0] > 0
    except psycopg.Error:
        return False


# --- the child: build ---------------------------------------------------------------------------------


def _setup_django():
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def child_main(args):
    _setup_django()
    if args.child == "build":
        return child_build(args.size)
    return child_measure(args.size, max(args.requests, 20))


def child_build(size):
    from dataclasses import asdict

    from django.core.management import call_command

    from bench import dataset

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter()
    built = dataset.build(size, progress=lambda message: print(f"   {message}", flush=True))
    loaded = time.perf_counter()
    dataset.analyze()
    info = asdict(built)
    info["size"] = asdict(built.size)
    info["seconds"] = {
        "migrate": migrated - started,
        "load": loaded - migrated,
        "analyze": time.perf_counter() - loaded,
    }
    (OUT / f"built-{size}.json").write_text(json.dumps(info, indent=1))
    print(f"   built in {loaded - migrated:.1f} s (migrate {migrated - started:.1f} s)", flush=True)
    return 0


# --- the child: measure -------------------------------------------------------------------------------


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def _consume(response):
    if getattr(response, "streaming", False):
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def _page_url(name, built):
    """The URL of one measured page on this dataset, or None when the page does not exist (yet).

    Report pages take the year and series (``?periode=2024&seri=verified``), the review queue the
    year alone (``?periode=2025``); the dashboard, unit, indicator and brief pages show the latest final year, the
    review queue the year in review (its submitted answers, paginated).
    """
    from django.urls import NoReverseMatch, reverse

    from indicators.models import Indicator

    periods = {int(year): pk for year, pk in built["period_ids"].items()}
    final_year = max(periods) - 2
    review_year = max(periods) - 1
    unit = built["unit_ids"][0]
    try:
        if name == "reports:dashboard":
            return reverse(name) + f"?periode={final_year}&seri=verified"
        if name == "periods:review_queue":
            return reverse(name) + f"?periode={review_year}"
        if name == "reports:unit_detail":
            return reverse(name, args=[unit]) + f"?periode={final_year}&seri=verified"
        if name == "reports:indicator_detail":
            indicator = Indicator.objects.get(framework_id=built["framework_id"], number=1)
            return reverse(name, args=[indicator.pk]) + f"?periode={final_year}"
        if name == "reports:brief":
            return reverse(name) + f"?periode={final_year}"
        if name == "planning:export_xlsx":
            return reverse(name, args=[periods[final_year]])
    except NoReverseMatch:
        return None
    return None


def _clients(built):
    from django.contrib.auth import get_user_model
    from django.test import Client

    users = get_user_model().objects.in_bulk([built["admin_id"], built["reviewer_id"], built["executive_id"]])
    clients = {}
    for who, key in (("admin", "admin_id"), ("reviewer", "reviewer_id"), ("executive", "executive_id")):
        client = Client()
        client.force_login(users[built[key]])
        clients[who] = client
    return clients


def measure_page(client, url, requests):
    from django.db import connection

    for _ in range(2):  # warm-up: template loading, first connection
        response = client.get(url)
        _consume(response)
    if response.status_code != 200:
        return {"status": response.status_code, "error": f"HTTP {response.status_code}"}
    queries = []

    def count(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append((time.perf_counter() - started) * 1000)

    with connection.execute_wrapper(count):
        response = client.get(url)
        size = _consume(response)
    times, cpu = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        _consume(response)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return {
        "status": response.status_code,
        "queries": len(queries),
        "sql_ms": sum(queries),  # time inside the database calls of the counted request
        "median_ms": statistics.median(times),
        "p95_ms": percentile(times, 0.95),
        "min_ms": min(times),
        # CPU time of this (the application's) process: what the load of other processes inflates
        # least; the database's own time is in sql_ms.
        "cpu_median_ms": statistics.median(cpu),
        "requests": requests,
        "bytes": size,
        "streaming": bool(getattr(response, "streaming", False)),
    }


def measure_export_memory(client, url):
    """Peak Python memory allocated while serving and consuming the export (tracemalloc)."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    before, _ = tracemalloc.get_traced_memory()
    started = time.perf_counter()
    response = client.get(url)
    size = _consume(response)
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"peak_bytes": peak - before, "bytes": size, "seconds_traced": seconds, "status": response.status_code}


def index_comparison(built, repeats=30):
    """The period index by the application vs one SQL aggregate, on the latest final period.

    Two shapes: the instansi's index (lead answers, 47 rows: ``series.period_scores``), and an
    index for every unit from its own answers (28,200 rows at national size), computed by the
    application as one ``values_list`` query then ``scoring.compute`` per unit, and by SQL as one
    ``SUM(level × weight) / 100 … GROUP BY unit``. The results must agree to the last digit.
    """
    from decimal import Decimal

    from django.db import connection

    from evaluations import series as scores
    from evaluations.models import Answer, Period
    from indicators import scoring

    periods = {int(year): pk for year, pk in built["period_ids"].items()}
    period_id = periods[max(periods) - 2]
    period = Period.objects.with_framework().get(pk=period_id)
    structure = period.framework.structure()
    weights = {spec.number: spec.weight for spec in structure.indicators}

    def timed(fn):
        fn()
        samples = []
        for _ in range(repeats):
            started = time.perf_counter()
            value = fn()
            samples.append((time.perf_counter() - started) * 1000)
        return value, statistics.median(samples)

    lead_sql = """
        SELECT SUM(a.verified_level * i.weight) / 100
        FROM evaluations_answer a JOIN indicators_indicator i ON i.id = a.indicator_id
        WHERE a.period_id = %s AND a.is_lead AND a.status = 'verified'
    """
    units_sql = """
        SELECT a.unit_id, SUM(a.verified_level * i.weight) / 100
        FROM evaluations_answer a JOIN indicators_indicator i ON i.id = a.indicator_id
        WHERE a.period_id = %s AND a.status = 'verified'
        GROUP BY a.unit_id
    """

    def sql_lead():
        with connection.cursor() as cursor:
            cursor.execute(lead_sql, [period_id])
            return cursor.fetchone()[0]

    def sql_units():
        with connection.cursor() as cursor:
            cursor.execute(units_sql, [period_id])
            return dict(cursor.fetchall())

    def app_lead():
        return scores.period_scores(period, "verified").index

    number_of = period.framework.cached_number_by_indicator_id()  # built by structure() above, as in scores

    def _unit_levels():
        by_unit = {}
        for unit_id, indicator_id, level in (
            Answer.objects.filter(period_id=period_id, status=Answer.Status.VERIFIED)
            .order_by()
            .values_list("unit_id", "indicator_id", "verified_level")
        ):
            by_unit.setdefault(unit_id, {})[number_of[indicator_id]] = level
        return by_unit

    def app_units_full():
        return {unit: scoring.compute(structure, levels).index for unit, levels in _unit_levels().items()}

    def app_units_index():
        return {
            unit: sum((level * weights[n] for n, level in levels.items()), Decimal(0)) / scoring.HUNDRED
            for unit, levels in _unit_levels().items()
        }

    sql_lead_value, sql_lead_ms = timed(sql_lead)
    app_lead_value, app_lead_ms = timed(app_lead)
    sql_units_value, sql_units_ms = timed(sql_units)
    app_full_value, app_full_ms = timed(app_units_full)
    app_index_value, app_index_ms = timed(app_units_index)
    agree = (
        Decimal(app_lead_value) == Decimal(sql_lead_value)
        and app_full_value == sql_units_value
        and app_index_value == sql_units_value
    )
    return {
        "period": max(periods) - 2,
        "units": len(sql_units_value),
        "rows": Answer.objects.filter(period_id=period_id).count(),
        "lead": {"sql_ms": sql_lead_ms, "app_ms": app_lead_ms, "ratio": app_lead_ms / sql_lead_ms},
        "units_full": {"sql_ms": sql_units_ms, "app_ms": app_full_ms, "ratio": app_full_ms / sql_units_ms},
        "units_index": {"sql_ms": sql_units_ms, "app_ms": app_index_ms, "ratio": app_index_ms / sql_units_ms},
        "agree": agree,
        "index": str(app_lead_value),
    }


def unit_progress_cost(built, repeats=10):
    """``progress.progress_by_unit`` alone on the latest final and the open period: queries, median
    time and peak Python memory (tracemalloc), which must not grow with the number of answers."""
    from django.db import connection

    from evaluations.models import Period
    from evaluations.reports.progress import progress_by_unit

    periods = {int(year): pk for year, pk in built["period_ids"].items()}
    out = {}
    for label, year in (("final", max(periods) - 2), ("open", max(periods))):
        period = Period.objects.with_framework().get(pk=periods[year])
        rows = progress_by_unit(period)
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            progress_by_unit(period)
        samples = []
        for _ in range(repeats):
            started = time.perf_counter()
            progress_by_unit(period)
            samples.append((time.perf_counter() - started) * 1000)
        tracemalloc.start()
        try:
            progress_by_unit(period)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        out[f"{label} {year}"] = {
            "units": len(rows),
            "queries": len(queries),
            "median_ms": statistics.median(samples),
            "peak_bytes": peak,
        }
    return out


STATIC_REF = re.compile(r"""(?:src|href)=["']([^"']*/static/[^"']+)["']""")
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")


def transfer_sizes(client, url):
    """Bytes a browser receives for the dashboard: HTML compressed by the proxy plus static assets.

    Assets are fetched through WhiteNoise as a browser would (``Accept-Encoding: gzip``), so their
    sizes are the precompressed files and their headers are production's. A repeat visit fetches
    the HTML again; an asset with a long ``max-age`` is not asked for at all.
    """
    response = client.get(url)
    html = response.content
    html_gz = len(gzip.compress(html, compresslevel=6))
    seen, assets, queue = set(), [], list(STATIC_REF.findall(html.decode()))
    while queue:
        path = urlsplit(queue.pop(0)).path
        if path in seen:
            continue
        seen.add(path)
        asset = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
        body = b"".join(asset.streaming_content) if getattr(asset, "streaming", False) else asset.content
        cache = asset.headers.get("Cache-Control", "")
        assets.append(
            {
                "path": path,
                "status": asset.status_code,
                "bytes": len(body),
                "encoding": asset.headers.get("Content-Encoding", ""),
                "cache_control": cache,
            }
        )
        if path.endswith(".css") and asset.headers.get("Content-Encoding") != "gzip":
            text = body.decode(errors="replace")
        elif path.endswith(".css"):
            text = gzip.decompress(body).decode(errors="replace")
        else:
            continue
        for ref in CSS_URL.findall(text):
            if not ref.startswith(("data:", "http:", "https:", "#")):
                queue.append(str(Path(path).parent / ref))
    long_cached = [a for a in assets if "max-age=31536000" in a["cache_control"] or "immutable" in a["cache_control"]]
    first = html_gz + sum(a["bytes"] for a in assets)
    repeat = html_gz + sum(a["bytes"] for a in assets if a not in long_cached)
    return {
        "html_bytes": len(html),
        "html_gzip_bytes": html_gz,
        "assets": assets,
        "first_visit_bytes": first,
        "repeat_visit_bytes": repeat,
        "all_assets_long_cached": len(long_cached) == len(assets),
    }


def child_measure(size, requests):
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)  # a reused database may be behind the code
    built = json.loads((OUT / f"built-{size}.json").read_text())
    clients = _clients(built)
    results = {
        "size": size,
        "built": {"counts": built["counts"], "seconds": built.get("seconds", {})},
        "pages": {},
        "machine": machine_info(connection),
        "debug": settings.DEBUG,
    }
    for label, name, who in PAGES:
        url = _page_url(name, built)
        if url is None:
            results["pages"][label] = {"error": f"{name} does not exist"}
            print(f"   {label:15s} missing ({name})", flush=True)
            continue
        try:
            page = measure_page(clients[who], url, requests)
        except Exception as exc:  # a broken page is a result to report, not a reason to stop
            page = {"error": f"{exc.__class__.__name__}: {exc}"[:300]}
        page["url"] = url
        results["pages"][label] = page
        print(f"   {label:15s} {json.dumps({k: v for k, v in page.items() if k != 'url'})}", flush=True)
        if name == "planning:export_xlsx" and "error" not in page:
            page["memory"] = measure_export_memory(clients[who], url)
            print(f"   export memory  {page['memory']}", flush=True)
    try:
        results["index"] = index_comparison(built)
        print(f"   index          {results['index']}", flush=True)
    except Exception as exc:
        results["index"] = {"error": f"{exc.__class__.__name__}: {exc}"[:300]}
    try:
        results["unit_progress"] = unit_progress_cost(built)
        print(f"   unit_progress  {results['unit_progress']}", flush=True)
    except Exception as exc:
        results["unit_progress"] = {"error": f"{exc.__class__.__name__}: {exc}"[:300]}
    dashboard = results["pages"].get("dashboard", {})
    if "url" in dashboard and "error" not in dashboard:
        results["transfer"] = transfer_sizes(clients["admin"], dashboard["url"])
    (OUT / f"results-{size}.json").write_text(json.dumps(results, indent=1, default=str))
    return 0


def machine_info(connection):
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) // 1024} MiB"
    except OSError:
        pass
    cpu = ""
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    return {
        "load_average": os.getloadavg(),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "postgresql": pg,
        "python": platform.python_version(),
    }


# --- tables ----------------------------------------------------------------------------------------------


def _kb(n):
    return f"{n / 1024:,.1f} KB"


def render_report(results):
    sizes = list(results)
    lines = []
    machine = results[sizes[0]]["machine"]
    lines.append(
        f"Machine: {machine['nproc']} CPU ({machine['cpu']}), {machine['memory']} RAM, "
        f"PostgreSQL {machine['postgresql']}, Python {machine['python']}; DEBUG={results[sizes[0]]['debug']}."
    )
    lines.append(
        "Load average (1, 5, 15 min) when each size's measuring began: "
        + "; ".join(f"{s} {', '.join(f'{x:.1f}' for x in results[s]['machine']['load_average'])}" for s in sizes)
        + "."
    )
    lines.append("")
    lines.append("### Datasets")
    lines.append("")
    lines.append("| size | units | answers | evidence | assignments | load time |")
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    for size in sizes:
        c = results[size]["built"]["counts"]
        seconds = results[size]["built"]["seconds"].get("load")
        load = f"{seconds:.0f} s" if seconds is not None else "(reused)"
        lines.append(
            f"| {size} | {c['units']:,} | {c['answers']:,} | {c['evidence']:,} | {c['assignments']:,} | {load} |"
        )
    lines.append("")
    lines.append("### Pages: queries and server time")
    lines.append("")
    header = "| page |" + "".join(f" queries ({s}) |" for s in sizes)
    header += "".join(f" median ms ({s}) | p95 ms ({s}) |" for s in sizes)
    lines.append(header)
    lines.append("| --- |" + " ---: |" * (len(sizes) * 3))
    for label, _name, _who in PAGES:
        row = f"| {label} |"
        cells_q, cells_t = [], []
        for size in sizes:
            page = results[size]["pages"].get(label, {})
            if "error" in page:
                cells_q.append(" n/a |")
                cells_t.append(f" {page['error'][:60]} | |")
            else:
                cells_q.append(f" {page['queries']} |")
                cells_t.append(f" {page['median_ms']:,.1f} | {page['p95_ms']:,.1f} |")
        lines.append(row + "".join(cells_q) + "".join(cells_t))
    requests = {p.get("requests") for s in sizes for p in results[s]["pages"].values() if "requests" in p}
    lines.append("")
    lines.append(f"Timed requests per page: {', '.join(str(r) for r in sorted(requests))} (after 2 warm-up requests).")
    lines.append("")
    lines.append("Where the time goes: time inside database calls and the size of the response (HTML before")
    lines.append("compression, or the file), in the one request whose queries were counted; the fastest of the")
    lines.append("timed requests; and the median CPU time of the application's process per request (Python:")
    lines.append("view, template, figures — what other processes on the machine inflate least).")
    lines.append("")
    lines.append(
        "| page |"
        + "".join(f" SQL ms ({s}) |" for s in sizes)
        + "".join(f" min ms ({s}) |" for s in sizes)
        + "".join(f" CPU ms ({s}) |" for s in sizes)
        + "".join(f" bytes ({s}) |" for s in sizes)
    )
    lines.append("| --- |" + " ---: |" * (len(sizes) * 4))
    for label, _name, _who in PAGES:
        pages = [results[size]["pages"].get(label, {}) for size in sizes]
        lines.append(
            f"| {label} |"
            + "".join(f" {p['sql_ms']:,.1f} |" if "sql_ms" in p else " n/a |" for p in pages)
            + "".join(f" {p['min_ms']:,.1f} |" if "min_ms" in p else " n/a |" for p in pages)
            + "".join(f" {p['cpu_median_ms']:,.1f} |" if "cpu_median_ms" in p else " n/a |" for p in pages)
            + "".join(f" {p['bytes']:,} |" if "bytes" in p else " n/a |" for p in pages)
        )
    lines.append("")
    lines.append("### Excel export")
    lines.append("")
    lines.append("| size | median s | p95 s | file size | peak Python memory (tracemalloc) | streamed |")
    lines.append("| --- | ---: | ---: | ---: | ---: | --- |")
    for size in sizes:
        page = results[size]["pages"].get("Excel export", {})
        if "error" in page:
            lines.append(f"| {size} | {page['error'][:60]} | | | | |")
            continue
        memory = page.get("memory", {})
        lines.append(
            f"| {size} | {page['median_ms'] / 1000:.2f} | {page['p95_ms'] / 1000:.2f} | {_kb(page['bytes'])} | "
            f"{_kb(memory.get('peak_bytes', 0))} | {'yes' if page.get('streaming') else 'no'} |"
        )
    lines.append("")
    lines.append("### Index: application vs one SQL aggregate (latest final period, verified series)")
    lines.append("")
    lines.append("| size | computation | rows | SQL ms | application ms | ratio |")
    lines.append("| --- | --- | ---: | ---: | ---: | ---: |")
    for size in sizes:
        index = results[size].get("index", {})
        if "error" in index:
            lines.append(f"| {size} | {index['error'][:80]} | | | | |")
            continue
        for key, label, rows in (
            ("lead", "instansi index (lead answers): `series.period_scores`", "47"),
            ("units_full", "index of every unit: 1 query + `scoring.compute` per unit", f"{index['rows']:,}"),
            ("units_index", "index of every unit: 1 query + Σ level×weight in Decimal", f"{index['rows']:,}"),
        ):
            part = index[key]
            lines.append(
                f"| {size} | {label} | {rows} | {part['sql_ms']:.2f} | {part['app_ms']:.2f} | {part['ratio']:.1f}× |"
            )
        lines.append(f"| {size} | results identical to SQL | | | | {'yes' if index['agree'] else '**NO**'} |")
    lines.append("")
    lines.append("### `progress.progress_by_unit` (dashboard, brief, Excel export): time and memory")
    lines.append("")
    lines.append("| size | year | units | queries | median ms | peak Python memory |")
    lines.append("| --- | --- | ---: | ---: | ---: | ---: |")
    for size in sizes:
        progress = results[size].get("unit_progress") or {}
        if "error" in progress:
            lines.append(f"| {size} | {progress['error'][:80]} | | | | |")
            continue
        for label, row in progress.items():
            lines.append(
                f"| {size} | {label} | {row['units']:,} | {row['queries']} | {row['median_ms']:.1f} | "
                f"{_kb(row['peak_bytes'])} |"
            )
    lines.append("")
    lines.append("### Dashboard transfer (production static files)")
    lines.append("")
    lines.append("| size | HTML (gzip) | assets (as served) | first visit | repeat visit | assets long-cached |")
    lines.append("| --- | ---: | ---: | ---: | ---: | --- |")
    for size in sizes:
        transfer = results[size].get("transfer")
        if not transfer:
            lines.append(f"| {size} | n/a | | | | |")
            continue
        assets = sum(a["bytes"] for a in transfer["assets"])
        lines.append(
            f"| {size} | {_kb(transfer['html_gzip_bytes'])} | {_kb(assets)} ({len(transfer['assets'])} files) | "
            f"{_kb(transfer['first_visit_bytes'])} | {_kb(transfer['repeat_visit_bytes'])} | "
            f"{'yes' if transfer['all_assets_long_cached'] else 'NO'} |"
        )
    transfer = next((results[s]["transfer"] for s in sizes if results[s].get("transfer")), None)
    if transfer:
        lines.append("")
        lines.append("| asset | bytes | encoding | Cache-Control |")
        lines.append("| --- | ---: | --- | --- |")
        for asset in transfer["assets"]:
            lines.append(
                f"| `{asset['path']}` | {asset['bytes']:,} | {asset['encoding'] or '-'} | {asset['cache_control']} |"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
