// Admin › Leave types: allowances, accrual, carry-over and the rules requests follow; each
// type is counted in days (1 per working day, or by the day's hours) or in hours.
import { allLeaveTypes, createLeaveType, deactivateLeaveType, reactivateLeaveType, updateLeaveType } from "../../api/leave-types.js";
import { ConfirmDialog, Dialog } from "../../components/dialog.js";
import { DataTable } from "../../components/data-table.js";
import { notify, ProblemAlert } from "../../components/feedback.js";
import { Checkbox, Field, fieldError, Select } from "../../components/form.js";
import { useFetch } from "../../data.js";
import { html, useState } from "../../html.js";
import { t } from "../../i18n.js";
import { formatAmount } from "../../format.js";
import { forgetLeaveTypes } from "../../lookups.js";

const FIELDS = ["name", "code", "color", "paid", "requires_approval", "yearly_allowance", "accrual", "carryover_max", "allow_negative", "allow_past", "min_notice_days", "unit", "day_weighting", "allow_half_days", "min_request_hours", "visibility", "availability"];
const UNITS = ["days", "hours"];
const WEIGHTINGS = ["per_day", "by_hours"];
const VISIBILITIES = ["private", "public"];
const AVAILABILITIES = ["away", "available"];
const NEW_TYPE = {
  name: "",
  code: "",
  color: "#4a90d9",
  paid: true,
  requires_approval: true,
  yearly_allowance: "",
  accrual: "yearly",
  carryover_max: "0",
  allow_negative: false,
  allow_past: false,
  min_notice_days: "0",
  unit: "days",
  day_weighting: "per_day",
  allow_half_days: true,
  min_request_hours: "0.25",
  visibility: "private",
  availability: "away",
};

export function LeaveTypesSection() {
  const [editing, setEditing] = useState(null);
  const [toggling, setToggling] = useState(null);
  const state = useFetch((signal) => allLeaveTypes({ sort: "name" }, signal), []);
  const changed = () => {
    forgetLeaveTypes();
    state.reload();
  };
  return html`
    <div class="section-head">
      <h2>${t("admin.leaveTypes")}</h2>
      <button type="button" class="button primary" onClick=${() => setEditing(NEW_TYPE)}>${t("types.new")}</button>
    </div>
    <${DataTable} state=${state} label=${t("admin.leaveTypes")} rows=${(types) => types}
      empty=${{ title: t("types.none"), hint: t("types.noneHint") }}
      columns=${[
        {
          header: t("types.name"),
          cell: (type) => html`<span class="swatch" style=${{ "--swatch": type.color }} aria-hidden="true"></span>
            <strong>${type.name}</strong> <span class="muted">(${type.code})</span>`,
        },
        {
          header: t("types.allowance"),
          cell: (type) => type.yearly_allowance === null
            ? t("balances.unlimited")
            : t("types.allowanceText", { days: formatAmount(type.yearly_allowance, type.unit), accrual: t(`types.accrual.${type.accrual}`) }),
        },
        { header: t("types.unitLabel"), cell: (type) => unitText(type) },
        { header: t("types.rules"), cell: (type) => rules(type) },
        {
          header: t("users.status"),
          cell: (type) => html`<span class=${`badge ${type.is_active ? "badge-approved" : "badge-cancelled"}`}>
            ${type.is_active ? t("users.activeOne") : t("users.inactiveOne")}</span>`,
        },
        {
          actions: true,
          cell: (type) => html`<button type="button" class="button small" onClick=${() => setEditing(type)}>${t("common.edit")}<span class="visually-hidden"> ${type.name}</span></button>
            <button type="button" class="button small" onClick=${() => setToggling(type)}>
              ${type.is_active ? t("users.deactivate") : t("users.reactivate")}<span class="visually-hidden"> ${type.name}</span>
            </button>`,
        },
      ]} />
    ${editing && html`<${LeaveTypeDialog} type=${editing} onClose=${() => setEditing(null)} onSaved=${changed} />`}
    ${toggling &&
    html`<${ConfirmDialog}
      title=${t(toggling.is_active ? "types.deactivateTitle" : "types.reactivateTitle", { name: toggling.name })}
      message=${t(toggling.is_active ? "types.deactivateWarning" : "types.reactivateWarning")}
      confirmLabel=${toggling.is_active ? t("users.deactivate") : t("users.reactivate")}
      danger=${toggling.is_active}
      onConfirm=${async () => {
        if (toggling.is_active) await deactivateLeaveType(toggling.id);
        else await reactivateLeaveType(toggling.id);
        changed();
      }}
      onClose=${() => setToggling(null)} />`}
  `;
}

/** "Days", "Days, by the day's hours", "Hours". */
function unitText(type) {
  const unit = t(`types.unit.${type.unit}`);
  return type.unit === "days" && type.day_weighting === "by_hours" ? `${unit}, ${t("types.byHoursShort")}` : unit;
}

function rules(type) {
  const notes = [type.paid ? t("types.paid") : t("types.unpaid")];
  notes.push(type.requires_approval ? t("types.needsApproval") : t("types.autoApproved"));
  if (Number(type.carryover_max) > 0) notes.push(t("types.carryover", { days: formatAmount(type.carryover_max, type.unit) }));
  if (type.allow_half_days === false) notes.push(t("types.noHalfDays"));
  if (type.unit === "hours" && Number(type.min_request_hours) > 0.25) {
    notes.push(t("types.minHours", { hours: formatAmount(type.min_request_hours, "hours") }));
  }
  if (type.allow_negative) notes.push(t("types.negative"));
  if (type.allow_past) notes.push(t("types.past"));
  if (type.min_notice_days > 0) notes.push(t("types.notice", { count: type.min_notice_days }));
  return notes.join(" · ");
}

function LeaveTypeDialog({ type, onClose, onSaved }) {
  const [form, setForm] = useState({
    ...type,
    yearly_allowance: type.yearly_allowance === null || type.yearly_allowance === "" ? "" : String(type.yearly_allowance),
    carryover_max: String(type.carryover_max ?? 0),
    min_notice_days: String(type.min_notice_days ?? 0),
    unit: type.unit || "days",
    day_weighting: type.day_weighting || "per_day",
    allow_half_days: type.allow_half_days ?? true,
    min_request_hours: String(type.min_request_hours ?? 0.25),
    visibility: type.visibility || "private",
    availability: type.availability || "away",
  });
  const hourly = form.unit === "hours";
  const step = hourly ? "0.25" : "0.5";
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (name) => (value) => setForm((f) => ({ ...f, [name]: value }));
  const save = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = {
      name: form.name.trim(),
      code: form.code.trim(),
      color: form.color,
      paid: form.paid,
      requires_approval: form.requires_approval,
      yearly_allowance: form.yearly_allowance === "" ? null : Number(form.yearly_allowance),
      accrual: form.accrual,
      carryover_max: Number(form.carryover_max || 0),
      allow_negative: form.allow_negative,
      allow_past: form.allow_past,
      min_notice_days: Number(form.min_notice_days || 0),
      unit: form.unit,
      day_weighting: form.day_weighting,
      allow_half_days: form.allow_half_days,
      min_request_hours: Number(form.min_request_hours || 0.25),
      visibility: form.visibility,
      availability: form.availability,
    };
    try {
      const saved = type.id ? await updateLeaveType(type.id, body) : await createLeaveType(body);
      notify(t(type.id ? "types.saved" : "types.created", { name: saved.name }));
      onClose();
      onSaved();
    } catch (problem) {
      setError(problem);
      setBusy(false);
    }
  };
  return html`<${Dialog} title=${type.id ? t("types.editTitle", { name: type.name }) : t("types.new")} onClose=${onClose} className="wide">
    <form onSubmit=${save} novalidate>
      <div class="form-grid">
        <${Field} label=${t("types.name")} required value=${form.name} onValue=${set("name")} error=${fieldError(error, "name")} />
        <${Field} label=${t("types.code")} required value=${form.code} onValue=${set("code")} hint=${t("types.codeHint")} error=${fieldError(error, "code")} />
        <${Field} label=${t("types.color")} type="color" value=${form.color} onValue=${set("color")} error=${fieldError(error, "color")} />
        <${Select} label=${t("types.unitLabel")} value=${form.unit} onValue=${set("unit")} error=${fieldError(error, "unit")}
          hint=${t("types.unitHint")} options=${UNITS.map((u) => ({ value: u, label: t(`types.unit.${u}`) }))} />
        ${hourly
          ? html`<${Field} label=${t("types.minRequestHours")} type="number" min="0.25" max="24" step="0.25" value=${form.min_request_hours}
              onValue=${set("min_request_hours")} hint=${t("types.minRequestHoursHint")} error=${fieldError(error, "min_request_hours")} />`
          : html`<${Select} label=${t("types.dayWeighting")} value=${form.day_weighting} onValue=${set("day_weighting")}
              error=${fieldError(error, "day_weighting")} options=${WEIGHTINGS.map((w) => ({ value: w, label: t(`types.weighting.${w}`) }))} />`}
        <${Field} label=${hourly ? t("types.yearlyAllowanceHours") : t("types.yearlyAllowance")} type="number" min="0" step=${step} value=${form.yearly_allowance}
          onValue=${set("yearly_allowance")} hint=${t("types.yearlyAllowanceHint")} error=${fieldError(error, "yearly_allowance")} />
        <${Select} label=${t("types.accrualLabel")} value=${form.accrual} onValue=${set("accrual")} error=${fieldError(error, "accrual")}
          options=${["yearly", "monthly"].map((a) => ({ value: a, label: t(`types.accrual.${a}`) }))} />
        <${Field} label=${hourly ? t("types.carryoverMaxHours") : t("types.carryoverMax")} type="number" min="0" step=${step} value=${form.carryover_max}
          onValue=${set("carryover_max")} error=${fieldError(error, "carryover_max")} />
        <${Field} label=${t("types.minNotice")} type="number" min="0" step="1" value=${form.min_notice_days}
          onValue=${set("min_notice_days")} error=${fieldError(error, "min_notice_days")} />
        <${Select} label=${t("types.visibilityLabel")} value=${form.visibility} onValue=${set("visibility")}
          error=${fieldError(error, "visibility")} options=${VISIBILITIES.map((v) => ({ value: v, label: t(`types.visibility.${v}`) }))} />
        <${Select} label=${t("types.availabilityLabel")} value=${form.availability} onValue=${set("availability")}
          error=${fieldError(error, "availability")} options=${AVAILABILITIES.map((a) => ({ value: a, label: t(`types.availability.${a}`) }))} />
      </div>
      <div class="checks">
        <${Checkbox} label=${t("types.paidLabel")} checked=${form.paid} onValue=${set("paid")} error=${fieldError(error, "paid")} />
        <${Checkbox} label=${t("types.requiresApproval")} checked=${form.requires_approval} onValue=${set("requires_approval")} error=${fieldError(error, "requires_approval")} />
        <${Checkbox} label=${t("types.allowNegative")} checked=${form.allow_negative} onValue=${set("allow_negative")} error=${fieldError(error, "allow_negative")} />
        <${Checkbox} label=${t("types.allowPast")} checked=${form.allow_past} onValue=${set("allow_past")} error=${fieldError(error, "allow_past")} />
        <${Checkbox} label=${t("types.allowHalfDays")} checked=${form.allow_half_days} onValue=${set("allow_half_days")} error=${fieldError(error, "allow_half_days")} />
      </div>
      <${ProblemAlert} error=${error} shownFields=${FIELDS} />
      <div class="actions">
        <button type="submit" class="button primary" disabled=${busy}>${type.id ? t("common.save") : t("types.create")}</button>
        <button type="button" class="button" onClick=${onClose}>${t("common.cancel")}</button>
      </div>
    </form>
  <//>`;
}
