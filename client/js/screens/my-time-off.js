// "My time off": a card per leave type with taken / scheduled / pending / available in the
// type's unit (days or hours, with about as much in the other unit), for a year the person
// can switch; their upcoming absences; the holidays ahead.
import { userBalances } from "../api/balances.js";
import { listHolidays } from "../api/holidays.js";
import { listRequests } from "../api/requests.js";
import { Empty, Loaded, StatusBadge } from "../components/feedback.js";
import { useFetch } from "../data.js";
import { html, useState } from "../html.js";
import { t } from "../i18n.js";
import { formatAmount, formatDate, formatDayShort, formatNumber, formatPeriod, otherUnit, todayIso } from "../format.js";
import { leaveTypesById } from "../lookups.js";
import { href } from "../router.js";

const PARTS = ["taken", "scheduled", "pending", "available"];

export function MyTimeOffScreen({ user }) {
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  return html`
    <div class="screen-head">
      <h1 tabindex="-1">${t("nav.myTimeOff")}</h1>
      <a class="button primary" href=${href("/request")}>${t("nav.requestTimeOff")}</a>
    </div>
    <section aria-labelledby="balances-title">
      <div class="section-head">
        <h2 id="balances-title">${t("balances.title", { year })}</h2>
        <div class="year-switch" role="group" aria-label=${t("balances.year")}>
          <button type="button" class="button small" onClick=${() => setYear(year - 1)}
            aria-label=${t("balances.previousYear", { year: year - 1 })}>‹ ${year - 1}</button>
          <button type="button" class="button small" disabled=${year === thisYear} onClick=${() => setYear(thisYear)}>
            ${t("balances.thisYear")}
          </button>
          <button type="button" class="button small" onClick=${() => setYear(year + 1)}
            aria-label=${t("balances.nextYear", { year: year + 1 })}>${year + 1} ›</button>
        </div>
      </div>
      <${Balances} key=${year} user=${user} year=${year} />
    </section>
    <div class="columns">
      <${Upcoming} user=${user} />
      <${HolidaysAhead} />
    </div>
  `;
}

function Balances({ user, year }) {
  // A future year shows what it will hold (its whole allowance), not what is credited today.
  const asOf = year > new Date().getFullYear() ? `${year}-12-31` : undefined;
  const state = useFetch(
    (signal) => userBalances(user.id, { year, as_of: asOf }, signal),
    [user.id, year],
  );
  return html`<${Loaded} state=${state}>
    ${(body) =>
      body.items.length === 0
        ? html`<${Empty} title=${t("balances.none")}><p>${t("balances.noneHint")}</p><//>`
        : html`<ul class="cards balance-cards">
            ${body.items.map((balance) => html`<li key=${balance.leave_type_id}><${BalanceCard} balance=${balance} /></li>`)}
          </ul>`}
  <//>`;
}

function BalanceCard({ balance }) {
  const total = PARTS.reduce((sum, part) => sum + Math.max(Number(balance[part] || 0), 0), 0);
  const titleId = `balance-${balance.leave_type_id}`;
  return html`<article class="card balance" aria-labelledby=${titleId}>
    <h3 id=${titleId}><span class="swatch" style=${{ "--swatch": balance.leave_type.color }} aria-hidden="true"></span>
      ${balance.leave_type.name}</h3>
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
    </p>`}
  </article>`;
}

function Upcoming({ user }) {
  const today = todayIso();
  const state = useFetch(
    async (signal) => {
      const [page, types] = await Promise.all([
        listRequests({ user_id: user.id, from: today, sort: "start_date", per_page: 20 }, signal),
        leaveTypesById(),
      ]);
      const items = page.items.filter((r) => r.status === "approved" || r.status === "pending").slice(0, 6);
      return { items, types };
    },
    [user.id],
  );
  return html`<section class="panel" aria-labelledby="upcoming-title">
    <h2 id="upcoming-title">${t("upcoming.title")}</h2>
    <${Loaded} state=${state}>
      ${({ items, types }) =>
        items.length === 0
          ? html`<${Empty} title=${t("upcoming.none")}>
              <p><a href=${href("/request")}>${t("upcoming.plan")}</a></p>
            <//>`
          : html`<ul class="plain-list">
              ${items.map(
                (r) => html`<li key=${r.id} class="list-row">
                  <span><strong>${types[r.leave_type_id]?.name || t("common.leave")}</strong><br />
                    <span class="muted">${formatPeriod(r)}</span></span>
                  <span class="row-end">${formatAmount(r.amount, r.unit)} <${StatusBadge} status=${r.status} /></span>
                </li>`,
              )}
            </ul>`}
    <//>
  </section>`;
}

function HolidaysAhead() {
  const today = todayIso();
  const year = Number(today.slice(0, 4));
  const state = useFetch(async (signal) => {
    const [now, next] = await Promise.all([listHolidays({ year }, signal), listHolidays({ year: year + 1 }, signal)]);
    return [...now.items, ...next.items].filter((h) => h.date >= today).slice(0, 6);
  }, []);
  return html`<section class="panel" aria-labelledby="holidays-title">
    <h2 id="holidays-title">${t("holidaysAhead.title")}</h2>
    <${Loaded} state=${state}>
      ${(items) =>
        items.length === 0
          ? html`<${Empty} title=${t("holidaysAhead.none")}><p>${t("holidaysAhead.noneHint")}</p><//>`
          : html`<ul class="plain-list">
              ${items.map(
                (h) => html`<li key=${h.date + h.name} class="list-row">
                  <span><strong>${h.name}</strong>
                    ${h.source === "company" && html` <span class="tag">${t("holidays.company")}</span>`}</span>
                  <time class="row-end" datetime=${h.date} title=${formatDate(h.date, "full")}>${formatDayShort(h.date)}</time>
                </li>`,
              )}
            </ul>`}
    <//>
  </section>`;
}
