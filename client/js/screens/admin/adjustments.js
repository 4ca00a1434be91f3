// Admin › Balance adjustments: add or remove days for one person, type and year, with why.
import { attemptKeys } from "../../api.js";
import { createAdjustment, listAdjustments } from "../../api/adjustments.js";
import { DataTable } from "../../components/data-table.js";
import { notify, ProblemAlert } from "../../components/feedback.js";
import { Field, fieldError, Select } from "../../components/form.js";
import { UserPicker } from "../../components/user-picker.js";
import { useFetch } from "../../data.js";
import { html, useMemo, useState } from "../../html.js";
import { t } from "../../i18n.js";
import { formatAmount, formatTimestamp } from "../../format.js";
import { leaveTypes } from "../../lookups.js";

export function AdjustmentsSection() {
  const [person, setPerson] = useState(null);
  return html`
    <h2>${t("admin.adjustments")}</h2>
    <p class="muted">${t("adjustments.intro")}</p>
    <div class="panel"><${UserPicker} label=${t("adjustments.person")} value=${person} onValue=${setPerson} /></div>
    ${person && html`<${PersonAdjustments} key=${person.id} person=${person} />`}
  `;
}

function PersonAdjustments({ person }) {
  const types = useFetch(() => leaveTypes(), []);
  const list = useFetch((signal) => listAdjustments(person.id, { per_page: 50 }, signal), [person.id]);
  const tracked = (types.data || []).filter((type) => type.is_active && type.yearly_allowance !== null);
  const [form, setForm] = useState({ leave_type_id: "", year: String(new Date().getFullYear()), days: "", reason: "" });
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const keys = useMemo(attemptKeys, []);
  const set = (name) => (value) => setForm((f) => ({ ...f, [name]: value }));
  const typeId = form.leave_type_id || (tracked[0] ? String(tracked[0].id) : "");
  // In the type's unit: days in steps of 0.5, hours in steps of 0.25.
  const hourly = tracked.find((type) => String(type.id) === typeId)?.unit === "hours";
  const save = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = { leave_type_id: Number(typeId), year: Number(form.year), amount: Number(form.days), reason: form.reason.trim() };
      const made = await createAdjustment(person.id, body, keys.keyFor(body));
      keys.settle();
      notify(t("adjustments.saved", { name: person.full_name, days: formatAmount(made.amount, made.unit) }));
      setForm((f) => ({ ...f, days: "", reason: "" }));
      list.reload();
    } catch (problem) {
      keys.settle(problem);
      setError(problem);
    }
    setBusy(false);
  };
  const typeName = (id) => (types.data || []).find((type) => type.id === id)?.name || t("common.leave");
  return html`
    <form class="panel" onSubmit=${save} novalidate>
      <h3>${t("adjustments.newFor", { name: person.full_name })}</h3>
      <div class="form-grid">
        <${Select} label=${t("request.leaveType")} required value=${typeId} onValue=${set("leave_type_id")}
          options=${tracked.map((type) => ({ value: String(type.id), label: type.name }))} error=${fieldError(error, "leave_type_id")} />
        <${Field} label=${t("adjustments.year")} type="number" required min="1900" max="2999" value=${form.year} onValue=${set("year")} error=${fieldError(error, "year")} />
        <${Field} label=${hourly ? t("adjustments.hours") : t("adjustments.days")} type="number" required step=${hourly ? "0.25" : "0.5"}
          value=${form.days} onValue=${set("days")}
          hint=${hourly ? t("adjustments.hoursHint") : t("adjustments.daysHint")} error=${fieldError(error, "amount", "days")} />
        <${Field} label=${t("adjustments.reason")} required value=${form.reason} onValue=${set("reason")} error=${fieldError(error, "reason")} />
      </div>
      <${ProblemAlert} error=${error} shownFields=${["leave_type_id", "year", "amount", "days", "reason"]} />
      <button type="submit" class="button primary" disabled=${busy}>${t("adjustments.add")}</button>
    </form>
    <h3>${t("adjustments.history", { name: person.full_name })}</h3>
    <${DataTable} state=${list} label=${t("adjustments.history", { name: person.full_name })}
      empty=${{ title: t("adjustments.none"), hint: t("adjustments.noneHint") }}
      columns=${[
        { header: t("adjustments.when"), cell: (a) => formatTimestamp(a.created_at) },
        { header: t("request.leaveType"), cell: (a) => typeName(a.leave_type_id) },
        { header: t("adjustments.year"), cell: (a) => a.year },
        { header: t("adjustments.amount"), cell: (a) => `${a.amount > 0 ? "+" : ""}${formatAmount(a.amount, a.unit)}` },
        { header: t("adjustments.reason"), cell: (a) => a.reason },
      ]} />
  `;
}
