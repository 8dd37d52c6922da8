"""`make load`: the demo directorate under load, on PostgreSQL behind gunicorn, on loopback.

Starts a throwaway PostgreSQL server, migrates, loads the demo, starts
gunicorn (3 workers) and runs locust headless for a bounded time with
supervisors who sign in, browse and rate their teams. Afterwards every rating
the server confirmed must be in the database, and no other one. Prints the
figures, and with --report writes them to a Markdown file.

    python bench/load/run.py --seconds 60 --users 20 --report docs/load-test.md
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PG_PORT = 54338
HOST, PORT = "127.0.0.1", 8765


def postgres(root: Path) -> tuple[str, callable]:
    """A PostgreSQL server in `root`, on loopback; returns its URL and how to stop it."""
    pgbin = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))[-1]
    shutil.chown(root, "postgres", "postgres")
    as_postgres = ["runuser", "-u", "postgres", "--"]
    data = root / "data"
    subprocess.run(
        [*as_postgres, pgbin / "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8"]
        + ["--locale=C.UTF-8", "--no-sync"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    options = (
        f"-c listen_addresses={HOST} -p {PG_PORT} -k {root} -c fsync=off -c max_connections=200"
    )
    subprocess.run(
        [*as_postgres, pgbin / "pg_ctl", "-D", data, "-l", root / "log", "-w", "-t", "30"]
        + ["-o", options, "start"],
        check=True,
        stdout=subprocess.DEVNULL,
    )

    def stop():
        subprocess.run(
            [*as_postgres, pgbin / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    return f"postgres://postgres@{HOST}:{PG_PORT}/seccoop", stop


def seccoop(env, *args):
    subprocess.run([BIN / "seccoop", *args], env=env, check=True, stdout=subprocess.DEVNULL)


def accounts(path: Path) -> None:
    """The supervisors of the demo, each with the people who report to them."""
    import django

    django.setup()
    from seccoop.competencies.models import Framework
    from seccoop.workforce.demo import DEMO_PASSWORD
    from seccoop.workforce.models import Person, Position

    framework = Framework.objects.get(slug="dod-security-cooperation")
    team: dict[int, list[int]] = {}
    for lead_id, person_id in Position.objects.filter(
        reports_to__incumbent__user__isnull=False, incumbent__isnull=False
    ).values_list("reports_to_id", "incumbent_id"):
        team.setdefault(lead_id, []).append(person_id)
    supervisors = [
        {"username": username, "team": team[position_id]}
        for position_id, username in Position.objects.filter(pk__in=team).values_list(
            "pk", "incumbent__user__username"
        )
    ]
    path.write_text(
        json.dumps(
            {
                "password": DEMO_PASSWORD,
                "supervisors": supervisors,
                "people": list(Person.objects.values_list("pk", flat=True)[:500]),
                "codes": list(
                    framework.competencies.filter(parent__isnull=False).values_list(
                        "code", flat=True
                    )
                ),
                "levels": list(framework.scale.levels.values_list("value", flat=True)),
            }
        )
    )


def check_writes(confirmed_path: Path) -> tuple[int, int, list[str]]:
    """Every confirmed rating stored, and no rating the server did not confirm."""
    from seccoop.workforce.models import Rating

    writes = json.loads(confirmed_path.read_text())
    confirmed = {marker: pk for marker, pk in writes.items() if pk is not None}
    stored = dict(Rating.objects.filter(evidence__startswith="load-").values_list("evidence", "pk"))
    problems = [
        f"confirmed rating {pk} ({m}) is missing"
        for m, pk in confirmed.items()
        if stored.get(m) != pk
    ]
    problems += [
        f"rating {pk} ({m}) was stored but never confirmed"
        for m, pk in stored.items()
        if m not in confirmed
    ]
    return len(confirmed), len(writes) - len(confirmed), problems


def machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    memory = next(
        (
            int(line.split()[1]) // 1024 // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    system = f"{platform.system()} {platform.release()}"
    return f"{model}, {os.cpu_count()} cores, {memory} GiB memory, {system}"


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("LOAD_SECONDS", 60)))
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOAD_USERS", 20)))
    parser.add_argument("--report", type=Path, help="Write the figures to this Markdown file.")
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="seccoop-load."))
    stop_postgres = gunicorn = None
    try:
        database_url, stop_postgres = postgres(work)
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "SECCOOP_"))},
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "seccoop.settings",
            "SECCOOP_DEBUG": "false",
            "SECCOOP_ALLOWED_HOSTS": HOST,
            "SECCOOP_DB_CONN_MAX_AGE": "60",
            "SECCOOP_LOG_LEVEL": "ERROR",
            # Steady state is measured: no worker loads the suggestion model as it starts.
            "SECCOOP_MAPPING_WARM_UP": "false",
        }
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                "createdb",
                "-h",
                HOST,
                "-p",
                str(PG_PORT),
                "seccoop",
            ],
            check=True,
        )
        print("Migrating and loading the demo directorate...", flush=True)
        seccoop(env, "migrate", "--no-input")
        seccoop(env, "load-demo")
        os.environ.update(env)
        accounts(work / "accounts.json")

        gunicorn = subprocess.Popen(
            [BIN / "gunicorn", "-c", ROOT / "src/seccoop/gunicorn.conf.py"],
            env={
                **env,
                "SECCOOP_WORKERS": "3",
                "SECCOOP_BIND": f"{HOST}:{PORT}",
                "SECCOOP_ACCESS_LOG": str(work / "access.log"),
            },
            stdout=open(work / "gunicorn.log", "w"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )
        wait_for(f"http://{HOST}:{PORT}/sign-in/")
        print(f"Running {options.users} users for {options.seconds} s...", flush=True)
        subprocess.run(
            [
                BIN / "locust",
                "-f",
                ROOT / "bench/load/locustfile.py",
                "--headless",
                "-u",
                str(options.users),
                "-r",
                str(max(1, options.users // 10)),
                "-t",
                f"{options.seconds}s",
                "--host",
                f"http://{HOST}:{PORT}",
                "--csv",
                work / "load",
                "--only-summary",
                "--stop-timeout",
                "10",
            ],
            env={
                **env,
                "LOAD_ACCOUNTS": str(work / "accounts.json"),
                "LOAD_CONFIRMED": str(work / "confirmed.json"),
            },
            check=False,
            stdout=open(work / "locust.log", "w"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
        gunicorn = None

        with open(work / "load_stats.csv") as stream:
            rows = list(csv.DictReader(stream))
        total = next(row for row in rows if row["Name"] == "Aggregated")
        confirmed, unconfirmed, problems = check_writes(work / "confirmed.json")
        failures = int(total["Failure Count"])
        figures = {
            "requests": int(total["Request Count"]),
            "failures": failures,
            "rps": float(total["Requests/s"]),
            "p50": total["50%"],
            "p95": total["95%"],
            "p99": total["99%"],
            "confirmed": confirmed,
            "unconfirmed": unconfirmed,
        }
        summary = (
            f"{figures['requests']:,} requests, {failures} failed, "
            f"{figures['rps']:.1f} requests/s; "
            f"latency p50 {figures['p50']} ms, p95 {figures['p95']} ms, p99 {figures['p99']} ms; "
            f"{confirmed} ratings confirmed and all stored, {unconfirmed} not confirmed"
        )
        for row in rows:
            print(f"  {row['Name']:<20} {row['Request Count']:>6} requests, median {row['50%']} ms")
        print(summary)
        for problem in problems:
            print("WRITE CHECK FAILED:", problem)
        if failures:
            # The server's own account of each failure, for whoever reads the run.
            print((work / "locust.log").read_text()[-3000:])
            print((work / "gunicorn.log").read_text()[-6000:])
        if options.report:
            write_report(options, figures, rows, problems)
            print(f"Wrote {options.report}.")
        # A lost or invented write fails the run; a refused request is reported above.
        return 0 if not problems and confirmed > 0 else 1
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        if stop_postgres is not None:
            stop_postgres()
        shutil.rmtree(work, ignore_errors=True)


def write_report(options, figures, rows, problems) -> None:
    stored = "all found in the database" if not problems else "SOME MISSING, see below"
    absent = "none found in the database" if not problems else "see below"
    lines = [
        "# Load test",
        "",
        "`make load` (LOAD_SECONDS, LOAD_USERS) runs the demo directorate on a throwaway",
        "PostgreSQL server behind gunicorn with 3 workers on loopback, and locust users who",
        "sign in through the consent form, browse the dashboard, people, person pages, heatmap",
        "and frameworks, call the API and rate their team members through it. Afterwards every",
        "rating the server confirmed is looked up in the database, and every rating in the",
        "database is checked to be one the server confirmed.",
        "",
        f"Run on {datetime.date.today().isoformat()}: "
        f"{options.users} users for {options.seconds} s,",
        f"client and server on one machine ({machine()}).",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| requests | {figures['requests']:,} |",
        f"| failed requests | {figures['failures']} |",
        f"| requests per second | {figures['rps']:.1f} |",
        f"| latency p50 / p95 / p99 | {figures['p50']} / {figures['p95']} / {figures['p99']} ms |",
        f"| ratings confirmed (201) | {figures['confirmed']} ({stored}) |",
        f"| ratings not confirmed | {figures['unconfirmed']} ({absent}) |",
        "",
        "| request | count | median ms | p95 ms | p99 ms |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        if row["Name"] != "Aggregated":
            lines.append(
                f"| {row['Type']} {row['Name']} | {row['Request Count']} | {row['50%']} | "
                f"{row['95%']} | {row['99%']} |"
            )
    lines += [f"- {problem}" for problem in problems]
    lines += [
        "",
        "The load generator shares the machine's cores with the server and the database,",
        "so these figures are a floor for one machine, not a capacity plan.",
        "",
    ]
    options.report.write_text("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
