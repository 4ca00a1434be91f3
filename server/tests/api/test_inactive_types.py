"""Deactivating a leave type stops new requests in it, but never hides the days already
taken or booked in it: balances and the usage report keep them for the years they touch
(the absence report always did)."""

API = "/api/v1"


def test_days_of_a_deactivated_type_stay_in_balances_and_the_usage_report(client, make, clock):
    clock.set("2026-06-01T09:00:00+00:00")
    admin = make.admin()
    ada = make.employee(full_name="Ada")
    training = make.leave_type("training", yearly_allowance=5)
    unused = make.leave_type("sabbatical", yearly_allowance=10)
    make.request(ada, training, "2026-03-02", "2026-03-03")  # approved: 2 days taken
    assert client.delete(f"{API}/leave-types/{training}", headers=admin.headers).status_code == 204
    assert client.delete(f"{API}/leave-types/{unused}", headers=admin.headers).status_code == 204

    def codes(year):
        r = client.get(f"{API}/users/{ada.id}/balances?year={year}", headers=ada.headers)
        return {b["leave_type"]["code"]: b for b in r.json["items"]}

    this_year = codes(2026)
    assert this_year["training"]["taken"] == 2
    assert this_year["training"]["available"] == 3
    assert "sabbatical" not in this_year  # inactive and never used: nothing to show
    assert "training" not in codes(2027)  # a year it does not touch
    report = client.get(f"{API}/reports/usage?year=2026", headers=admin.headers).json["items"]
    assert [(r["full_name"], r["leave_type"], r["taken"]) for r in report] == [
        ("Ada", "training", 2)
    ]
