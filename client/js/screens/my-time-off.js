// "My time off": a card per leave type with taken / scheduled / pending / available in the
// type's unit (days or hours, with about as much in the other unit), for a year the person
// can switch, each with the ledger entries behind it; what they will have on a day ahead;
// their upcoming absences; the holidays ahead.
import { forecastBalances } from "../api/balances.js";
import { listHolidays } from "../api/holidays.js";
import { listRequests } from "../api/requests.js";
import { BalanceCards } from "../components/balance-cards.js";
import { Empty, Loaded, ProblemAlert, StatusBadge } from "../components/feedback.js";
import { Field, fieldError } from "../components/form.js";
import { useFetch } from "../data.js";
import { html, useState } from "../html.js";
import { t } from "../i18n.js";
import { formatAmount, formatDate, formatDayShort, formatPeriod, todayIso } from "../format.js";
import { leaveTypesById } from "../lookups.js";
import { href } from "../router.js";

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
      <${BalanceCards} key=${year} person=${user} year=${year} own />
    </section>
    <div class="columns">
      <${Forecast} user=${user} />
      <${Upcoming} user=${user} />
      <${HolidaysAhead} />
    </div>
  `;
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

/** "On 1 March you will have…": the balances as they will stand on a day ahead (what the
 * policies credit by then, less the leave booked and pending). */
function Forecast({ user }) {
  const today = todayIso();
  const [date, setDate] = useState("");
  const state = useFetch(
    (signal) => (date ? forecastBalances(user.id, date, signal) : Promise.resolve(null)),
    [user.id, date],
  );
  const dateError = fieldError(state.error, "date");
  const items = (state.data?.items || []).filter((balance) => !balance.unlimited);
  return html`<section class="panel forecast" aria-labelledby="forecast-title">
    <h2 id="forecast-title">${t("forecast.title")}</h2>
    <${Field} label=${t("forecast.date")} type="date" min=${today} value=${date} onValue=${setDate}
      hint=${t("forecast.hint")} error=${dateError} />
    ${state.error && !dateError && html`<${ProblemAlert} error=${state.error} />`}
    <div aria-live="polite" aria-busy=${state.loading && date ? "true" : undefined}>
      ${date && state.data &&
      html`<p>${t("forecast.lead", { date: formatDate(date) })}</p>
        ${items.length === 0
          ? html`<p class="muted">${t("forecast.none")}</p>`
          : html`<ul class="plain-list">
              ${items.map(
                (balance) => html`<li key=${balance.leave_type_id} class="list-row">
                  <span><span class="swatch" style=${{ "--swatch": balance.leave_type.color }} aria-hidden="true"></span>
                    ${balance.leave_type.name}</span>
                  <span class="row-end"><strong>${formatAmount(balance.available, balance.unit)}</strong> ${t("balances.availableSuffix")}</span>
                </li>`,
              )}
            </ul>`}`}
    </div>
  </section>`;
}
