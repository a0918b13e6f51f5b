"""``make lighthouse``: Lighthouse on the pages people open most, against gunicorn in production configuration.

Steps: (1) a fresh SQLite database under ``var/lighthouse/site/`` with migrations and
``setup_portal`` (the shipped frameworks and the demo data); (2) ``collectstatic`` with
``DEBUG=0`` (hashed, precompressed files, as production serves them); (3) gunicorn with
``DEBUG=0`` on ``127.0.0.1``; (4) for each role, a session obtained through the login form, passed
to Lighthouse as a ``Cookie`` header (``--extra-headers``); (5) Lighthouse (installed by the make
target into ``var/lighthouse/node_modules``, default mobile profile, simulated throttling) with
Debian's chromium, ``--runs`` times per page; the median of each figure is printed as a Markdown
table and written to ``var/lighthouse/results.md`` (raw reports in ``var/lighthouse/reports/``).

Needs node and the Lighthouse package: ``make lighthouse`` installs it. Nothing here reaches the
internet: Lighthouse is told which chromium to use and the portal is on loopback.
"""

import argparse
import gzip
import http.cookiejar
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

from bench import gunicorn

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "var" / "lighthouse"
SITE = OUT / "site"
LIGHTHOUSE = OUT / "node_modules" / ".bin" / "lighthouse"
HOST = "127.0.0.1"
CHROMIUM = os.environ.get("SPBE_CHROMIUM", "/usr/bin/chromium")
DEMO_PASSWORD = "demo-spbe"

# (label, path or a key resolved after setup, demo account)
PAGES = [
    ("dashboard", "/laporan/", "pimpinan"),
    ("brief", "/laporan/ringkasan-gubernur/", "pimpinan"),
    ("what-if", "/rencana/simulasi/", "pimpinan"),
    ("unit page", "unit", "pimpinan"),
    ("indicator page", "indicator", "pimpinan"),
    ("officer work list", "/evaluasi/daftar-kerja/", "op-diskominfo"),
    ("review queue", "/periode/antrean-reviu/", "reviewer"),
]

# Resolved inside Django: the demo's main unit and indicator 1 of the latest period's framework.
RESOLVE = """
from django.urls import reverse
from evaluations.models import Period
from skpd.models import Unit
period = Period.objects.order_by("-year").first()
unit = Unit.objects.get(code="DISKOMINFO")
indicator = period.framework.indicators.get(number=1)
print(reverse("reports:unit_detail", args=[unit.pk]))
print(reverse("reports:indicator_detail", args=[indicator.pk]))
"""


def site_env(*, debug):
    env = dict(os.environ)
    env.update(
        {
            "DEBUG": "1" if debug else "0",
            "SECRET_KEY": "lighthouse-" + "x" * 50,
            "ALLOWED_HOSTS": HOST,
            "VAR_DIR": str(SITE),
            "DATABASE_URL": f"sqlite:///{SITE / 'portal.sqlite3'}",
            # Plain http on loopback: secure cookies would never come back from the browser.
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
        }
    )
    env.pop("CACHE_URL", None)
    return env


def manage(*args, debug=False, capture=False):
    command = [sys.executable, "manage.py", *args]
    result = subprocess.run(command, cwd=ROOT, env=site_env(debug=debug), check=True, capture_output=capture, text=True)
    return result.stdout


def prepare_site():
    """A fresh database with the demo data, and production's static files."""
    if SITE.exists():
        shutil.rmtree(SITE)
    SITE.mkdir(parents=True)
    manage("migrate", "--noinput", "--verbosity", "0")
    manage("setup_portal", debug=True)  # seed_demo refuses to run with DEBUG off
    manage("collectstatic", "--noinput", "--verbosity", "0")
    unit_path, indicator_path = manage("shell", "--no-imports", "-c", RESOLVE, capture=True).split()[-2:]
    return {"unit": unit_path, "indicator": indicator_path}


def start_gunicorn(port):
    return gunicorn.start(port, env=site_env(debug=False), cwd=ROOT, log_path=OUT / "gunicorn.log")


stop_gunicorn = gunicorn.stop


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def session_cookie(base, username):
    """Sign in through the login form, as a browser would; return the Cookie header value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
    with opener.open(f"{base}/masuk/") as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(f"{base}/masuk/", data=data, headers={"Referer": f"{base}/masuk/"})
    try:
        opener.open(request)
    except urllib.error.HTTPError as error:  # the 302 after a successful login, not followed
        if error.code != 302:
            raise
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise RuntimeError(f"could not sign in as {username}")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def run_lighthouse(url, cookie, target):
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--only-categories=performance",
        "--output=json",
        f"--output-path={target}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
        "--extra-headers",
        json.dumps({"Cookie": cookie}),
    ]
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    # On a loaded machine Lighthouse now and then loses its trace (NO_NAVSTART): run it again.
    for attempt in range(3):
        try:
            subprocess.run(command, check=True, env=env, timeout=300)
            break
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            if attempt == 2:
                raise
            print(f"   (Lighthouse failed on {url}; running it again)", flush=True)
    report = json.loads(Path(target).read_text())
    audits = report["audits"]
    # gunicorn sends HTML uncompressed; production's nginx gzips it (docs/deployment.md). The page's
    # own HTML, fetched again with the same session, gzipped at nginx's level 1 and 6 for comparison.
    requests = audits["network-requests"]["details"]["items"]
    document = next(r for r in requests if r.get("resourceType") == "Document")
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookie})) as response:
        html = response.read()
    headers = max(0, document["transferSize"] - document["resourceSize"])
    html_gzip = len(gzip.compress(html, compresslevel=6)) + headers
    return {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "transfer_bytes": audits["total-byte-weight"]["numericValue"],
        "transfer_nginx_bytes": audits["total-byte-weight"]["numericValue"] - document["transferSize"] + html_gzip,
        "final_url": report.get("finalDisplayedUrl") or report.get("finalUrl"),
    }


def render(rows, runs):
    lines = [
        f"Lighthouse 12.2.3, mobile profile, simulated throttling; median of {runs} runs per page.",
        "",
        "Transfer: every byte Lighthouse saw (HTML uncompressed, as gunicorn sends it), and the same with",
        "the HTML gzipped (level 6) as production's nginx sends it; static files as WhiteNoise serves them.",
        "",
        "| page | path | performance | LCP | TBT | CLS | transfer | transfer, HTML gzip | runs (performance) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        lines.append(
            f"| {row['label']} | `{row['path']}` | {row['performance']:.0f} | {row['lcp_ms'] / 1000:.1f} s "
            f"| {row['tbt_ms']:,.0f} ms | {row['cls']:.3f} | {row['transfer_bytes']:,.0f} B "
            f"| {row['transfer_nginx_bytes']:,.0f} B "
            f"| {', '.join(str(r['performance']) for r in row['runs'])} |"
        )
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (the median is reported)")
    parser.add_argument("--port", type=int, default=8111)
    parser.add_argument("--only", default="", help="comma-separated page labels to measure (default: all)")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        sys.exit(f"Lighthouse is not installed at {LIGHTHOUSE}: run `make lighthouse`.")
    if not Path(CHROMIUM).exists():
        sys.exit(f"chromium not found at {CHROMIUM} (apt-get install chromium, or set SPBE_CHROMIUM).")
    OUT.mkdir(parents=True, exist_ok=True)
    reports = OUT / "reports"
    reports.mkdir(exist_ok=True)
    print("== preparing a fresh database with the demo data, collectstatic", flush=True)
    resolved = prepare_site()
    server = start_gunicorn(args.port)
    base = f"http://{HOST}:{args.port}"
    only = {label.strip() for label in args.only.split(",") if label.strip()}
    rows = []
    try:
        cookies = {}
        for label, path, user in PAGES:
            if only and label not in only:
                continue
            path = resolved.get(path, path)
            if user not in cookies:
                cookies[user] = session_cookie(base, user)
            results = []
            for run in range(1, args.runs + 1):
                target = reports / f"{label.replace(' ', '-')}-{run}.json"
                result = run_lighthouse(base + path, cookies[user], target)
                if urllib.parse.urlsplit(result["final_url"] or "").path != urllib.parse.urlsplit(path).path:
                    raise RuntimeError(f"{label}: Lighthouse ended on {result['final_url']}, not {path}")
                print(
                    f"   {label} run {run}: performance {result['performance']}, LCP {result['lcp_ms']:.0f} ms, "
                    f"TBT {result['tbt_ms']:.0f} ms, CLS {result['cls']:.3f}, {result['transfer_bytes']:,.0f} B "
                    f"({result['transfer_nginx_bytes']:,.0f} B with the HTML gzipped)",
                    flush=True,
                )
                results.append(result)
            row = {"label": label, "path": path, "user": user, "runs": results}
            for key in ("performance", "lcp_ms", "tbt_ms", "cls", "transfer_bytes", "transfer_nginx_bytes"):
                row[key] = statistics.median(r[key] for r in results)
            rows.append(row)
    finally:
        stop_gunicorn(server)
    table = render(rows, args.runs)
    load = os.getloadavg()
    table += f"\nLoad average at the end: {load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f}.\n"
    print()
    print(table)
    (OUT / "results.md").write_text(table)
    (OUT / "results.json").write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
