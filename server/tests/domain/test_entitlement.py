"""What a person is credited under policy versions over time, and the entries that explain
it (golden cases B1, B3, B4, B18 through timelines)."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.domain import accrual
from server.domain.entitlement import Span, Timeline, Version, build_timeline, default_timeline
from server.domain.policy import complete, default_body
from server.domain.schedule import BEGINNING, Schedule


def version(vid, effective_from, policy_id=1, **parts):
    return Version(vid, policy_id, date.fromisoformat(effective_from), complete(parts))


def timeline(*versions, hire=None):
    return build_timeline(list(versions), [], date.fromisoformat(hire) if hire else None)


def front_loaded(amount, **more):
    return {"entitlement": {"amount": amount, **more}, "accrual": {"method": "front_loaded"}}


def test_b1_front_loaded_pro_rated_in_the_hire_year():
    t = timeline(version(1, "1900-01-01", **front_loaded(25)), hire="2027-07-01")
    assert t.credited(2027, date(2027, 12, 31)) == Decimal("12.5")  # 25 x 184/365 = 12.60
    assert t.credited(2027, date(2027, 6, 30)) == 0  # not hired yet
    assert t.credited(2028, date(2028, 1, 1)) == 25


def test_b3_periodic_monthly_from_the_first_full_month():
    monthly = {
        "entitlement": {"amount": 24},
        "accrual": {"method": "periodic", "frequency": "monthly", "timing": "start"},
    }
    t = timeline(version(1, "1900-01-01", **monthly), hire="2027-03-15")
    assert t.credited(2027, date(2027, 6, 30)) == 6  # April, May, June


def test_b4_a_tenure_level_from_the_next_leave_year_or_at_once():
    levels = [{"after": "P5Y", "amount": 26}]
    next_year = timeline(version(1, "1900-01-01", **front_loaded(25, levels=levels)),
                         hire="2022-06-15")  # fmt: skip
    assert next_year.credited(2027, date(2027, 12, 31)) == 25
    assert next_year.credited(2028, date(2028, 12, 31)) == 26
    at_once = timeline(
        version(1, "1900-01-01", **front_loaded(25, levels=levels, level_transition="immediate")),
        hire="2022-06-15",
    )
    # 25 + 1 x 200/365 = 25.55: the extra day counts from 2027-06-15, pro rata.
    assert at_once.credited(2027, date(2027, 12, 31)) == Decimal("25.5")
    assert at_once.credited(2027, date(2027, 6, 14)) == 25  # before it is reached


def test_b18_a_new_version_inside_the_year_counts_each_for_its_days():
    t = timeline(version(1, "1900-01-01", **front_loaded(25)), version(2, "2027-07-01",
                 **front_loaded(28)))  # fmt: skip
    # 25 x 181/365 + 28 x 184/365 = 26.51 -> 26.5
    assert t.credited(2027, date(2027, 12, 31)) == Decimal("26.5")
    assert t.credited(2027, date(2027, 6, 30)) == 25  # what was known before July
    credits = t.credits(2027, date(2027, 12, 31))
    assert [(c.day, c.amount, c.corrects) for c in credits] == [
        (date(2027, 1, 1), Decimal(25), False),
        (date(2027, 7, 1), Decimal("1.5"), True),
    ]


def test_with_version_is_what_the_dry_run_compares():
    before = timeline(version(1, "1900-01-01", **front_loaded(25)))
    after = before.with_version(version(0, "2027-07-01", **front_loaded(28)))
    assert before.credited(2027, date(2027, 12, 31)) == 25
    assert after.credited(2027, date(2027, 12, 31)) == Decimal("26.5")
    assert after.credited(2026, date(2026, 12, 31)) == 25  # earlier years as they were


def test_an_assignment_follows_its_policy_and_the_default_elsewhere():
    default = [version(1, "1900-01-01", **front_loaded(20))]
    seniors = [version(7, "2026-01-01", policy_id=2, **front_loaded(30))]
    t = build_timeline(default, [(date(2027, 1, 1), date(2027, 12, 31), seniors)], None)
    assert [s.version.id for s in t.spans] == [1, 7, 1]
    assert [t.credited(y, date(y, 12, 31)) for y in (2026, 2027, 2028)] == [20, 30, 20]


def test_waiting_for_usage_counts_from_the_hire_date_as_day_zero():
    t = timeline(version(1, "1900-01-01", waiting={"usage_days": 90}, **front_loaded(25)),
                 hire="2027-01-06")  # fmt: skip
    assert t.first_usable_day(date(2027, 4, 5)) == date(2027, 4, 6)  # B5


def test_waiting_for_accrual_credits_nothing_before_it_and_nothing_back():
    t = timeline(version(1, "1900-01-01", waiting={"accrual_days": 181}, **front_loaded(25)),
                 hire="2027-01-01")  # fmt: skip
    # Credited from 2027-07-01: 25 x 184/365 = 12.60 -> 12.5
    assert t.credited(2027, date(2027, 6, 30)) == 0
    assert t.credited(2027, date(2027, 12, 31)) == Decimal("12.5")


def test_a_cap_per_year_limits_the_credited_total():
    capped = {"method": "front_loaded", "cap_per_year": 20}
    t = timeline(version(1, "1900-01-01", entitlement={"amount": 25}, accrual=capped))
    assert t.credited(2027, date(2027, 12, 31)) == 20


class Type:
    def __init__(self, allowance, accrual_kind, carryover_max=0):
        self.id, self.yearly_allowance, self.accrual = 1, Decimal(allowance), accrual_kind
        self.carryover_max, self.allow_negative = Decimal(carryover_max), False


@given(
    allowance=st.integers(0, 80).map(lambda n: Decimal(n) / 2),
    kind=st.sampled_from(["yearly", "monthly"]),
    hire=st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2028, 12, 31))),
    as_of=st.dates(date(2026, 1, 1), date(2027, 12, 31)),
)
def test_a_default_policy_credits_what_the_type_always_did(allowance, kind, hire, as_of):
    t = default_timeline(Type(allowance, kind), hire)
    for year in (2026, 2027):
        expected = accrual.entitlement(kind, allowance, year, hire, as_of)
        assert t.credited(year, as_of) == expected


@pytest.mark.parametrize("kind", ["yearly", "monthly"])
def test_the_credits_of_a_year_add_up_to_what_it_credited(kind):
    t = default_timeline(Type(25, kind), date(2027, 3, 15))
    credits = t.credits(2027, date(2027, 12, 31))
    assert sum(c.amount for c in credits) == t.credited(2027, date(2027, 12, 31))
    assert all(c.version.effective_from == BEGINNING for c in credits)


def test_a_default_body_reads_back_as_the_type():
    body = default_body(Type(25, "monthly", carryover_max=5))
    assert body["accrual"]["frequency"] == "monthly"
    assert body["rounding"] == {"step": 0.5, "mode": "down"}
    assert body["carryover"]["max"] == 5


def test_a_span_holds_its_days():
    span = Span(version(1, "2027-01-01"), date(2027, 1, 1), date(2027, 6, 30))
    assert span.holds(date(2027, 6, 30)) and not span.holds(date(2027, 7, 1))
    assert Timeline((span,)).version_on(date(2027, 7, 1)) is None


def schedule(effective_from, days_worked):
    """A one-week schedule of 8 h on the first `days_worked` weekdays."""
    start = date.fromisoformat(effective_from)
    week = tuple(Decimal(8) if i < days_worked else Decimal(0) for i in range(7))
    return Schedule(start, BEGINNING, (week,))


def scaled(amount, basis, rounding, max_amount=None):
    return version(1, "1900-01-01", rounding=rounding, **front_loaded(
        amount, basis_days_per_week=basis, max_amount=max_amount))  # fmt: skip


UK = {"step": 0.01, "mode": "up"}


@pytest.mark.parametrize(("days", "expected"), [(3, "16.8"), (5, "28"), (6, "28")])
def test_a12_a13_the_uk_amount_is_scaled_to_the_week_and_capped(days, expected):
    t = build_timeline([scaled(28, 5, UK, max_amount=28)], [], None,
                       schedules=[schedule("1900-01-01", days)])  # fmt: skip
    assert t.credited(2027, date(2027, 12, 31)) == Decimal(expected)


@pytest.mark.parametrize(("days", "expected"), [(5, 20), (4, 16), (3, 12)])
def test_a14_german_werktage_on_a_six_day_basis(days, expected):
    t = build_timeline([scaled(24, 6, {"step": 0.5})], [], None,
                       schedules=[schedule("1900-01-01", days)])  # fmt: skip
    assert t.credited(2027, date(2027, 12, 31)) == expected


def test_a15_a_schedule_change_inside_the_year_counts_each_for_its_days():
    weeks = [schedule("1900-01-01", 5), schedule("2027-07-01", 4)]
    t = build_timeline([scaled(30, 5, {"step": 0.5})], [], None, schedules=weeks)
    # 30 x 181/365 + 24 x 184/365 = 26.975 -> 27
    assert t.credited(2027, date(2027, 12, 31)) == 27
    credits = t.credits(2027, date(2027, 12, 31))
    assert [(c.day, c.amount) for c in credits] == [
        (date(2027, 1, 1), 30), (date(2027, 7, 1), -3)]  # fmt: skip
