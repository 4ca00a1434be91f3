// "Request time off": the form, and a live preview from POST /requests/preview as the person
// types — the amount counted (days, or hours for an hour type), what each date counts, each
// day skipped and why, the balance before and after in each year, overlaps, team conflicts
// and the rules the request would break — before anything is sent. For an hour type the
// person may take hours rather than whole days: "from – to" on one day, or so many hours on
// each day of a longer request; these go to the API as `parts`.
import { attemptKeys } from "../api.js";
import { createRequest, previewRequest } from "../api/requests.js";
import { Checkbox, Field, fieldError, Select, TextArea } from "../components/form.js";
import { Loaded, notify, ProblemAlert } from "../components/feedback.js";
import { useDebounced, useFetch } from "../data.js";
import { html, useEffect, useMemo, useState } from "../html.js";
import { t } from "../i18n.js";
import { formatAmount, formatDayShort, formatNumber, formatPeriod, minutesOf } from "../format.js";
import { leaveTypes } from "../lookups.js";
import { href, navigate } from "../router.js";

const FIELDS = ["leave_type_id", "start_date", "end_date", "start_half", "end_half", "reason"];
const EMPTY = {
  leave_type_id: "",
  start_date: "",
  end_date: "",
  start_half: false,
  end_half: false,
  reason: "",
  from: "", // an hour type, one day: "HH:MM" – "HH:MM"
  to: "",
  per_day: "", // an hour type, several days: hours on each
};

/** The hours asked for, as the API's `parts`, or null for whole days. One day: the time
 * between "from" and "to", starting at "from". Several days: `per_day` hours on each date
 * that counts (`workDays`, from the preview), at most that date's scheduled hours; while
 * those dates are not known yet, null (`partsPending` holds the submit back). */
function hourParts(form, type, workDays) {
  if (type?.unit !== "hours") return null;
  if (form.start_date && form.start_date === form.end_date) {
    if (!form.from || !form.to) return null;
    const hours = (minutesOf(form.to) - minutesOf(form.from)) / 60;
    return [{ date: form.start_date, hours, start_time: form.from }];
  }
  if (form.per_day === "" || !workDays) return null;
  return workDays.map((day) => ({ date: day.date, hours: Math.min(Number(form.per_day), day.scheduled_hours) }));
}

function requestBody(form, type, workDays) {
  const parts = hourParts(form, type, workDays);
  // Halves are not offered where the type does not allow them, nor next to hours.
  const halves = type?.allow_half_days !== false && !parts;
  return {
    leave_type_id: Number(form.leave_type_id),
    start_date: form.start_date,
    end_date: form.end_date,
    start_half: halves && form.start_half,
    end_half: halves && form.end_half,
    reason: form.reason.trim() || null,
    ...(parts && { parts }),
  };
}

/** Which dates (and whose scheduled hours) a preview counted, for a type and a range. */
const rangeKey = (body) => `${body.leave_type_id}|${body.start_date}|${body.end_date}`;

/** The API's message about the hours asked for: `parts`, `parts[0].hours`, ... */
function partsError(error) {
  const field = Object.keys(error?.errors || {}).find((name) => name === "parts" || name.startsWith("parts["));
  return field ? error.errors[field] : null;
}

export function RequestFormScreen() {
  const types = useFetch(() => leaveTypes(), []);
  return html`
    <h1 tabindex="-1">${t("nav.requestTimeOff")}</h1>
    <${Loaded} state=${types}>
      ${(all) => {
        const active = all.filter((type) => type.is_active);
        return active.length === 0
          ? html`<p class="empty">${t("request.noTypes")}</p>`
          : html`<${RequestForm} types=${active} />`;
      }}
    <//>
  `;
}

function RequestForm({ types }) {
  const [form, setForm] = useState(EMPTY);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState(null);
  const keys = useMemo(attemptKeys, []);
  const set = (name) => (value) => {
    setForm((previous) => ({ ...previous, [name]: value }));
    setSubmitError(null);
  };
  // Picking the first day fills in the last one when it is empty: most requests are short.
  const setFirstDay = (value) => {
    set("start_date")(value);
    if (value && !form.end_date) setForm((previous) => ({ ...previous, end_date: value }));
  };
  const sameDay = form.start_date && form.start_date === form.end_date;
  const ready = form.leave_type_id && form.start_date && form.end_date;
  const type = types.find((candidate) => String(candidate.id) === form.leave_type_id);
  const hourly = type?.unit === "hours";
  // The dates a preview of this type and range counted: where "hours per day" go.
  const [counted, setCounted] = useState({ key: "", days: null });
  const key = rangeKey(form);
  const workDays = counted.key === key ? counted.days : null;
  const body = requestBody(form, type, workDays);
  const text = ready ? JSON.stringify(body) : "";
  const settled = useDebounced(text, 350);
  const preview = useFetch(
    (signal) => (settled ? previewRequest(JSON.parse(settled), signal) : Promise.resolve(null)),
    [settled],
  );
  useEffect(() => {
    if (!preview.data || !settled) return;
    const sent = JSON.parse(settled);
    const days = preview.data.breakdown.map((day) => ({ date: day.date, scheduled_hours: day.scheduled_hours }));
    setCounted((previous) => (previous.key === rangeKey(sent) && JSON.stringify(previous.days) === JSON.stringify(days) ? previous : { key: rangeKey(sent), days }));
  }, [preview.data]);
  const partsPending = hourly && !sameDay && form.per_day !== "" && !workDays;
  const hoursGiven = Boolean(body.parts);
  const showHalves = type?.allow_half_days !== false && !hoursGiven;
  const error = submitError || preview.error;
  const hoursError = partsError(error);
  const shown = hourly ? [...FIELDS, ...Object.keys(error?.errors || {}).filter((f) => f === "parts" || f.startsWith("parts["))] : FIELDS;

  const submit = async (event) => {
    event.preventDefault();
    setSubmitting(true);
    setSubmitError(null);
    try {
      const created = await createRequest(body, keys.keyFor(body));
      keys.settle();
      const made = types.find((candidate) => candidate.id === created.leave_type_id);
      notify(
        t(created.status === "approved" ? "request.submittedApproved" : "request.submittedPending", {
          type: made?.name || t("common.leave"),
          period: formatPeriod(created),
          days: formatAmount(created.amount, created.unit),
        }),
      );
      navigate("/requests");
    } catch (problem) {
      keys.settle(problem);
      setSubmitError(problem);
      setSubmitting(false);
    }
  };

  return html`<div class="request-layout">
    <form class="panel request-form" onSubmit=${submit} novalidate>
      <${Select} label=${t("request.leaveType")} required value=${form.leave_type_id} onValue=${set("leave_type_id")}
        placeholder=${t("request.chooseType")} options=${types.map((type) => ({ value: String(type.id), label: type.name }))}
        error=${fieldError(error, "leave_type_id")} />
      <div class="field-row">
        <${Field} label=${t("request.firstDay")} type="date" required value=${form.start_date}
          onValue=${setFirstDay}
          error=${fieldError(error, "start_date")} />
        <${Field} label=${t("request.lastDay")} type="date" required value=${form.end_date} min=${form.start_date || undefined}
          onValue=${set("end_date")} error=${fieldError(error, "end_date")} />
      </div>
      ${hourly && html`<${HoursFields} form=${form} set=${set} sameDay=${sameDay} error=${hoursError} />`}
      ${showHalves &&
      html`<fieldset class="field half-days" aria-describedby="half-days-hint">
        <legend>${t("request.halfDays")}</legend>
        <p class="hint" id="half-days-hint">${t("request.halfDaysHint")}</p>
        <${Checkbox} label=${sameDay ? t("request.afternoonOnly") : t("request.startHalf")} checked=${form.start_half}
          onValue=${set("start_half")} error=${fieldError(error, "start_half")} />
        <${Checkbox} label=${sameDay ? t("request.morningOnly") : t("request.endHalf")} checked=${form.end_half}
          onValue=${set("end_half")} error=${fieldError(error, "end_half")} />
      </fieldset>`}
      <${TextArea} label=${t("request.reason")} hint=${t("request.reasonHint")} value=${form.reason} maxlength="2000"
        onValue=${set("reason")} error=${fieldError(error, "reason")} />
      <${ProblemAlert} error=${error} shownFields=${shown} />
      <div class="actions">
        <button type="submit" class="button primary" disabled=${submitting || partsPending}>
          ${submitting ? t("request.submitting") : t("request.submit")}
        </button>
        <a class="button" href=${href("/")}>${t("common.cancel")}</a>
      </div>
    </form>
    <${Preview} ready=${ready} state=${preview} stale=${settled !== text || partsPending} />
  </div>`;
}

/** An hour type's hours: a "from – to" pair of times on a one-day request (15-minute
 * steps), "hours per day" on a longer one; empty takes whole scheduled days. */
function HoursFields({ form, set, sameDay, error }) {
  return html`<fieldset class="field hours" aria-describedby="hours-hint">
    <legend>${t("request.hours")}</legend>
    <p class="hint" id="hours-hint">${sameDay ? t("request.hoursOneDayHint") : t("request.hoursPerDayHint")}</p>
    ${sameDay
      ? html`<div class="field-row time-pair">
          <${Field} label=${t("request.from")} type="time" step="900" value=${form.from} onValue=${set("from")} />
          <${Field} label=${t("request.to")} type="time" step="900" value=${form.to} min=${form.from || undefined}
            onValue=${set("to")} error=${error} />
        </div>`
      : html`<${Field} label=${t("request.perDay")} type="number" min="0.25" max="24" step="0.25" inputmode="decimal"
          className="narrow" value=${form.per_day} onValue=${set("per_day")} error=${error} />`}
  </fieldset>`;
}

function Preview({ ready, state, stale }) {
  let body;
  if (!ready) body = html`<p class="muted">${t("preview.prompt")}</p>`;
  else if (state.error) body = html`<p class="muted">${t("preview.fix")}</p>`;
  else if (!state.data) body = html`<p class="loading" role="status">${t("preview.checking")}</p>`;
  else body = html`<${PreviewDetails} preview=${state.data} />`;
  return html`<section class=${`panel preview ${stale || state.loading ? "is-stale" : ""}`} aria-labelledby="preview-title"
    aria-busy=${stale || state.loading ? "true" : "false"}>
    <h2 id="preview-title">${t("preview.title")}</h2>
    ${body}
  </section>`;
}

/** The count and whether the request can be sent first; then what the count is made of (the
 * dates counted, the days not counted and why, each in date order), what it does to the
 * balance, and what to look out for. */
function PreviewDetails({ preview }) {
  // Each in date order: the API's lists follow the request's days, but say so here.
  const skipped = [...preview.skipped].sort((a, b) => a.date.localeCompare(b.date));
  const holidays = skipped.filter((s) => s.reason === "holiday");
  const weekends = skipped.filter((s) => s.reason === "weekend");
  const notWorked = skipped.filter((s) => s.reason === "non-working");
  const others = skipped.filter((s) => !["holiday", "weekend", "non-working"].includes(s.reason));
  const unit = preview.unit;
  const shortDates = (list) => list.map((s) => formatDayShort(s.date)).join(", ");
  return html`
    <p class="preview-days" aria-live="polite">${amountCounted(preview.amount, unit)}</p>
    ${preview.violations.length > 0 &&
    html`<div class="alert alert-error">
      <p><strong>${t("preview.violations")}</strong></p>
      <ul>${preview.violations.map((v, i) => html`<li key=${i}>${v.detail}</li>`)}</ul>
    </div>`}
    ${preview.violations.length === 0 && html`<p class="alert alert-ok">${t("preview.ok")}</p>`}
    ${preview.breakdown.length > 0 &&
    html`<details open=${preview.breakdown.length <= 7}>
      <summary>${t("preview.dates", { count: preview.breakdown.length })}</summary>
      <ul class="plain-list breakdown small">
        ${preview.breakdown.map(
          (day) => html`<li key=${day.date} class="list-row">
            <time datetime=${day.date}>${formatDayShort(day.date)}</time>
            <span class="muted">${t("preview.scheduledHours", { hours: formatAmount(day.scheduled_hours, "hours") })}</span>
            <strong class="row-end">${formatAmount(day.amount, unit)}</strong>
          </li>`,
        )}
      </ul>
    </details>`}
    ${preview.skipped.length > 0 &&
    html`<h3>${t("preview.skipped")}</h3>
      <ul class="plain-list skipped">
        ${holidays.map((s) => html`<li key=${s.date}><time datetime=${s.date}>${formatDayShort(s.date)}</time> — ${t("preview.holiday", { name: s.name || "" })}</li>`)}
        ${weekends.length > 0 && html`<li>${t("preview.weekends", { count: weekends.length, dates: shortDates(weekends) })}</li>`}
        ${notWorked.length > 0 && html`<li class="not-worked">${t("preview.nonWorking", { count: notWorked.length, dates: shortDates(notWorked) })}</li>`}
        ${others.map((s) => html`<li key=${s.date}><time datetime=${s.date}>${formatDayShort(s.date)}</time></li>`)}
      </ul>`}
    ${preview.by_year.length > 0 &&
    html`<h3>${t("preview.balance")}</h3>
      <ul class="plain-list">
        ${preview.by_year.map(
          (year) => html`<li key=${year.year} class="list-row">
            <span>${year.year} · ${formatAmount(year.amount, unit)}</span>
            <span class="row-end">${year.balance_before === null
              ? t("balances.unlimited")
              : t("preview.beforeAfter", { before: formatNumber(year.balance_before), after: formatAmount(year.balance_after, unit) })}</span>
          </li>`,
        )}
      </ul>`}
    ${preview.overlaps.length > 0 &&
    html`<div class="alert alert-warning"><p>${t("preview.overlaps", { count: preview.overlaps.length })}${" "}
      <a href=${href("/requests")}>${t("nav.myRequests")}</a></p></div>`}
    <${TeamConflicts} conflicts=${preview.team_conflicts} title=${t("preview.teamConflicts")} />
    ${preview.warnings.filter((w) => w.type !== "team-capacity").map((w, i) => html`<p key=${i} class="alert alert-warning">${w.detail}</p>`)}
  `;
}

/** "3 days counted" or "20 h counted", the amount first or last as the language puts it
 * ({days}). */
function amountCounted(amount, unit) {
  const [before, after = ""] = t("preview.daysCounted", { days: "\u0000" }).split("\u0000");
  return html`${before && html`<span class="muted">${before}</span>`}<strong>${formatAmount(amount, unit)}</strong>${after && html`<span class="muted">${after}</span>`}`;
}

/** Team conflicts per team: the days in order, and who is away on them, by name (days with
 * the same people away together). */
export function groupTeamConflicts(conflicts) {
  const teams = new Map();
  for (const conflict of [...conflicts].sort((a, b) => a.date.localeCompare(b.date))) {
    if (!teams.has(conflict.team_id)) {
      teams.set(conflict.team_id, { id: conflict.team_id, name: conflict.team_name, max: conflict.max_absent, groups: new Map() });
    }
    const names = (conflict.away || []).map((person) => person.full_name).sort((a, b) => a.localeCompare(b));
    const groups = teams.get(conflict.team_id).groups;
    const key = names.join("\n");
    if (!groups.has(key)) groups.set(key, { names, dates: [] });
    groups.get(key).dates.push(conflict.date);
  }
  return [...teams.values()].map((team) => ({ ...team, groups: [...team.groups.values()] }));
}

export function TeamConflicts({ conflicts, title }) {
  if (!conflicts || conflicts.length === 0) return null;
  return html`<div class="alert alert-warning team-conflicts">
    <p><strong>${title}</strong></p>
    <ul>
      ${groupTeamConflicts(conflicts).map(
        (team) => html`<li key=${team.id}>
          ${t("conflict.team", { team: team.name, max: team.max })}
          <ul>
            ${team.groups.map(
              (group) => html`<li key=${group.dates[0]}>
                ${t("conflict.days", { dates: group.dates.map((d) => formatDayShort(d)).join(", "), count: group.names.length, names: group.names.join(", ") })}
              </li>`,
            )}
          </ul>
        </li>`,
      )}
    </ul>
  </div>`;
}
