"""Contract fuzzing: schemathesis against a real gunicorn on PostgreSQL, seeded with the demo
company, driven by our own OpenAPI 3 document, once per role, with every check on.

The configuration (what is excluded, which statuses are business rules) is the project's
`schemathesis.toml`; this test starts the server, logs each role in, runs `st run` with a
bounded number of examples and asserts that schemathesis found nothing. `make fuzz` runs
the same with many more examples and the stateful phase (environment variables below).

- PTO_FUZZ_EXAMPLES: examples per operation and phase (default 10)
- PTO_FUZZ_PHASES: schemathesis phases for every role (default: examples,coverage,fuzzing for
  the admin, who reaches every operation, and examples,fuzzing for the others: the coverage
  phase's boundary and invalid values come from the document, not the role, and running
  them three times cost two of `make test`'s minutes)
- PTO_FUZZ_SEED: the seed (default a fixed one, so CI is reproducible; `random` for none)
- PTO_FUZZ_ROLES: which roles (default employee,manager,admin, in that order)
- PTO_FUZZ_SPEC: which document drives it (default openapi.json; or swagger.json)
"""

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field

import pytest
import requests

from server.config import PROJECT_ROOT
from server.tests.e2e.conftest import start_server, stop_server
from server.tests.helpers import live_login

pytestmark = pytest.mark.postgres

DEMO_PASSWORD = "pto-demo-password"
# The demo company's people (server/domain/demo_company.py), one per role. The admin runs
# last: it may deactivate or demote anyone but itself (see fuzz_hooks.py), so the others
# are done by then.
ROLES = {
    "employee": "ada@example.com",
    "manager": "maya@example.com",
    "admin": "admin@example.com",
}
SPARE = {"email": "fuzz-spare@example.com", "full_name": "Fuzz Spare", "password": "x" * 12}
EXAMPLES = int(os.environ.get("PTO_FUZZ_EXAMPLES") or 10)
PHASES = os.environ.get("PTO_FUZZ_PHASES")
ROLE_PHASES = {"admin": "examples,coverage,fuzzing"}
SEED = os.environ.get("PTO_FUZZ_SEED") or "20261201"
SPEC = os.environ.get("PTO_FUZZ_SPEC") or "openapi.json"
SELECTED = [r for r in (os.environ.get("PTO_FUZZ_ROLES") or ",".join(ROLES)).split(",") if r]


@pytest.fixture(scope="module")
def fuzz_server(live_database):
    """gunicorn on the demo company; tokens that outlive a long `make fuzz` run; sign-up
    open, so that POST /auth/register is fuzzed too."""
    server = start_server(
        live_database, workers=2, JWT_ACCESS_LIFESPAN_MINUTES="720", SIGNUP_OPEN="true"
    )
    try:
        seed = subprocess.run(
            [sys.executable, "manage.py", "seed"],
            cwd=PROJECT_ROOT,
            env={**server.env, "APP_ENV": "dev"},
            capture_output=True,
            text=True,
            check=False,
        )
        assert seed.returncode == 0, seed.stdout + seed.stderr
        yield server
    finally:
        stop_server(server)


def demo_token(server, email, password=DEMO_PASSWORD):
    answer = live_login(server, email, password)
    assert answer.status_code == 200, answer.text
    return answer.json()["access_token"]


def me(server, token):
    return requests.get(
        server.api("/auth/me"), headers={"Authorization": f"Bearer {token}"}, timeout=30
    )


@dataclass
class FuzzingUsers:
    tokens: dict = field(repr=False)  # kept out of pytest's report of a failure
    ids: dict
    spare_id: int


@pytest.fixture(scope="module")
def fuzzing_users(fuzz_server):
    """Each role's token and id, and a spare user that the admin run's deactivations and
    updates aimed at the fuzzing users hit instead."""
    tokens = {role: demo_token(fuzz_server, email) for role, email in ROLES.items()}
    ids = {role: me(fuzz_server, token).json()["id"] for role, token in tokens.items()}
    spare = requests.post(
        fuzz_server.api("/users"),
        json=SPARE,
        headers={"Authorization": f"Bearer {tokens['admin']}"},
        timeout=30,
    )
    assert spare.status_code == 201, spare.text
    return FuzzingUsers(tokens, ids, spare.json()["id"])


def phases_of(role):
    return PHASES or ROLE_PHASES.get(role, "examples,fuzzing")


def run_schemathesis(server, role, token, protected, spare_id, report_path):
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(PROJECT_ROOT / "schemathesis.toml"),
        "run",
        server.api(f"/{SPEC}"),
        "--max-examples",
        str(EXAMPLES),
        "--phases",
        phases_of(role),
        "--report",
        "json",
        "--report-json-path",
        str(report_path),
        "--workers",
        "1",
    ]
    if SEED != "random":
        command += ["--seed", SEED]
    env = {
        **os.environ,
        "PTO_FUZZ_TOKEN": token,
        # Only the admin can lock anyone out; the others' own edits stay what they are.
        "PTO_FUZZ_PROTECTED_USER_IDS": ",".join(map(str, protected)) if role == "admin" else "",
        "PTO_FUZZ_SPARE_USER_ID": str(spare_id),
        "NO_COLOR": "1",
    }
    started = time.monotonic()
    done = subprocess.run(
        command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=False
    )
    return done, time.monotonic() - started


def summary(role, report, seconds):
    cases = report["test_cases"]
    operations = report["operations"]
    accepted = sum(
        1
        for phases in report.get("valid_rates", {}).values()
        if any(counts.get("accepted") for counts in phases.values())
    )
    return (
        f"fuzz {role}: {cases['generated']} cases generated, "
        f"{operations['tested']}/{operations['total']} operations covered "
        f"({accepted} with an accepted request), {SPEC}, phases {phases_of(role)}, "
        f"{EXAMPLES} examples, seed {report.get('seed')}, {seconds:.0f} s"
    )


def failures_text(output):
    """The FAILURES section of schemathesis's output (enough to reproduce each one)."""
    start = output.find("FAILURES")
    text = output[start:] if start >= 0 else output
    return text[:20000]


@pytest.mark.parametrize("role", [r for r in ROLES if r in SELECTED])
def test_contract_holds_for(role, fuzz_server, fuzzing_users, tmp_path, record_property):
    tokens = fuzzing_users.tokens
    report_path = tmp_path / f"schemathesis-{role}.json"
    done, seconds = run_schemathesis(
        fuzz_server,
        role,
        tokens[role],
        fuzzing_users.ids.values(),
        fuzzing_users.spare_id,
        report_path,
    )
    output = done.stdout + done.stderr
    assert report_path.exists(), f"schemathesis wrote no report (exit {done.returncode}):\n{output}"
    report = json.loads(report_path.read_text())
    line = summary(role, report, seconds)
    record_property("measured", line)  # printed at the end (conftest.py)

    assert report["complete"], f"{line}\n{output[-5000:]}"
    assert report["errors"] == [], f"{line}\nerrors: {report['errors']}\n{output[-5000:]}"
    assert report["failures"] == [], (
        f"{line}\n{failures_text(output)}\nserver log:\n{fuzz_server.output()[-8000:]}"
    )
    assert done.returncode == 0, f"{line}\n{output[-5000:]}"
    # The run meant something: the fuzzing user was still themself at the end (a run whose
    # token stopped working would have seen nothing but 401s).
    still = me(fuzz_server, tokens[role])
    assert still.status_code == 200, still.text
    if role != "employee":
        assert role in still.json()["roles"], still.json()
