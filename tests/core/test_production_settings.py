"""The production settings pass Django's deployment checklist."""

import os
import secrets
import subprocess
import sys


def run_check(tmp_path, **extra_env):
    # The test run allows async-unsafe calls for the browser tests; production does not.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "SECCOOP_ENV": "production",
        "SECCOOP_SECRET_KEY": secrets.token_urlsafe(60),
        "SECCOOP_ALLOWED_HOSTS": "seccoop.example.mil",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        **extra_env,
    }
    return subprocess.run(
        [sys.executable, "-m", "seccoop.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_in_production_mode(tmp_path):
    result = run_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_check(tmp_path, SECCOOP_SECRET_KEY="")
    assert result.returncode != 0
    assert "SECCOOP_SECRET_KEY must be set in production" in result.stderr
