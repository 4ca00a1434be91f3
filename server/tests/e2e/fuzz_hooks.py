"""schemathesis hooks for the contract fuzzing (loaded through `hooks` in schemathesis.toml).

Fuzzing as an admin must not lock the fuzzing users out: once the admin who runs the
fuzzer deactivates themself or loses the admin role (possible as soon as the fuzzer has
made a second admin), every later call is a 401 and the rest of the run tests nothing.
So a deactivation or an update aimed at one of those users is aimed at a spare user
instead: the call is still made, with the generated body, only at another id.

`PTO_FUZZ_PROTECTED_USER_IDS` (comma-separated) and `PTO_FUZZ_SPARE_USER_ID` come from
server/tests/e2e/test_fuzz.py; without them nothing is changed.
"""

import os

import schemathesis

GUARDED = {("DELETE", "/users/{user_id}"), ("PATCH", "/users/{user_id}")}


def _protected_ids():
    raw = os.environ.get("PTO_FUZZ_PROTECTED_USER_IDS", "")
    return {part.strip() for part in raw.split(",") if part.strip()}


@schemathesis.hook
def before_call(context, case, kwargs):
    spare = os.environ.get("PTO_FUZZ_SPARE_USER_ID")
    if not spare or (case.method.upper(), case.operation.path) not in GUARDED:
        return
    user_id = (case.path_parameters or {}).get("user_id")
    # Only those very ids are redirected (a link may give them as text): a malformed id
    # (negative testing) stays as generated.
    if not isinstance(user_id, bool) and str(user_id) in _protected_ids():
        case.path_parameters["user_id"] = int(spare)
