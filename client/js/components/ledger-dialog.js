// "Why this amount?": the ledger entries behind one balance (a person, a leave type, a
// leave year), oldest first, each in words: the day it counts from, what it is, how much
// (signed, in the type's unit) and what caused it (a request, an adjustment and its reason,
// the policy, the year end); reversals are marked. "Load more" follows the cursor
// (`next_after`). Once every entry is loaded, their sum is set against the balance: less
// what pending requests hold, it is what is available.
import { allPolicies } from "../api/policies.js";
import { listLedger } from "../api/ledger.js";
import { useFetch } from "../data.js";
import { html, useState } from "../html.js";
import { hasMessage, t } from "../i18n.js";
import { formatAmount, formatDate, formatSigned } from "../format.js";
import { Dialog } from "./dialog.js";
import { Loaded, ProblemAlert } from "./feedback.js";

const PER_PAGE = 25;

/** `balance` is one of `/balances`' items; `person` is whose (`{id, full_name}`), named in
 * the title when it is not the reader's own. */
export function LedgerDialog({ person, balance, own, onClose }) {
  const typeId = balance.leave_type_id;
  const year = balance.year;
  const first = useFetch(
    async (signal) => {
      const [page, policies] = await Promise.all([
        listLedger(person.id, { leave_type_id: typeId, year, per_page: PER_PAGE }, signal),
        // Only to name the policy behind an accrual; the entries stand without it.
        allPolicies({ leave_type_id: typeId }, signal).catch(() => []),
      ]);
      const versions = {};
      for (const policy of policies) for (const version of policy.versions) versions[version.id] = policy.name;
      return { page, versions };
    },
    [person.id, typeId, year],
  );
  const [more, setMore] = useState({ items: [], next: undefined, busy: false, error: null });
  const loadMore = async (after) => {
    setMore((m) => ({ ...m, busy: true, error: null }));
    try {
      const page = await listLedger(person.id, { leave_type_id: typeId, year, per_page: PER_PAGE, after });
      setMore((m) => ({ items: [...m.items, ...page.items], next: page.next_after, busy: false, error: null }));
    } catch (problem) {
      setMore((m) => ({ ...m, busy: false, error: problem }));
    }
  };
  const title = own
    ? t("ledger.title", { type: balance.leave_type.name, year })
    : t("ledger.titleOf", { type: balance.leave_type.name, year, name: person.full_name });
  return html`<${Dialog} title=${title} onClose=${onClose} className="wide ledger-dialog">
    <p class="muted">${t("ledger.explain")}</p>
    <${Loaded} state=${first}>
      ${({ page, versions }) => {
        const entries = [...page.items, ...more.items];
        const next = more.next === undefined ? page.next_after : more.next;
        return html`<${Entries} entries=${entries} versions=${versions} unit=${balance.unit} year=${year} />
          ${next
            ? html`<p class="muted small">${t("ledger.shown", { count: entries.length })}</p>
                <${ProblemAlert} error=${more.error} />
                <button type="button" class="button" disabled=${more.busy} onClick=${() => loadMore(next)}>
                  ${more.busy ? t("common.loading") : t("ledger.loadMore")}
                </button>`
            : html`<${Total} entries=${entries} balance=${balance} />`}`;
      }}
    <//>
    <div class="actions">
      <button type="button" class="button" onClick=${onClose}>${t("ledger.close")}</button>
    </div>
  <//>`;
}

function Entries({ entries, versions, unit, year }) {
  if (entries.length === 0) return html`<p class="empty-title">${t("ledger.none", { year })}</p>`;
  const byId = Object.fromEntries(entries.map((entry) => [entry.id, entry]));
  const reversed = new Set(entries.map((entry) => entry.reverses_id).filter(Boolean));
  return html`<table class="table stack ledger">
    <caption class="visually-hidden">${t("ledger.caption", { year })}</caption>
    <thead><tr>
      <th scope="col">${t("ledger.date")}</th>
      <th scope="col">${t("ledger.kind")}</th>
      <th scope="col" class="amount">${t("ledger.amount")}</th>
      <th scope="col">${t("ledger.cause")}</th>
    </tr></thead>
    <tbody>
      ${entries.map(
        (entry) => html`<tr key=${entry.id} class=${reversed.has(entry.id) ? "is-reversed" : undefined}>
          <td data-label=${t("ledger.date")}><time datetime=${entry.effective_date}>${formatDate(entry.effective_date)}</time></td>
          <td data-label=${t("ledger.kind")}>
            ${kindName(entry.kind)}
            ${reversed.has(entry.id) && html` <span class="tag">${t("ledger.reversed")}</span>`}
            ${entry.reverses_id && html` <span class="tag">${t("ledger.reversal")}</span>`}
          </td>
          <td data-label=${t("ledger.amount")} class="amount">${formatSigned(entry.amount, entry.unit || unit)}</td>
          <td data-label=${t("ledger.cause")}>
            ${causeText(entry, versions)}
            ${entry.reverses_id &&
            html`<br /><span class="muted small">${byId[entry.reverses_id]
              ? t("ledger.takesBack", { date: formatDate(byId[entry.reverses_id].effective_date), amount: formatSigned(byId[entry.reverses_id].amount, entry.unit || unit) })
              : t("ledger.takesBackEntry", { id: entry.reverses_id })}</span>`}
          </td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

/** The sum of the entries against the balance: less what pending requests hold, it is the
 * `available` amount; what the balance counts beyond them is not written yet (credits are
 * written when due, by the hourly jobs). */
function Total({ entries, balance }) {
  if (entries.length === 0 && balance.unlimited) return null;
  const unit = balance.unit;
  const sum = round(entries.reduce((total, entry) => total + Number(entry.amount), 0));
  const pending = round(Number(balance.pending || 0));
  const available = balance.available === null ? null : round(Number(balance.available));
  const gap = available === null ? 0 : round(available - (sum - pending));
  return html`<dl class="ledger-total">
      <div class="total-sum"><dt>${t("ledger.sum")}</dt><dd>${formatAmount(sum, unit)}</dd></div>
      <div class="total-pending"><dt>${t("ledger.pending")}</dt><dd>${formatSigned(-pending, unit)}</dd></div>
      ${gap !== 0 && html`<div class="total-gap"><dt>${t("ledger.notYet")}</dt><dd>${formatSigned(gap, unit)}</dd></div>`}
      ${available !== null &&
      html`<div class="total-available"><dt>${t("ledger.available")}</dt><dd><strong>${formatAmount(available, unit)}</strong></dd></div>`}
    </dl>
    ${gap !== 0 && html`<p class="muted small">${t("ledger.notYetHint")}</p>`}`;
}

const round = (value) => Math.round(value * 100) / 100;

function kindName(kind) {
  return hasMessage(`ledger.kinds.${kind}`) ? t(`ledger.kinds.${kind}`) : kind;
}

/** What wrote an entry, in words: "Request #12", "Adjustment: Conference weekend worked",
 * "Policy Vacation, 2026", "Year end 2025". */
function causeText(entry, versions) {
  const cause = entry.cause || {};
  switch (cause.type) {
    case "leave_request":
      return t("ledger.causes.request", { id: cause.id });
    case "adjustment":
      return entry.reason ? t("ledger.causes.adjustment", { reason: entry.reason }) : t("ledger.kinds.adjustment");
    case "policy_version": {
      const policy = versions[cause.id] ? t("ledger.causes.policyNamed", { name: versions[cause.id] }) : t("ledger.causes.policy");
      return cause.period ? t("ledger.causes.withPeriod", { cause: policy, period: cause.period }) : policy;
    }
    case "year_end":
      return t("ledger.causes.yearEnd", { period: cause.period || "" });
    default:
      return cause.type ? `${cause.type}${cause.id ? ` #${cause.id}` : ""}` : "—";
  }
}
