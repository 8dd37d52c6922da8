"""Run the performance suite on one database and record the figures in bench/results.json.

    .venv/bin/python -m bench.run [--people N] [--database sqlite|postgres] [--import-rows R]

Builds the synthetic enterprise into a fresh database at N people and at a
second size for the growth figures (N/4 by default, so the largest build is
N itself), measures every figure at both, and merges this database's results
into bench/results.json. PostgreSQL is reached at $BENCH_POSTGRES_URL (the
Makefile starts a throwaway server); its database is dropped and created anew.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results.json"
SQLITE_PATH = PROJECT_DIR / "data" / "bench.sqlite3"
POSTGRES_URL = "postgres://postgres@127.0.0.1:54339/seccoop_bench"
DEFAULT_PEOPLE = 25_000
DEFAULT_IMPORT_ROWS = 100_000


def _arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=DEFAULT_PEOPLE)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--import-rows",
        type=int,
        default=DEFAULT_IMPORT_ROWS,
        help="rows of the ratings import figure at N people (0 leaves it out)",
    )
    parser.add_argument(
        "--growth",
        choices=["down", "up", "off"],
        default="down",
        help="measure growth against N/4 people (down), 4N people (up) or not at all",
    )
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args(argv)


def _database_url(database: str) -> str:
    if database == "postgres":
        return os.environ.get("BENCH_POSTGRES_URL", POSTGRES_URL)
    return f"sqlite:///{os.environ.get('BENCH_SQLITE_PATH', SQLITE_PATH)}"


def _fresh_database(database: str) -> None:
    """Drop whatever the last build left and migrate an empty database."""
    from django.core.management import call_command
    from django.db import connections

    connections.close_all()
    if database == "postgres":
        import psycopg
        from django.conf import settings

        config = settings.DATABASES["default"]
        with psycopg.connect(
            host=config["HOST"],
            port=config["PORT"] or 5432,
            user=config["USER"],
            password=config["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        ) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{config["NAME"]}"')
    else:
        path = Path(_database_url("sqlite").removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    call_command("migrate", verbosity=0, interactive=False)


def _build(database: str, people: int, seed: int):
    from django.db import connection, connections

    from bench import generate

    _fresh_database(database)
    if connection.vendor == "sqlite":
        # A large page cache for the bulk load only; the figures run on a new
        # connection with the settings seccoop itself uses.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -1000000")
    started = time.perf_counter()
    enterprise = generate.build(people, seed=seed)
    enterprise.seconds["total"] = time.perf_counter() - started
    connections.close_all()
    return enterprise


def _measure(database: str, people: int, import_rows: int, seed: int) -> dict:
    from bench import figures

    enterprise = _build(database, people, seed)
    print(
        f"  {people:,} people: {enterprise.units:,} org units, {enterprise.ratings:,} ratings, "
        f"{enterprise.current_levels:,} current levels, {enterprise.engagements:,} "
        f"engagements, built in "
        f"{enterprise.seconds['total']:.0f} s",
        flush=True,
    )
    measured = figures.all_figures(enterprise, import_rows=import_rows, seed=seed)
    for figure in measured:
        print(
            f"    {figure.name:<16} {figure.subject_seconds:9.4f} s vs floor "
            f"{figure.floor_seconds:9.4f} s = {figure.ratio:7.2f}x "
            f"(target {figure.target}x: {'met' if figure.met else 'MISSED'}; "
            f"processor time {figure.cpu_ratio:.2f}x)",
            flush=True,
        )
    return {
        "people": people,
        "org_units": enterprise.units,
        "ratings": enterprise.ratings,
        "current_levels": enterprise.current_levels,
        "engagements": enterprise.engagements,
        "build_seconds": {k: round(v, 2) for k, v in enterprise.seconds.items()},
        "figures": [figure.as_dict() for figure in measured],
    }


def _growth(small: dict, large: dict) -> list[dict]:
    from bench.figures import GROWTH_TARGET

    by_name = {figure["name"]: figure for figure in small["figures"]}
    rows = []
    for figure in large["figures"]:
        before = by_name.get(figure["name"])
        if before is None:
            continue
        growth = figure["subject_seconds"] / before["subject_seconds"]
        rows.append(
            {
                "name": figure["name"],
                "people": [small["people"], large["people"]],
                "subject_growth": round(growth, 3),
                "floor_growth": round(figure["floor_seconds"] / before["floor_seconds"], 3),
                "target": GROWTH_TARGET,
                "met": growth <= GROWTH_TARGET,
            }
        )
    return rows


def _machine(database: str) -> dict:
    import django
    from django.db import connection

    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            memory_kb = int(line.split()[1])
    if database == "postgres":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
    else:
        version = f"SQLite {sqlite3.sqlite_version}"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": version,
    }


def main(argv=None) -> int:
    args = _arguments(sys.argv[1:] if argv is None else argv)
    os.environ["DATABASE_URL"] = _database_url(args.database)
    # Production-like: no query log, no debug pages.
    os.environ["SECCOOP_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seccoop.settings")
    import django

    django.setup()

    started = time.perf_counter()
    sizes = {"down": args.people // 4, "up": args.people * 4, "off": None}
    other = sizes[args.growth]
    print(f"bench on {args.database}:", flush=True)
    runs = {}
    for people in sorted([args.people] + ([other] if other else [])):
        rows = round(args.import_rows * people / args.people)
        runs[people] = _measure(args.database, people, rows, args.seed)
    result = {
        "machine": _machine(args.database),
        "people": args.people,
        "import_rows": args.import_rows,
        "seed": args.seed,
        "runs": list(runs.values()),
    }
    if other:
        small, large = (runs[min(runs)], runs[max(runs)])
        result["growth"] = _growth(small, large)
        for row in result["growth"]:
            print(
                f"    growth {row['name']:<16} x{row['subject_growth']:.2f} for 4x people "
                f"(floor x{row['floor_growth']:.2f}; target {row['target']}x: "
                f"{'met' if row['met'] else 'MISSED'})",
                flush=True,
            )
    result["seconds"] = round(time.perf_counter() - started, 1)
    print(f"  {args.database} done in {result['seconds']:.0f} s", flush=True)
    stored = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    stored[args.database] = result
    RESULTS.write_text(json.dumps(stored, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
