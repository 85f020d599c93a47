#!/usr/bin/env python
"""Lighthouse scores (mobile) of every public page type, against production settings.

    .venv/bin/python bench/lighthouse.py            # about 2 minutes
    .venv/bin/python bench/lighthouse.py --help

Builds a fresh site in a temporary folder (SQLite unless DATABASE_URL is given:
migrate, demo content whose Site points at the server's port so that canonical
URLs match, collectstatic), starts gunicorn with production settings on
127.0.0.1, and runs Lighthouse with its default mobile preset (simulated slow 4G
and 4x CPU slowdown) on each page, in Debian's Chromium. Prints the four
category scores per page and every audit that keeps a category below 100.
Lighthouse is installed with npm into a cache folder outside the repository the
first time. JSON reports go to bench/results/ (ignored by git).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.servers import (  # noqa: E402
    Gunicorn,
    ServerError,
    collect_static,
    free_port,
    manage,
    prepare_site,
    production_env,
)

# The demo has no event (none is in the facts): one is made for the measurement only,
# in the bench's throwaway database, so that the event page type is scored too.
ADD_MEASUREMENT_EVENT = """
import datetime
from django.utils import timezone
from events.models import EventIndexPage, EventPage
start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=30)
event = EventPage(
    title="Réunion d'information (page de mesure)",
    slug="evenement-de-mesure",
    summary="Un événement créé pour mesurer la page, absent du contenu de démonstration.",
    start=start,
    end=start + datetime.timedelta(hours=2),
    address="Adresse de mesure",
)
EventIndexPage.objects.get().add_child(instance=event)
event.save_revision().publish()
"""

PAGES = {
    "home": "/",
    "mission": "/qui-sommes-nous/le-projet/",
    "history": "/qui-sommes-nous/histoire/",
    "cooperative": "/ecosysteme/grandsensemble/",
    "index": "/index-egalite/",
    "news index": "/actualites/",
    "news": "/actualites/index-egalite-2023/",
    "agenda": "/agenda/",
    "event": "/agenda/evenement-de-mesure/",
    "join": "/nous-rejoindre/",
    "documents": "/documents-publics/",
    "contact": "/contact/",
}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
LIGHTHOUSE_VERSION = "12"
# Without the background-networking flag Chromium tries to reach Google's servers,
# which a closed network refuses (and which has nothing to do with the site).
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")


def lighthouse_cli(folder, install):
    cli = folder / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.exists():
        if not install:
            sys.exit(f"Lighthouse is not installed in {folder} (run without --no-install)")
        if not shutil.which("npm"):
            sys.exit("npm is needed to install Lighthouse (apt-get install nodejs npm)")
        print(f"... npm install lighthouse@{LIGHTHOUSE_VERSION} into {folder}", flush=True)
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(folder), f"lighthouse@{LIGHTHOUSE_VERSION}"],
            check=True,
        )
    return cli


def run_lighthouse(cli, url, report_path, chrome_path):
    command = [
        "node",
        str(cli),
        url,
        "--output=json",
        f"--output-path={report_path}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
    ]
    subprocess.run(command, check=True, timeout=240, env={**os.environ, "CHROME_PATH": chrome_path})
    return json.loads(report_path.read_text())


def scores(report):
    return {
        category: round(report["categories"][category]["score"] * 100)
        for category in CATEGORIES
        if report["categories"].get(category, {}).get("score") is not None
    }


def failing_audits(report, category):
    """Audits that cost the category points, worst first."""
    audits = report["audits"]
    failing = []
    for reference in report["categories"][category]["auditRefs"]:
        audit = audits[reference["id"]]
        if audit.get("scoreDisplayMode") in {"notApplicable", "informative", "manual"}:
            continue
        if audit.get("score") is not None and audit["score"] < 1 and reference["weight"] > 0:
            failing.append((audit["score"], reference["id"], audit))
    failing.sort(key=lambda item: item[0])
    return [
        f"{identifier} ({round(score * 100)}): {audit['title']}"
        + (f" [{audit['displayValue']}]" if audit.get("displayValue") else "")
        for score, identifier, audit in failing
    ]


def metrics(report):
    audits = report["audits"]
    wanted = {
        "first-contentful-paint": "FCP",
        "largest-contentful-paint": "LCP",
        "total-blocking-time": "TBT",
        "cumulative-layout-shift": "CLS",
        "speed-index": "SI",
    }
    return ", ".join(
        f"{label} {audits[key].get('displayValue', '?')}"
        for key, label in wanted.items()
        if key in audits
    )


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--lighthouse-dir",
        type=Path,
        default=Path(os.environ.get("LIGHTHOUSE_DIR") or DEFAULT_CACHE / "smart-site-lighthouse"),
        help="where Lighthouse is (or gets) installed with npm; LIGHTHOUSE_DIR also works",
    )
    parser.add_argument("--no-install", action="store_true", help="never run npm")
    parser.add_argument(
        "--chrome", default=os.environ.get("CHROME_PATH", "/usr/bin/chromium"), help="browser"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help="an existing database (default: DATABASE_URL, else a new SQLite file)",
    )
    parser.add_argument(
        "--output-dir", type=Path, default=REPO / "bench" / "results", help="JSON reports"
    )
    parser.add_argument("--page", action="append", choices=sorted(PAGES), help="only these")
    parser.add_argument(
        "--min-score", type=int, help="exit 2 when any score is below this (e.g. 100)"
    )
    return parser.parse_args()


def main():
    args = parse_args()
    if not os.access(args.chrome, os.X_OK):
        sys.exit(f"No browser at {args.chrome} (apt-get install chromium, or set CHROME_PATH)")
    if not shutil.which("node"):
        sys.exit("Node.js is needed to run Lighthouse")
    cli = lighthouse_cli(args.lighthouse_dir, install=not args.no_install)
    version = json.loads((cli.parent.parent / "package.json").read_text())["version"]
    pages = {name: PAGES[name] for name in args.page} if args.page else PAGES
    args.output_dir.mkdir(parents=True, exist_ok=True)

    folder = Path(tempfile.mkdtemp(prefix="smart-lighthouse-"))
    results = {}
    try:
        port = free_port()
        env = production_env(
            args.database_url or f"sqlite:///{folder / 'lighthouse.sqlite3'}",
            static_root=folder / "static",
            media_root=folder / "media",
            # Canonical and og:url are built from the Wagtail Site's address.
            DEMO_SITE_HOSTNAME="127.0.0.1",
            DEMO_SITE_PORT=port,
        )
        print("... migrate, load_demo_content, collectstatic", flush=True)
        prepare_site(env)
        manage(env, "shell", "-c", ADD_MEASUREMENT_EVENT)
        collect_static(folder / "static", env)
        with Gunicorn(env, port=port, log_path=folder / "gunicorn.log") as server:
            for name, path in pages.items():
                print(f"... lighthouse {version} {path}", flush=True)
                results[name] = run_lighthouse(
                    cli,
                    f"{server.url}{path}",
                    args.output_dir / f"lighthouse-{name}.json",
                    args.chrome,
                )
    except (ServerError, subprocess.SubprocessError) as error:
        print(f"\nFAILED: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    print(f"\nLighthouse {version}, mobile preset, {args.chrome}")
    print(f"{'page':<12} {'path':<30} " + " ".join(f"{c:>14}" for c in CATEGORIES))
    lowest = 100
    for name, report in results.items():
        page_scores = scores(report)
        lowest = min(lowest, *page_scores.values())
        print(
            f"{name:<12} {pages[name]:<30} "
            + " ".join(f"{page_scores.get(c, '-'):>14}" for c in CATEGORIES)
        )
    for name, report in results.items():
        print(f"\n{name}: {metrics(report)}")
        for category, score in scores(report).items():
            if score < 100:
                for line in failing_audits(report, category):
                    print(f"  {category}: {line}")
        for warning in report.get("runWarnings", []):
            print(f"  warning: {warning}")
    print(f"\nreports: {args.output_dir}")
    if args.min_score is not None and lowest < args.min_score:
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
