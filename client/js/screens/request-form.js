// "Request time off": the form, and a live preview from POST /requests/preview as the person
// types — the days counted, each day skipped and why, the balance before and after in each
// year, overlaps, team conflicts and the rules the request would break — before anything
// is sent.
import { attemptKeys } from "../api.js";
import { createRequest, previewRequest } from "../api/requests.js";
import { Checkbox, Field, fieldError, Select, TextArea } from "../components/form.js";
import { Loaded, notify, ProblemAlert } from "../components/feedback.js";
import { useDebounced, useFetch } from "../data.js";
import { html, useEffect, useMemo, useState } from "../html.js";
import { t } from "../i18n.js";
import { formatDate, formatDayShort, formatDays, formatNumber, formatPeriod } from "../format.js";
import { leaveTypes } from "../lookups.js";
import { href, navigate } from "../router.js";

const FIELDS = ["leave_type_id", "start_date", "end_date", "start_half", "end_half", "reason"];
const EMPTY = { leave_type_id: "", start_date: "", end_date: "", start_half: false, end_half: false, reason: "" };

function requestBody(form) {
  return {
    leave_type_id: Number(form.leave_type_id),
    start_date: form.start_date,
    end_date: form.end_date,
    start_half: form.start_half,
    end_half: form.end_half,
    reason: form.reason.trim() || null,
  };
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
  const settled = useDebounced(ready ? JSON.stringify(requestBody(form)) : "", 350);
  const preview = useFetch(
    (signal) => (settled ? previewRequest(JSON.parse(settled), signal) : Promise.resolve(null)),
    [settled],
  );
  const error = submitError || preview.error;

  const submit = async (event) => {
    event.preventDefault();
    setSubmitting(true);
    setSubmitError(null);
    try {
      const body = requestBody(form);
      const created = await createRequest(body, keys.keyFor(body));
      keys.settle();
      const type = types.find((candidate) => candidate.id === created.leave_type_id);
      notify(
        t(created.status === "approved" ? "request.submittedApproved" : "request.submittedPending", {
          type: type?.name || t("common.leave"),
          period: formatPeriod(created),
          days: formatDays(created.days),
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
      <fieldset class="field half-days" aria-describedby="half-days-hint">
        <legend>${t("request.halfDays")}</legend>
        <p class="hint" id="half-days-hint">${t("request.halfDaysHint")}</p>
        <${Checkbox} label=${sameDay ? t("request.afternoonOnly") : t("request.startHalf")} checked=${form.start_half}
          onValue=${set("start_half")} error=${fieldError(error, "start_half")} />
        <${Checkbox} label=${sameDay ? t("request.morningOnly") : t("request.endHalf")} checked=${form.end_half}
          onValue=${set("end_half")} error=${fieldError(error, "end_half")} />
      </fieldset>
      <${TextArea} label=${t("request.reason")} hint=${t("request.reasonHint")} value=${form.reason} maxlength="2000"
        onValue=${set("reason")} error=${fieldError(error, "reason")} />
      <${ProblemAlert} error=${error} shownFields=${FIELDS} />
      <div class="actions">
        <button type="submit" class="button primary" disabled=${submitting}>
          ${submitting ? t("request.submitting") : t("request.submit")}
        </button>
        <a class="button" href=${href("/")}>${t("common.cancel")}</a>
      </div>
    </form>
    <${Preview} ready=${ready} state=${preview} stale=${settled !== (ready ? JSON.stringify(requestBody(form)) : "")} />
  </div>`;
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

function PreviewDetails({ preview }) {
  const holidays = preview.skipped.filter((s) => s.reason === "holiday");
  const weekends = preview.skipped.filter((s) => s.reason === "weekend");
  return html`
    <p class="preview-days" aria-live="polite"><strong>${formatDays(preview.days)}</strong>
      <span class="muted"> ${t("preview.counted")}</span></p>
    ${preview.violations.length > 0 &&
    html`<div class="alert alert-error">
      <p><strong>${t("preview.violations")}</strong></p>
      <ul>${preview.violations.map((v, i) => html`<li key=${i}>${v.detail}</li>`)}</ul>
    </div>`}
    ${preview.violations.length === 0 && html`<p class="alert alert-ok">${t("preview.ok")}</p>`}
    ${preview.by_year.length > 0 &&
    html`<h3>${t("preview.balance")}</h3>
      <ul class="plain-list">
        ${preview.by_year.map(
          (year) => html`<li key=${year.year} class="list-row">
            <span>${year.year} · ${formatDays(year.days)}</span>
            <span class="row-end">${year.balance_before === null
              ? t("balances.unlimited")
              : t("preview.beforeAfter", { before: formatNumber(year.balance_before), after: formatNumber(year.balance_after) })}</span>
          </li>`,
        )}
      </ul>`}
    ${preview.skipped.length > 0 &&
    html`<h3>${t("preview.skipped")}</h3>
      <ul class="plain-list skipped">
        ${holidays.map((s) => html`<li key=${s.date}><time datetime=${s.date}>${formatDayShort(s.date)}</time> — ${t("preview.holiday", { name: s.name || "" })}</li>`)}
        ${weekends.length > 0 && html`<li>${t("preview.weekends", { count: weekends.length, dates: weekends.map((s) => formatDayShort(s.date)).join(", ") })}</li>`}
      </ul>`}
    ${preview.overlaps.length > 0 &&
    html`<div class="alert alert-warning"><p>${t("preview.overlaps", { count: preview.overlaps.length })}
      <a href=${href("/requests")}>${t("nav.myRequests")}</a></p></div>`}
    ${preview.team_conflicts.length > 0 &&
    html`<div class="alert alert-warning">
      <p><strong>${t("preview.teamConflicts")}</strong></p>
      <ul>${preview.team_conflicts.map((c, i) => html`<li key=${i}>${teamConflictText(c)}</li>`)}</ul>
    </div>`}
    ${preview.warnings.filter((w) => w.type !== "team-capacity").map((w, i) => html`<p key=${i} class="alert alert-warning">${w.detail}</p>`)}
    ${preview.dates.length > 0 &&
    html`<details>
      <summary>${t("preview.dates", { count: preview.dates.length })}</summary>
      <p class="small">${preview.dates.map((d) => formatDayShort(d)).join(", ")}</p>
    </details>`}
  `;
}

export function teamConflictText(conflict) {
  return t("conflict.text", {
    team: conflict.team_name,
    date: formatDate(conflict.date),
    absent: conflict.absent,
    max: conflict.max_absent,
  });
}
