// A person's balances for a year: a card per leave type with taken / scheduled / pending /
// available in the type's unit (days or hours, with about as much in the other unit), and
// "Why this amount?" on each, opening the ledger entries behind it. On "My time off" for
// oneself; in Admin › Users for anyone.
import { userBalances } from "../api/balances.js";
import { useFetch } from "../data.js";
import { html, useState } from "../html.js";
import { t } from "../i18n.js";
import { formatAmount, formatNumber, otherUnit } from "../format.js";
import { Empty, Loaded } from "./feedback.js";
import { LedgerDialog } from "./ledger-dialog.js";

const PARTS = ["taken", "scheduled", "pending", "available"];

/** `own`: the reader's own balances (the empty state and the dialog's title say so);
 * `level`: the cards' heading level (3 under a screen's h2). */
export function BalanceCards({ person, year, own, level = 3 }) {
  // A future year shows what it will hold (its whole allowance), not what is credited today.
  const asOf = year > new Date().getFullYear() ? `${year}-12-31` : undefined;
  const state = useFetch((signal) => userBalances(person.id, { year, as_of: asOf }, signal), [person.id, year]);
  const [ledger, setLedger] = useState(null);
  return html`<${Loaded} state=${state}>
      ${(body) =>
        body.items.length === 0
          ? html`<${Empty} title=${t("balances.none")}><p>${t("balances.noneHint")}</p><//>`
          : html`<ul class="cards balance-cards">
              ${body.items.map(
                (balance) => html`<li key=${balance.leave_type_id}>
                  <${BalanceCard} balance=${balance} level=${level} onWhy=${() => setLedger(balance)} />
                </li>`,
              )}
            </ul>`}
    <//>
    ${ledger && html`<${LedgerDialog} person=${person} balance=${ledger} own=${own} onClose=${() => setLedger(null)} />`}`;
}

function BalanceCard({ balance, level, onWhy }) {
  const total = PARTS.reduce((sum, part) => sum + Math.max(Number(balance[part] || 0), 0), 0);
  const titleId = `balance-${balance.leave_type_id}`;
  const heading = `h${level}`;
  return html`<article class="card balance" aria-labelledby=${titleId}>
    <${heading} id=${titleId}><span class="swatch" style=${{ "--swatch": balance.leave_type.color }} aria-hidden="true"></span>
      ${balance.leave_type.name}<//>
    <p class="balance-headline">
      ${balance.unlimited
        ? html`<strong>${t("balances.unlimited")}</strong>`
        : html`<strong>${formatAmount(balance.available, balance.unit)}</strong> ${t("balances.availableSuffix")}`}
      ${balance.display_equivalent !== null && balance.display_equivalent !== undefined &&
      html` <span class="equivalent muted small">${t("balances.equivalent", { amount: formatAmount(balance.display_equivalent, otherUnit(balance.unit)) })}</span>`}
    </p>
    ${total > 0 &&
    html`<div class="bar" aria-hidden="true">
      ${PARTS.filter((part) => Number(balance[part]) > 0).map(
        (part) => html`<span key=${part} class=${`bar-part bar-${part}`}
          style=${{ "--share": `${(100 * Number(balance[part])) / total}%`, "--swatch": balance.leave_type.color }}></span>`,
      )}
    </div>`}
    <dl class="balance-parts">
      ${PARTS.filter((part) => !(balance.unlimited && part === "available")).map(
        (part) => html`<div key=${part} class=${`part part-${part}`}>
          <dt><span class=${`key key-${part}`} style=${{ "--swatch": balance.leave_type.color }} aria-hidden="true"></span>${t(`balances.${part}`)}</dt>
          <dd>${balance[part] === null ? "—" : formatNumber(balance[part])}</dd>
        </div>`,
      )}
    </dl>
    ${!balance.unlimited &&
    html`<p class="muted small">
        ${t("balances.sources", {
          entitlement: formatNumber(balance.entitlement ?? 0),
          carried: formatNumber(balance.carried_over),
          adjustments: formatNumber(balance.adjustments),
        })}
      </p>
      <button type="button" class="link-button why" onClick=${onWhy}>
        ${t("ledger.open")}<span class="visually-hidden"> ${t("ledger.openWhich", { type: balance.leave_type.name })}</span>
      </button>`}
  </article>`;
}
