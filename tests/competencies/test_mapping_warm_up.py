"""The suggestion model loads as an app server starts, not on the first person's request.

Each test starts a fresh Python process (the model is loaded once per process)
that imports the WSGI application as gunicorn and runserver do, and renders
the mapping page's model status there. Neither touches the database.
"""

import os
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.once_on_sqlite

SERVER_START = textwrap.dedent(
    """
    import time

    import seccoop.wsgi  # what an app server imports as it starts
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from seccoop.competencies import mapping

    def status():
        request = RequestFactory().get("/competencies/mapping/")
        return render_to_string(
            "competencies/mapping_model_state.html",
            {"model_state": mapping.model_state(), "request": request},
        )

    print(mapping.model_state())
    print(" ".join(status().split()))
    deadline = time.monotonic() + 300
    while mapping.model_state() == "loading" and time.monotonic() < deadline:
        time.sleep(0.5)
    print(mapping.model_state())
    print(" ".join(status().split()))
    """
)


def start_server(warm_up: str) -> list[str]:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "seccoop.settings",
        "SECCOOP_MAPPING_WARM_UP": warm_up,
    }
    finished = subprocess.run(
        [sys.executable, "-c", SERVER_START],
        env=environment,
        capture_output=True,
        text=True,
        timeout=360,
        check=True,
    )
    return finished.stdout.splitlines()


def test_a_starting_server_loads_the_model_while_the_page_says_so_and_asks_again():
    loading, while_loading, finally_, when_ready = start_server("true")
    assert loading == "loading"
    assert "The suggestion model is loading" in while_loading
    assert 'hx-trigger="every 2s"' in while_loading
    assert finally_ == "ready"
    assert "usa-alert" not in when_ready
    assert "hx-trigger" not in when_ready


def test_with_the_warm_up_off_the_page_warns_that_the_first_suggestions_are_slow():
    cold, status, *_ = start_server("false")
    assert cold == "cold"
    assert "The first suggestions take about 15 seconds" in status
    assert "hx-trigger" not in status
