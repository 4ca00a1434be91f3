// Admin › Policies: how each leave type's amounts work for the people who follow a policy,
// grouped by leave type, each policy's versions as a timeline (from when, the yearly amount
// and tenure levels, how it is credited, carry-over, waiting periods). A new policy comes
// with its first version; a change is a new version (never an edit), and before it is saved
// the form shows what it would do to everyone following the policy (a dry run). Policies
// other than a type's default can be deactivated. Who follows which policy: per person
// (`PolicyAssignments`, in Admin › Users) or a whole team at once (here).
import {
  addPolicyVersion,
  allPolicies,
  assignPolicy,
  createPolicy,
  deactivatePolicy,
  listAssignments,
  tryPolicyVersion,
} from "../../api/policies.js";
import { attemptKeys } from "../../api.js";
import { allTeamMembers } from "../../api/teams.js";
import { ConfirmDialog, Dialog } from "../../components/dialog.js";
import { Empty, Loaded, notify, ProblemAlert } from "../../components/feedback.js";
import { Checkbox, Field, Select } from "../../components/form.js";
import { useFetch } from "../../data.js";
import { html, useEffect, useId, useMemo, useRef, useState } from "../../html.js";
import { t } from "../../i18n.js";
import { formatAmount, formatDate, formatSigned, todayIso } from "../../format.js";
import { leaveTypes, teams as loadTeams, usersById } from "../../lookups.js";

// A default policy's first version applies since this day ("from the start").
const BEGINNING = "1900-01-01";
const METHODS = ["front_loaded", "periodic", "none"];
const FREQUENCIES = ["monthly", "semi_monthly", "biweekly", "weekly", "quarterly", "yearly"];
const TIMINGS = ["start", "end"];
const FIRST_PERIODS = ["full_months_only", "prorate_days"];
const TRANSITIONS = ["next_leave_year", "immediate"];
const ROUNDING_MODES = ["half_up", "down", "up"];
// ISO 8601 durations of one part: P5Y, P18M, P2W, P90D.
const SPANS = ["Y", "M", "W", "D"];

/** Types that keep a balance: the ones policies are for. */
const tracked = (types) => types.filter((type) => type.yearly_allowance !== null);

const optionsOf = (values, prefix) => values.map((value) => ({ value, label: t(`${prefix}.${value}`) }));

export function PoliciesSection() {
  const state = useFetch(async (signal) => {
    const [types, policies] = await Promise.all([leaveTypes(), allPolicies({}, signal)]);
    return { types, policies };
  }, []);
  const [creating, setCreating] = useState(false);
  const [versioning, setVersioning] = useState(null);
  const [deactivating, setDeactivating] = useState(null);
  return html`
    <div class="section-head">
      <h2>${t("admin.policies")}</h2>
      <button type="button" class="button primary" disabled=${!state.data} onClick=${() => setCreating(true)}>${t("policies.new")}</button>
    </div>
    <p class="muted">${t("policies.intro")}</p>
    <${Loaded} state=${state}>
      ${({ types, policies }) => html`
        <${PolicyGroups} types=${types} policies=${policies}
          onVersion=${(policy) => setVersioning(policy)} onDeactivate=${(policy) => setDeactivating(policy)} />
        <${AssignTeam} types=${types} policies=${policies} />
        ${creating &&
        html`<${PolicyDialog} types=${types} policies=${policies} onClose=${() => setCreating(false)} onSaved=${state.reload} />`}
        ${versioning &&
        html`<${VersionDialog} policy=${versioning} type=${types.find((type) => type.id === versioning.leave_type_id)}
          onClose=${() => setVersioning(null)} onSaved=${state.reload} />`}
      `}
    <//>
    ${deactivating &&
    html`<${ConfirmDialog} title=${t("policies.deactivateTitle", { name: deactivating.name })}
      message=${t("policies.deactivateWarning")} confirmLabel=${t("policies.deactivate")} danger removesOpener
      onConfirm=${async () => {
        await deactivatePolicy(deactivating.id);
        notify(t("policies.deactivated", { name: deactivating.name }));
        state.reload();
      }}
      onClose=${() => setDeactivating(null)} />`}
  `;
}

function PolicyGroups({ types, policies, onVersion, onDeactivate }) {
  const shown = types.filter((type) => type.yearly_allowance !== null || policies.some((p) => p.leave_type_id === type.id));
  if (shown.length === 0) return html`<${Empty} title=${t("policies.none")}><p>${t("policies.noneHint")}</p><//>`;
  return shown.map((type) => {
    const own = policies
      .filter((policy) => policy.leave_type_id === type.id)
      .sort((a, b) => Number(b.is_default) - Number(a.is_default) || Number(b.is_active) - Number(a.is_active) || a.name.localeCompare(b.name));
    const headingId = `policies-type-${type.id}`;
    return html`<section key=${type.id} class="policy-group" aria-labelledby=${headingId}>
      <h3 id=${headingId}><span class="swatch" style=${{ "--swatch": type.color }} aria-hidden="true"></span> ${type.name}</h3>
      ${own.length === 0
        ? html`<p class="muted">${t("policies.noneOfType")}</p>`
        : html`<ul class="cards policy-cards">
            ${own.map(
              (policy) => html`<li key=${policy.id}>
                <${PolicyCard} policy=${policy} type=${type} onVersion=${() => onVersion(policy)} onDeactivate=${() => onDeactivate(policy)} />
              </li>`,
            )}
          </ul>`}
    </section>`;
  });
}

function PolicyCard({ policy, type, onVersion, onDeactivate }) {
  const titleId = `policy-${policy.id}`;
  const today = todayIso();
  const inForce = [...policy.versions].reverse().find((version) => version.effective_from <= today);
  return html`<article class="card policy" aria-labelledby=${titleId}>
    <h4 id=${titleId}>${policy.name}
      ${policy.is_default && html` <span class="tag">${t("policies.default")}</span>`}
      ${!policy.is_active && html` <span class="tag">${t("policies.inactive")}</span>`}</h4>
    ${policy.is_default && html`<p class="muted small">${t("policies.defaultHint")}</p>`}
    <ol class="timeline" aria-label=${t("policies.versionsOf", { name: policy.name })}>
      ${policy.versions.map(
        (version) => html`<li key=${version.id} class=${`timeline-item ${version === inForce ? "is-current" : ""}`}>
          <p class="timeline-when"><strong>${version.effective_from === BEGINNING
            ? t("policies.always")
            : t("policies.from", { date: formatDate(version.effective_from) })}</strong>
            ${version === inForce && html` <span class="tag">${t("policies.inForce")}</span>`}
            ${version.effective_from > today && html` <span class="tag">${t("policies.upcoming")}</span>`}</p>
          <ul class="version-facts small">
            ${versionFacts(version.body, type).map((fact, i) => html`<li key=${i}>${fact}</li>`)}
          </ul>
        </li>`,
      )}
    </ol>
    ${policy.is_active &&
    html`<div class="actions">
      <button type="button" class="button small" onClick=${onVersion}>
        ${t("policies.newVersion")}<span class="visually-hidden"> ${policy.name}</span>
      </button>
      ${!policy.is_default &&
      html`<button type="button" class="button small danger-outline" onClick=${onDeactivate}>
        ${t("policies.deactivate")}<span class="visually-hidden"> ${policy.name}</span>
      </button>`}
    </div>`}
  </article>`;
}

/** "P5Y" as "5 years" (a duration of one part; anything else as it is). */
function spanText(after) {
  const match = /^P(\d+)([YMWD])$/.exec(after || "");
  return match ? t(`policies.span.${match[2]}`, { count: Number(match[1]) }) : after;
}

/** A version in a few lines: the yearly amount and its tenure levels, how it is credited,
 * carry-over, waiting periods, going below zero. */
function versionFacts(body, type) {
  const unit = type?.unit || "days";
  const amount = (value) => formatAmount(value, unit);
  const entitlement = body.entitlement || {};
  const accrual = body.accrual || {};
  const facts = [t("policies.facts.amount", { amount: amount(entitlement.amount) })];
  for (const level of entitlement.levels || []) {
    facts.push(t("policies.facts.level", { amount: amount(level.amount), after: spanText(level.after) }));
  }
  if ((entitlement.levels || []).length > 0) facts.push(t(`policies.transition.${entitlement.level_transition || "next_leave_year"}`));
  const method = accrual.method || "front_loaded";
  facts.push(
    method === "periodic"
      ? t("policies.facts.periodic", {
          frequency: t(`policies.frequency.${accrual.frequency}`),
          timing: t(`policies.timing.${accrual.timing || "start"}`),
        })
      : t(`policies.method.${method}`),
  );
  if (accrual.cap_per_year !== null && accrual.cap_per_year !== undefined) {
    facts.push(t("policies.facts.cap", { amount: amount(accrual.cap_per_year) }));
  }
  const carried = body.carryover?.max;
  if (carried === null) facts.push(t("policies.facts.carryAll"));
  else if (Number(carried || 0) === 0) facts.push(t("policies.facts.carryNone"));
  else facts.push(t("policies.facts.carry", { amount: amount(carried) }));
  const waiting = body.waiting || {};
  if (waiting.usage_days > 0) facts.push(t("policies.facts.usageWait", { count: waiting.usage_days }));
  if (waiting.accrual_days > 0) facts.push(t("policies.facts.accrualWait", { count: waiting.accrual_days }));
  if (body.negative?.allowed) facts.push(t("policies.facts.negative"));
  if (body.jurisdiction) facts.push(t("policies.facts.jurisdiction", { code: body.jurisdiction }));
  return facts;
}

// --- the version form: a version's body as form fields and back ------------------------------

const text = (value) => (value === null || value === undefined ? "" : String(value));
const number = (value) => (value === "" ? undefined : Number(value));
const numberOrNull = (value) => (value === "" ? null : Number(value));

function levelForm(level) {
  const match = /^P(\d+)([YMWD])$/.exec(level.after || "");
  return { count: match ? match[1] : "", span: match ? match[2] : "Y", raw: match ? "" : level.after || "", amount: text(level.amount) };
}

/** The form's fields for a version `body` (a new version starts as a copy of the latest). */
function formOf(body = {}, effectiveFrom = "") {
  const entitlement = body.entitlement || {};
  const accrual = body.accrual || {};
  const rounding = body.rounding || {};
  const waiting = body.waiting || {};
  return {
    effective_from: effectiveFrom,
    amount: text(entitlement.amount),
    levels: (entitlement.levels || []).map(levelForm),
    level_transition: entitlement.level_transition || "next_leave_year",
    method: METHODS.includes(accrual.method) ? accrual.method : "front_loaded",
    frequency: accrual.frequency || "monthly",
    timing: accrual.timing || "start",
    first_period: accrual.first_period || "full_months_only",
    cap_per_year: text(accrual.cap_per_year),
    step: text(rounding.step ?? 0.5),
    mode: rounding.mode || "half_up",
    usage_days: text(waiting.usage_days ?? 0),
    accrual_days: text(waiting.accrual_days ?? 0),
    carryover_max: body.carryover ? text(body.carryover.max) : "0",
    negative: Boolean(body.negative?.allowed),
    jurisdiction: body.jurisdiction || null,
  };
}

/** The version the API takes. The leave year is left out: only the calendar year is
 * supported, and it is the default. */
function bodyOf(form) {
  const accrual = { method: form.method, cap_per_year: numberOrNull(form.cap_per_year) };
  if (form.method === "periodic") {
    Object.assign(accrual, { frequency: form.frequency, timing: form.timing, first_period: form.first_period });
  }
  return {
    effective_from: form.effective_from || undefined,
    entitlement: {
      amount: number(form.amount),
      levels: form.levels.map((level) => ({
        after: level.count === "" ? level.raw : `P${level.count}${level.span}`,
        amount: number(level.amount),
      })),
      level_transition: form.level_transition,
    },
    accrual,
    rounding: { step: number(form.step), mode: form.mode },
    waiting: { usage_days: number(form.usage_days), accrual_days: number(form.accrual_days) },
    carryover: { max: numberOrNull(form.carryover_max) },
    negative: { allowed: form.negative },
    ...(form.jurisdiction && { jurisdiction: form.jurisdiction }),
  };
}

/** Every field path the form shows (the API's 422 names them: `entitlement.levels[0].after`). */
function pathsOf(form, prefix) {
  const paths = [
    "effective_from", "leave_year", "entitlement.amount", "entitlement.level_transition", "accrual.method",
    "accrual.frequency", "accrual.timing", "accrual.first_period", "accrual.cap_per_year", "rounding.step",
    "rounding.mode", "waiting.usage_days", "waiting.accrual_days", "carryover.max", "negative.allowed",
  ];
  form.levels.forEach((_, i) => paths.push(`entitlement.levels[${i}].after`, `entitlement.levels[${i}].amount`));
  return paths.map((path) => prefix + path);
}

/** The API's field errors by the form's paths. The domain names them by dotted path
 * (`version.entitlement.levels[0].after`); the body's schema by the first part, the rest in
 * words (`{"version": "entitlement amount is required"}`): both land at their field.
 * `{at: {path: message}, shown: [keys of errors placed]}`. */
function errorsAt(error, paths) {
  const at = {};
  const shown = [];
  for (const [key, message] of Object.entries(error?.errors || {})) {
    if (paths.includes(key)) {
      at[key] = message;
      shown.push(key);
      continue;
    }
    for (const path of paths) {
      if (!path.startsWith(`${key}.`)) continue;
      const words = path.slice(key.length + 1).replace(/\[(\d+)\]/g, ".item $1").split(".").join(" ");
      if (String(message).startsWith(`${words} `)) {
        at[path] = String(message).slice(words.length + 1);
        shown.push(key);
        break;
      }
    }
  }
  return { at, shown };
}

/** The version's fields; `prefix` is where the API puts them (`version.` in a new policy). */
function VersionFields({ form, setForm, errors, prefix, unit }) {
  const set = (name) => (value) => setForm((f) => ({ ...f, [name]: value }));
  const err = (path) => errors[prefix + path] || null;
  const hourly = unit === "hours";
  const step = hourly ? "0.25" : "0.5";
  const setLevel = (i, name) => (value) =>
    setForm((f) => ({ ...f, levels: f.levels.map((level, j) => (j === i ? { ...level, [name]: value } : level)) }));
  const addLevel = () => setForm((f) => ({ ...f, levels: [...f.levels, { count: "", span: "Y", raw: "", amount: "" }] }));
  const removeLevel = (i) => setForm((f) => ({ ...f, levels: f.levels.filter((_, j) => j !== i) }));
  return html`
    <div class="form-grid">
      <${Field} label=${t("policies.appliesFrom")} type="date" required value=${form.effective_from} onValue=${set("effective_from")}
        hint=${t("policies.appliesFromHint")} error=${err("effective_from")} />
      <${Field} label=${hourly ? t("policies.amountHours") : t("policies.amountDays")} type="number" required min="0" step=${step}
        value=${form.amount} onValue=${set("amount")} error=${err("entitlement.amount")} />
    </div>
    <p class="leave-year">${t("policies.leaveYear")}</p>
    ${err("leave_year") && html`<p class="field-error">${err("leave_year")}</p>`}
    <fieldset class="field levels">
      <legend>${t("policies.levels")}</legend>
      <p class="hint">${t("policies.levelsHint")}</p>
      ${form.levels.map(
        (level, i) => html`<fieldset key=${i} class="level">
          <legend>${t("policies.level", { n: i + 1 })}</legend>
          <div class="level-fields">
            <${Field} label=${t("policies.levelAfter")} type="number" min="1" step="1" className="narrow" value=${level.count}
              onValue=${setLevel(i, "count")} hint=${level.raw ? t("policies.levelRaw", { after: level.raw }) : undefined}
              error=${err(`entitlement.levels[${i}].after`)} />
            <${Select} label=${t("policies.levelSpan")} value=${level.span} onValue=${setLevel(i, "span")}
              options=${SPANS.map((span) => ({ value: span, label: t(`policies.spans.${span}`) }))} />
            <${Field} label=${hourly ? t("policies.levelAmountHours") : t("policies.levelAmountDays")} type="number" min="0" step=${step}
              className="narrow" value=${level.amount} onValue=${setLevel(i, "amount")} error=${err(`entitlement.levels[${i}].amount`)} />
          </div>
          <button type="button" class="button small" onClick=${() => removeLevel(i)}>${t("policies.removeLevel", { n: i + 1 })}</button>
        </fieldset>`,
      )}
      <button type="button" class="button small" onClick=${addLevel}>${t("policies.addLevel")}</button>
      ${form.levels.length > 0 &&
      html`<${Select} label=${t("policies.transitionLabel")} value=${form.level_transition} onValue=${set("level_transition")}
        options=${optionsOf(TRANSITIONS, "policies.transition")} error=${err("entitlement.level_transition")} />`}
    </fieldset>
    <div class="form-grid">
      <${Select} label=${t("policies.methodLabel")} value=${form.method} onValue=${set("method")}
        options=${optionsOf(METHODS, "policies.method")} error=${err("accrual.method")} />
      ${form.method === "periodic" &&
      html`<${Select} label=${t("policies.frequencyLabel")} value=${form.frequency} onValue=${set("frequency")}
          options=${optionsOf(FREQUENCIES, "policies.frequency")} error=${err("accrual.frequency")} />
        <${Select} label=${t("policies.timingLabel")} value=${form.timing} onValue=${set("timing")}
          options=${optionsOf(TIMINGS, "policies.timingOption")} error=${err("accrual.timing")} />
        <${Select} label=${t("policies.firstPeriodLabel")} value=${form.first_period} onValue=${set("first_period")}
          options=${optionsOf(FIRST_PERIODS, "policies.firstPeriod")} error=${err("accrual.first_period")} />`}
      <${Field} label=${t("policies.capPerYear")} type="number" min="0" step=${step} value=${form.cap_per_year} onValue=${set("cap_per_year")}
        hint=${t("policies.capPerYearHint")} error=${err("accrual.cap_per_year")} />
      <${Field} label=${t("policies.carryoverMax")} type="number" min="0" step=${step} value=${form.carryover_max} onValue=${set("carryover_max")}
        hint=${t("policies.carryoverMaxHint")} error=${err("carryover.max")} />
      <${Field} label=${t("policies.usageDays")} type="number" min="0" max="3660" step="1" value=${form.usage_days} onValue=${set("usage_days")}
        hint=${t("policies.usageDaysHint")} error=${err("waiting.usage_days")} />
      <${Field} label=${t("policies.accrualDays")} type="number" min="0" max="3660" step="1" value=${form.accrual_days} onValue=${set("accrual_days")}
        hint=${t("policies.accrualDaysHint")} error=${err("waiting.accrual_days")} />
      <${Field} label=${t("policies.roundingStep")} type="number" min="0" step="0.01" value=${form.step} onValue=${set("step")}
        hint=${t("policies.roundingStepHint")} error=${err("rounding.step")} />
      <${Select} label=${t("policies.roundingMode")} value=${form.mode} onValue=${set("mode")}
        options=${optionsOf(ROUNDING_MODES, "policies.rounding")} error=${err("rounding.mode")} />
    </div>
    <${Checkbox} label=${t("policies.negative")} checked=${form.negative} onValue=${set("negative")} error=${err("negative.allowed")} />
    ${form.jurisdiction && html`<p class="muted small">${t("policies.facts.jurisdiction", { code: form.jurisdiction })}</p>`}
  `;
}

/** The version in force today of a type's default policy: where a new policy starts. */
function defaultBody(policies, typeId) {
  const policy = policies.find((p) => p.leave_type_id === typeId && p.is_default);
  if (!policy) return {};
  const today = todayIso();
  const version = [...policy.versions].reverse().find((v) => v.effective_from <= today) || policy.versions[0];
  return version?.body || {};
}

function PolicyDialog({ types, policies, onClose, onSaved }) {
  const choices = tracked(types).filter((type) => type.is_active);
  const [typeId, setTypeId] = useState(choices[0] ? String(choices[0].id) : "");
  const [name, setName] = useState("");
  const [form, setForm] = useState(() => formOf(defaultBody(policies, Number(typeId))));
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const keys = useMemo(attemptKeys, []);
  const type = choices.find((choice) => String(choice.id) === typeId);
  const chooseType = (value) => {
    setTypeId(value);
    setForm((f) => ({ ...formOf(defaultBody(policies, Number(value))), effective_from: f.effective_from }));
  };
  const { at, shown } = errorsAt(error, [...pathsOf(form, "version."), "leave_type_id", "name"]);
  const save = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = { leave_type_id: Number(typeId), name: name.trim(), version: bodyOf(form) };
    try {
      const made = await createPolicy(body, keys.keyFor(body));
      keys.settle();
      notify(t("policies.created", { name: made.name }));
      onClose();
      onSaved();
    } catch (problem) {
      keys.settle(problem);
      setError(problem);
      setBusy(false);
    }
  };
  return html`<${Dialog} title=${t("policies.new")} onClose=${onClose} className="wide">
    <form onSubmit=${save} novalidate>
      <div class="form-grid">
        <${Field} label=${t("policies.name")} required value=${name} onValue=${setName} error=${at.name} />
        <${Select} label=${t("request.leaveType")} required value=${typeId} onValue=${chooseType} error=${at.leave_type_id}
          options=${choices.map((choice) => ({ value: String(choice.id), label: choice.name }))} />
      </div>
      <p class="hint">${t("policies.newHint")}</p>
      <h3 class="form-part">${t("policies.firstVersion")}</h3>
      <${VersionFields} form=${form} setForm=${setForm} errors=${at} prefix="version." unit=${type?.unit} />
      <${ProblemAlert} error=${error} shownFields=${shown} />
      <div class="actions">
        <button type="submit" class="button primary" disabled=${busy}>${t("policies.create")}</button>
        <button type="button" class="button" onClick=${onClose}>${t("common.cancel")}</button>
      </div>
    </form>
  <//>`;
}

/** A new version: the form (a copy of the latest version), then what it would change for
 * everyone following the policy (a dry run), then "Save version". Changing the form after
 * the dry run asks for a new one. */
function VersionDialog({ policy, type, onClose, onSaved }) {
  const latest = policy.versions[policy.versions.length - 1];
  const [form, setFormRaw] = useState(() => formOf(latest?.body));
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [dry, setDry] = useState(null);
  const keys = useMemo(attemptKeys, []);
  const resultHeading = useRef(null);
  const setForm = (change) => {
    setFormRaw(change);
    setDry(null);
  };
  useEffect(() => {
    if (dry) resultHeading.current?.focus();
  }, [dry]);
  const { at, shown } = errorsAt(error, pathsOf(form, ""));
  const check = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = bodyOf(form);
    try {
      const result = await tryPolicyVersion(policy.id, body);
      const people = await usersById(result.items.map((item) => item.user_id));
      setDry({ body, items: result.items, people });
    } catch (problem) {
      setError(problem);
    }
    setBusy(false);
  };
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await addPolicyVersion(policy.id, dry.body, keys.keyFor(dry.body));
      keys.settle();
      notify(t("policies.versionSaved", { name: policy.name, date: formatDate(dry.body.effective_from) }));
      onClose();
      onSaved();
    } catch (problem) {
      keys.settle(problem);
      setError(problem);
      setBusy(false);
    }
  };
  const unit = type?.unit || "days";
  return html`<${Dialog} title=${t("policies.versionTitle", { name: policy.name })} onClose=${onClose} className="wide">
    <form onSubmit=${check} novalidate>
      <p class="hint">${t("policies.versionHint")}</p>
      <${VersionFields} form=${form} setForm=${setForm} errors=${at} prefix="" unit=${unit} />
      <${ProblemAlert} error=${error} shownFields=${shown} />
      ${!dry &&
      html`<div class="actions">
        <button type="submit" class="button primary" disabled=${busy}>${t("policies.check")}</button>
        <button type="button" class="button" onClick=${onClose}>${t("common.cancel")}</button>
      </div>`}
    </form>
    ${dry &&
    html`<section class="dry-run" aria-labelledby="dry-run-title">
      <h3 id="dry-run-title" tabindex="-1" ref=${resultHeading}>${t("policies.dryRun.title")}</h3>
      <p>${t("policies.dryRun.intro", { date: formatDate(dry.body.effective_from) })}</p>
      <${DryRunTable} items=${dry.items} people=${dry.people} unit=${unit} />
      <div class="actions">
        <button type="button" class="button primary" disabled=${busy} onClick=${save}>${t("policies.saveVersion")}</button>
        <button type="button" class="button" onClick=${onClose}>${t("common.cancel")}</button>
      </div>
    </section>`}
  <//>`;
}

function DryRunTable({ items, people, unit }) {
  if (items.length === 0) return html`<p class="muted">${t("policies.dryRun.nobody")}</p>`;
  const columns = [t("policies.dryRun.person"), t("policies.dryRun.year"), t("policies.dryRun.before"), t("policies.dryRun.after"), t("policies.dryRun.delta")];
  return html`<table class="table stack dry-run-table">
    <caption class="visually-hidden">${t("policies.dryRun.title")}</caption>
    <thead><tr>${columns.map((column) => html`<th key=${column} scope="col">${column}</th>`)}</tr></thead>
    <tbody>
      ${items.map((item) => {
        const cells = [
          people[item.user_id]?.full_name || t("users.userNumber", { id: item.user_id }),
          item.leave_year,
          formatAmount(item.before, unit),
          formatAmount(item.after, unit),
          formatSigned(item.delta, unit),
        ];
        return html`<tr key=${`${item.user_id}-${item.leave_year}`}>
          ${cells.map((cell, i) => html`<td key=${i} data-label=${columns[i]}>${cell}</td>`)}
        </tr>`;
      })}
    </tbody>
  </table>`;
}

// --- who follows which policy ------------------------------------------------------------------

/** "Vacation: Senior staff", for choosing among every type's policies. */
const policyLabel = (policy, types) => `${types.find((type) => type.id === policy.leave_type_id)?.name || t("common.leave")}: ${policy.name}`;

/** Everyone in a team to one policy from a day: a PUT per member, then how it went. */
function AssignTeam({ types, policies }) {
  const teamList = useFetch(() => loadTeams(), []);
  const [form, setForm] = useState({ team_id: "", policy_id: "", effective_from: "" });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [result, setResult] = useState(null);
  const set = (name) => (value) => setForm((f) => ({ ...f, [name]: value }));
  const choices = policies.filter((policy) => policy.is_active);
  const ready = form.team_id && form.policy_id && form.effective_from;
  const assign = async (event) => {
    event.preventDefault();
    if (!ready) return;
    setBusy(true);
    setError(null);
    setResult(null);
    const policy = choices.find((p) => String(p.id) === form.policy_id);
    const team = teamList.data.find((tm) => String(tm.id) === form.team_id);
    try {
      const members = await allTeamMembers(team.id);
      const body = { policy_id: policy.id, effective_from: form.effective_from };
      const outcomes = await Promise.all(
        members.map((member) =>
          assignPolicy(member.id, policy.leave_type_id, body).then(
            () => ({ member }),
            (problem) => ({ member, problem }),
          ),
        ),
      );
      setResult({ team, policy, date: form.effective_from, outcomes });
    } catch (problem) {
      setError(problem);
    }
    setBusy(false);
  };
  return html`<form class="panel assign-team" aria-labelledby="assign-team-title" onSubmit=${assign} novalidate>
    <h3 id="assign-team-title">${t("policies.bulk.title")}</h3>
    <p class="hint">${t("policies.bulk.hint")}</p>
    <div class="form-grid">
      <${Select} label=${t("policies.bulk.team")} required value=${form.team_id} onValue=${set("team_id")} placeholder=${t("request.chooseType")}
        options=${(teamList.data || []).map((team) => ({ value: String(team.id), label: team.name }))} />
      <${Select} label=${t("policies.bulk.policy")} required value=${form.policy_id} onValue=${set("policy_id")} placeholder=${t("request.chooseType")}
        options=${choices.map((policy) => ({ value: String(policy.id), label: policyLabel(policy, types) }))} />
      <${Field} label=${t("assignments.from")} type="date" required value=${form.effective_from} onValue=${set("effective_from")}
        hint=${t("assignments.fromHint")} />
    </div>
    <${ProblemAlert} error=${error || teamList.error} />
    <button type="submit" class="button primary" disabled=${busy || !ready}>${t("policies.bulk.assign")}</button>
    <div role="status">${result && html`<${BulkResult} ...${result} />`}</div>
  </form>`;
}

function BulkResult({ team, policy, date, outcomes }) {
  if (outcomes.length === 0) return html`<p class="alert alert-info">${t("policies.bulk.empty", { team: team.name })}</p>`;
  const failed = outcomes.filter((outcome) => outcome.problem);
  return html`<div class=${`alert ${failed.length ? "alert-warning" : "alert-ok"}`}>
    <p>${t("policies.bulk.done", {
      done: outcomes.length - failed.length,
      count: outcomes.length,
      team: team.name,
      policy: policy.name,
      date: formatDate(date),
    })}</p>
    ${failed.length > 0 &&
    html`<ul>
      ${failed.map((outcome) => html`<li key=${outcome.member.id}>${outcome.member.full_name}: ${outcome.problem.detail}</li>`)}
    </ul>`}
  </div>`;
}

/** Admin › Users › a person: which policy they follow for each leave type and from when,
 * and a change (from a day on; the one in force then ends the day before). */
export function PolicyAssignments({ user }) {
  const state = useFetch(
    async (signal) => {
      const [types, policies, assignments] = await Promise.all([
        leaveTypes(),
        allPolicies({}, signal),
        listAssignments(user.id, signal),
      ]);
      return { types: tracked(types), policies, assignments: assignments.items };
    },
    [user.id],
  );
  return html`<section class="panel wide-form" aria-labelledby="assignments-title">
    <h3 id="assignments-title">${t("assignments.title")}</h3>
    <p class="hint">${t("assignments.hint", { name: user.full_name })}</p>
    <${Loaded} state=${state}>
      ${({ types, policies, assignments }) =>
        types.length === 0
          ? html`<p class="muted">${t("policies.none")}</p>`
          : types.map(
              (type) => html`<${AssignmentForm} key=${type.id} user=${user} type=${type}
                policies=${policies.filter((policy) => policy.leave_type_id === type.id)}
                assignments=${assignments.filter((a) => a.leave_type_id === type.id)} onSaved=${state.reload} />`,
            )}
    <//>
  </section>`;
}

function AssignmentForm({ user, type, policies, assignments, onSaved }) {
  const headingId = useId();
  const today = todayIso();
  const [form, setForm] = useState({ policy_id: "", effective_from: "" });
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (name) => (value) => setForm((f) => ({ ...f, [name]: value }));
  const nameOf = (id) => policies.find((policy) => policy.id === id)?.name || t("policies.number", { id });
  const fallback = policies.find((policy) => policy.is_default);
  const current = assignments.find((a) => a.effective_from <= today && (!a.effective_to || a.effective_to >= today));
  const now = current
    ? nameOf(current.policy_id)
    : fallback
      ? t("assignments.defaultPolicy", { name: fallback.name })
      : t("assignments.noPolicy");
  const save = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = {
        ...(form.policy_id && { policy_id: Number(form.policy_id) }),
        ...(form.effective_from && { effective_from: form.effective_from }),
      };
      const made = await assignPolicy(user.id, type.id, body);
      notify(t("assignments.saved", { name: user.full_name, policy: nameOf(made.policy_id), date: formatDate(made.effective_from) }));
      setForm({ policy_id: "", effective_from: "" });
      onSaved();
    } catch (problem) {
      setError(problem);
    }
    setBusy(false);
  };
  return html`<form class="assignment" aria-labelledby=${headingId} onSubmit=${save} novalidate>
    <h4 id=${headingId}>${type.name}</h4>
    <p>${t("assignments.today", { policy: now })}</p>
    ${assignments.length > 0 &&
    html`<ul class="plain-list small assignment-list">
      ${[...assignments].sort((a, b) => a.effective_from.localeCompare(b.effective_from)).map(
        (a) => html`<li key=${a.id}>${a.effective_to
          ? t("assignments.range", { policy: nameOf(a.policy_id), from: formatDate(a.effective_from), to: formatDate(a.effective_to) })
          : t("assignments.since", { policy: nameOf(a.policy_id), from: formatDate(a.effective_from) })}</li>`,
      )}
    </ul>`}
    <div class="form-grid">
      <${Select} label=${t("assignments.policy")} required value=${form.policy_id} onValue=${set("policy_id")} placeholder=${t("request.chooseType")}
        options=${policies.filter((policy) => policy.is_active).map((policy) => ({ value: String(policy.id), label: policy.name }))}
        error=${error?.errors?.policy_id} />
      <${Field} label=${t("assignments.from")} type="date" required value=${form.effective_from} onValue=${set("effective_from")}
        hint=${t("assignments.fromHint")} error=${error?.errors?.effective_from} />
    </div>
    <${ProblemAlert} error=${error} shownFields=${["policy_id", "effective_from"]} />
    <button type="submit" class="button" disabled=${busy}>${t("assignments.assign")}<span class="visually-hidden"> ${type.name}</span></button>
  </form>`;
}
