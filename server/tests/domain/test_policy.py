"""A policy version's body: what it may say, field by field (B-R3), and the California
guard (B15)."""

import pytest

from server.domain.policy import problems

BODY = {
    "leave_year": {"basis": "fixed_date", "start": "01-01"},
    "entitlement": {
        "amount": 25,
        "basis_days_per_week": 5,
        "max_amount": None,
        "levels": [{"after": "P0D", "amount": 25}, {"after": "P5Y", "amount": 26}],
        "level_transition": "next_leave_year",
    },
    "accrual": {"method": "front_loaded", "timing": "start", "first_period": "full_months_only"},
    "rounding": {"step": 0.5, "mode": "half_up"},
    "waiting": {"accrual_days": 0, "usage_days": 0},
    "carryover": {"max": 5, "expires": {"on": "03-31"}},
    "negative": {"allowed": False, "max": 0},
}


def changed(path, value):
    """BODY with the field at dotted `path` set to `value`."""
    body = {k: dict(v) if isinstance(v, dict) else v for k, v in BODY.items()}
    *parents, name = path.split(".")
    target = body
    for parent in parents:
        target = target.setdefault(parent, {})
    target[name] = value
    return body


def test_the_example_version_is_fine():
    assert problems(BODY) == {}
    assert problems({"entitlement": {"amount": 20}}) == {}  # everything else has a default


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("leave_year.start", "02-29"),
        ("leave_year.basis", "fiscal"),
        ("entitlement.amount", -1),
        ("entitlement.amount", "lots"),
        ("entitlement.amount", None),
        ("entitlement.basis_days_per_week", 8),
        ("entitlement.level_transition", "sometimes"),
        ("accrual.method", "daily"),
        ("accrual.timing", "middle"),
        ("accrual.first_period", "always"),
        ("accrual.cap_balance", -5),
        ("rounding.step", 0),
        ("rounding.mode", "banker"),
        ("waiting.usage_days", -1),
        ("waiting.accrual_days", 1.5),
        ("carryover.max", "five"),
    ],
)
def test_a_field_that_cannot_be_is_named_by_its_path(path, value):
    assert list(problems(changed(path, value))) == [path]


def test_a_level_after_a_duration_that_is_none_is_named_with_its_index():
    body = changed(
        "entitlement.levels", [{"after": "P0D", "amount": 25}, {"after": "5 years", "amount": 26}]
    )
    assert list(problems(body)) == ["entitlement.levels[1].after"]


def test_periodic_needs_a_frequency_and_per_hour_a_rate():
    assert list(problems(changed("accrual", {"method": "periodic"}))) == ["accrual.frequency"]
    assert problems(changed("accrual", {"method": "periodic", "frequency": "biweekly"})) == {}
    assert list(problems(changed("accrual", {"method": "per_hour_worked"}))) == ["accrual.rate"]
    per_hour = {"method": "per_hour_worked", "rate": {"percent": 12.07}}
    assert problems(changed("accrual", per_hour)) == {}


def test_b15_california_leave_never_lapses_so_a_cap_or_expiry_is_refused():
    california = {**BODY, "jurisdiction": "US-CA"}
    assert set(problems(california)) == {"carryover.max", "carryover.expires"}
    assert problems({**california, "carryover": {}}) == {}
