// Admin › Users › Work schedule: the hours a person works on each weekday, in a cycle of 1 to
// 4 alternating weeks, from a date on (newest first; one that has not started yet can be
// taken back), and a form for a new one. Saving shows what the new schedule would change in
// the requests they have booked (`recalculation`): those keep their amounts.
import { attemptKeys } from "../../api.js";
import { getRequest } from "../../api/requests.js";
import { createSchedule, deleteSchedule, listSchedules } from "../../api/users.js";
import { Dialog } from "../../components/dialog.js";
import { Loaded, ProblemAlert } from "../../components/feedback.js";
import { Field, fieldError } from "../../components/form.js";
import { useFetch } from "../../data.js";
import { html, useEffect, useId, useMemo, useRef, useState } from "../../html.js";
import { t } from "../../i18n.js";
import { formatAmount, formatDate, formatPeriod, todayIso, weekdayName } from "../../format.js";
import { leaveTypesById } from "../../lookups.js";

const MAX_WEEKS = 4;
const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6];
// Schedules made from a person's work days when schedules came in apply since this day.
const BEGINNING = "1900-01-01";
const FULL_WEEK = ["8", "8", "8", "8", "8", "0", "0"];

const weekHours = (week) => week.reduce((sum, hours) => sum + Number(hours || 0), 0);

export function ScheduleDialog({ user, onClose }) {
  const state = useFetch((signal) => listSchedules(user.id, signal), [user.id]);
  const [deleted, setDeleted] = useState("");
  const heading = useRef(null);
  const onDeleted = (schedule) => {
    setDeleted(t("schedules.deleted", { date: formatDate(schedule.effective_from) }));
    heading.current?.focus(); // the button used is gone with its schedule
    state.reload();
  };
  return html`<${Dialog} title=${t("schedules.title", { name: user.full_name })} onClose=${onClose} className="wide">
    <h3 tabindex="-1" ref=${heading}>${t("schedules.list")}</h3>
    <p class="muted small status-line" role="status">${deleted}</p>
    <${Loaded} state=${state}>
      ${(body) => html`<${ScheduleList} schedules=${body.items} user=${user} onDeleted=${onDeleted} />
        <${NewSchedule} user=${user} latest=${body.items[0]} onSaved=${() => { setDeleted(""); state.reload(); }} />`}
    <//>
    <div class="actions">
      <button type="button" class="button" onClick=${onClose}>${t("schedules.close")}</button>
    </div>
  <//>`;
}

function ScheduleList({ schedules, user, onDeleted }) {
  const today = todayIso();
  const inForce = schedules.find((s) => s.effective_from <= today);
  if (schedules.length === 0) return html`<p class="muted">${t("schedules.none")}</p>`;
  return html`<ul class="plain-list schedules">
    ${schedules.map(
      (schedule) => html`<${ScheduleItem} key=${schedule.id} schedule=${schedule} user=${user}
        current=${schedule === inForce} future=${schedule.effective_from > today} onDeleted=${onDeleted} />`,
    )}
  </ul>`;
}

/** "Mon 8 h · Tue 8 h · Wed 4 h": the days worked of one week. */
function weekSummary(week) {
  const days = WEEKDAYS.filter((d) => week[d] > 0).map((d) => `${weekdayName(d, "short")} ${formatAmount(week[d], "hours")}`);
  return days.join(" · ");
}

function ScheduleItem({ schedule, user, current, future, onDeleted }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const confirmButton = useRef(null);
  const deleteButton = useRef(null);
  const from = schedule.effective_from <= BEGINNING ? t("schedules.always") : t("schedules.from", { date: formatDate(schedule.effective_from) });
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);
  const keep = () => {
    setConfirming(false);
    setError(null);
    setTimeout(() => deleteButton.current?.focus());
  };
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await deleteSchedule(user.id, schedule.id);
      onDeleted(schedule);
    } catch (problem) {
      setError(problem);
      setBusy(false);
    }
  };
  return html`<li class="list-row schedule">
    <div>
      <strong>${from}</strong>
      ${current && html` <span class="tag">${t("schedules.inForce")}</span>`}
      ${future && html` <span class="tag">${t("schedules.upcoming")}</span>`}
      <span class="muted"> · ${t("schedules.weekly", { hours: formatAmount(schedule.weekly_hours_avg, "hours") })}</span>
      <ul class="plain-list small week-summary">
        ${schedule.weeks.map(
          (week, i) => html`<li key=${i}>${schedule.weeks.length > 1 && html`<span class="muted">${t("schedules.week", { n: i + 1 })}: </span>`}${weekSummary(week) || t("schedules.noDays")}</li>`,
        )}
      </ul>
      ${schedule.day_start !== "09:00" && html`<p class="muted small">${t("schedules.dayStarts", { time: schedule.day_start })}</p>`}
    </div>
    ${future && !confirming &&
    html`<button type="button" class="button small" ref=${deleteButton} onClick=${() => setConfirming(true)}>
      ${t("common.delete")}<span class="visually-hidden"> ${t("schedules.whichOne", { date: formatDate(schedule.effective_from) })}</span>
    </button>`}
    ${confirming &&
    html`<div class="inline-confirm">
      <p>${t("schedules.deleteQuestion")}</p>
      <${ProblemAlert} error=${error} />
      <button type="button" class="button small danger" ref=${confirmButton} disabled=${busy} onClick=${remove}>
        ${t("schedules.deleteConfirm")}
      </button>
      <button type="button" class="button small" onClick=${keep}>${t("schedules.keep")}</button>
    </div>`}
  </li>`;
}

/** One weekday's hours of one week, labelled "Week 1 Monday hours" (the short day name shown). */
function DayHours({ week, day, value, onValue }) {
  const id = useId();
  return html`<div class="day-hours">
    <label for=${id}><span aria-hidden="true">${weekdayName(day, "short")}</span>
      <span class="visually-hidden">${t("schedules.dayHours", { week: week + 1, day: weekdayName(day) })}</span></label>
    <input id=${id} type="number" min="0" max="24" step="0.25" inputmode="decimal" value=${value}
      onInput=${(event) => onValue(event.currentTarget.value)} />
  </div>`;
}

function NewSchedule({ user, latest, onSaved }) {
  const initialWeeks = () => (latest ? latest.weeks.map((week) => week.map(String)) : [FULL_WEEK]);
  const [form, setForm] = useState(() => ({ effective_from: "", weeks: initialWeeks(), day_start: "" }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [result, setResult] = useState(null);
  const keys = useMemo(attemptKeys, []);
  const set = (name) => (value) => setForm((f) => ({ ...f, [name]: value }));
  const setHours = (w, d) => (value) =>
    setForm((f) => ({ ...f, weeks: f.weeks.map((week, i) => (i === w ? week.map((h, j) => (j === d ? value : h)) : week)) }));
  const addWeek = () => setForm((f) => ({ ...f, weeks: [...f.weeks, [...f.weeks[f.weeks.length - 1]]] }));
  const removeWeek = (w) => setForm((f) => ({ ...f, weeks: f.weeks.filter((_, i) => i !== w) }));
  const average = form.weeks.reduce((sum, week) => sum + weekHours(week), 0) / form.weeks.length;

  const save = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    const body = {
      effective_from: form.effective_from,
      weeks: form.weeks.map((week) => week.map((hours) => Number(hours || 0))),
      ...(form.day_start && { day_start: form.day_start }),
    };
    try {
      const created = await createSchedule(user.id, body, keys.keyFor(body));
      keys.settle();
      setResult({ created, changes: await describeChanges(created.recalculation) });
      setForm((f) => ({ ...f, effective_from: "" }));
      onSaved();
    } catch (problem) {
      keys.settle(problem);
      setError(problem);
    }
    setBusy(false);
  };

  return html`<form class="new-schedule" onSubmit=${save} novalidate>
    <h3>${t("schedules.add")}</h3>
    <div class="field-row">
      <${Field} label=${t("schedules.appliesFrom")} type="date" required value=${form.effective_from}
        onValue=${set("effective_from")} error=${fieldError(error, "effective_from")} hint=${t("schedules.appliesFromHint")} />
      <${Field} label=${t("schedules.dayStart")} type="time" step="900" value=${form.day_start}
        onValue=${set("day_start")} error=${fieldError(error, "day_start")} hint=${t("schedules.dayStartHint")} />
    </div>
    <p class="hint" id="weeks-hint">${t("schedules.weeksHint")}</p>
    ${form.weeks.map(
      (week, w) => html`<fieldset key=${w} class="field schedule-week" aria-describedby="weeks-hint">
        <legend>${t("schedules.week", { n: w + 1 })} <span class="muted small">· ${formatAmount(weekHours(week), "hours")}</span></legend>
        <div class="week-grid">
          ${WEEKDAYS.map((d) => html`<${DayHours} key=${d} week=${w} day=${d} value=${week[d]} onValue=${setHours(w, d)} />`)}
        </div>
        ${form.weeks.length > 1 &&
        html`<button type="button" class="button small" onClick=${() => removeWeek(w)}>${t("schedules.removeWeek", { n: w + 1 })}</button>`}
      </fieldset>`,
    )}
    ${fieldError(error, "weeks") && html`<p class="field-error">${fieldError(error, "weeks")}</p>`}
    ${form.weeks.length < MAX_WEEKS &&
    html`<button type="button" class="button small" onClick=${addWeek}>${t("schedules.addWeek")}</button>`}
    ${form.weeks.length > 1 && html`<p>${t("schedules.average", { hours: formatAmount(Math.round(average * 100) / 100, "hours") })}</p>`}
    <${ProblemAlert} error=${error} shownFields=${["effective_from", "day_start", "weeks"]} />
    <button type="submit" class="button primary" disabled=${busy}>${t("schedules.save")}</button>
    <div role="status">${result && html`<${Recalculation} ...${result} />`}</div>
  </form>`;
}

/** The booked requests a new schedule would count differently, with what they are. */
async function describeChanges(recalculation) {
  const changed = recalculation.filter((r) => r.delta !== 0);
  if (changed.length === 0) return [];
  const [types, requests] = await Promise.all([
    leaveTypesById(),
    Promise.all(changed.map((r) => getRequest(r.request_id).catch(() => null))),
  ]);
  return changed.map((r, i) => ({ ...r, request: requests[i], type: types[requests[i]?.leave_type_id] }));
}

function Recalculation({ created, changes }) {
  const saved = t("schedules.saved", {
    date: formatDate(created.effective_from),
    hours: formatAmount(created.weekly_hours_avg, "hours"),
  });
  if (changes.length === 0) {
    return html`<div class="alert alert-ok">
      <p>${saved}</p>
      ${created.recalculation.length > 0 && html`<p>${t("schedules.sameAmounts", { count: created.recalculation.length })}</p>`}
    </div>`;
  }
  return html`<div class="alert alert-warning">
    <p>${saved}</p>
    <p>${t("schedules.changedAmounts", { count: changes.length })}</p>
    <ul>
      ${changes.map((change) => {
        const unit = change.request?.unit || "days";
        const what = change.request
          ? `${change.type?.name || t("common.leave")}, ${formatPeriod(change.request)}`
          : t("schedules.requestNumber", { id: change.request_id });
        return html`<li key=${change.request_id}>
          ${t("schedules.change", {
            request: what,
            status: t(`status.${change.status}`),
            before: formatAmount(change.before, unit),
            after: formatAmount(change.after, unit),
            delta: `${change.delta > 0 ? "+" : ""}${formatAmount(change.delta, unit)}`,
          })}
        </li>`;
      })}
    </ul>
  </div>`;
}
