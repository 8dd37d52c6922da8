"""Load-test users: supervisors of the demo directorate signing in, browsing and rating.

Started by bench/load/run.py, which passes the accounts in LOAD_ACCOUNTS (a
JSON file) and collects, through LOAD_CONFIRMED, every rating the server
confirmed with a 201 and every rating it refused or never answered.
"""

import json
import os
import random
import re
import uuid

from locust import HttpUser, between, events, task

ACCOUNTS = json.loads(open(os.environ["LOAD_ACCOUNTS"]).read())  # noqa: SIM115
# evidence marker -> rating id, or None for a write the server did not confirm.
WRITES: dict[str, int | None] = {}
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@events.quitting.add_listener
def _save_writes(environment, **kwargs):
    with open(os.environ["LOAD_CONFIRMED"], "w") as stream:
        json.dump(WRITES, stream)


class Supervisor(HttpUser):
    """A supervisor who signs in through the consent form, reads the pages and rates the team."""

    wait_time = between(0.2, 1.0)

    def on_start(self):
        self.account = random.choice(ACCOUNTS["supervisors"])
        page = self.client.get("/sign-in/", name="/sign-in/")
        token = CSRF_FIELD.search(page.text).group(1)
        with self.client.post(
            "/sign-in/",
            data={
                "username": self.account["username"],
                "password": ACCOUNTS["password"],
                "consent": "on",
                "csrfmiddlewaretoken": token,
            },
            headers={"Referer": f"{self.host}/sign-in/"},
            name="/sign-in/ (post)",
            catch_response=True,
        ) as response:
            if "/sign-in/" in response.url:
                response.failure(f"sign-in refused for {self.account['username']}")

    def csrf_headers(self):
        return {
            "X-CSRFToken": self.client.cookies.get("csrftoken", ""),
            "Referer": f"{self.host}/",
        }

    @task(3)
    def dashboard(self):
        self.client.get("/", name="dashboard")

    @task(2)
    def people(self):
        self.client.get("/workforce/people/", name="people")

    @task(3)
    def person_page(self):
        person = random.choice(self.account["team"] or ACCOUNTS["people"])
        self.client.get(f"/workforce/people/{person}/", name="person page")

    @task(2)
    def heatmap(self):
        self.client.get("/workforce/heatmap/", name="heatmap")

    @task(1)
    def frameworks(self):
        self.client.get("/frameworks/", name="frameworks")

    @task(2)
    def api_people(self):
        self.client.get("/api/v1/people?limit=50", name="api people")

    @task(3)
    def rate_a_team_member(self):
        if not self.account["team"]:
            return
        marker = f"load-{uuid.uuid4()}"
        WRITES[marker] = None
        payload = {
            "person": random.choice(self.account["team"]),
            "code": random.choice(ACCOUNTS["codes"]),
            "level": random.choice(ACCOUNTS["levels"]),
            "source": "supervisor",
            "evidence": marker,
        }
        with self.client.post(
            "/api/v1/ratings",
            json=payload,
            headers=self.csrf_headers(),
            name="api rate",
            catch_response=True,
        ) as response:
            if response.status_code == 201:
                WRITES[marker] = response.json()["id"]
            else:
                response.failure(f"{response.status_code}: {response.text[:200]}")
