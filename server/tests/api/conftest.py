"""Fixtures shared by the request and approval tests."""

import pytest


@pytest.fixture
def org(make):
    """An admin, a manager with two direct reports, and an unrelated employee and manager."""

    class Org:
        admin = make.admin(full_name="Ada Admin")
        manager = make.manager(full_name="Max Manager")
        report = make.employee(full_name="Rita Report", manager=manager)
        report2 = make.employee(full_name="Rob Report", manager=manager)
        other = make.employee(full_name="Olga Other")
        other_manager = make.manager(full_name="Otto Othermanager")

    return Org


@pytest.fixture
def vacation(make):
    """25 days a year, approval needed, no past dates, no negative balance."""
    return make.leave_type("vacation", yearly_allowance=25)
