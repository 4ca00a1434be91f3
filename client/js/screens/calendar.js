// "Team calendar": a month grid with a row for every person the calendar returns (absent or
// not), their non-working days and holidays shaded, half days as half cells, a few hours (an
// hour part) as a small mark, and colleagues' private leave as "Away". On a narrow screen: a
// list per day instead.
import { getCalendar } from "../api/calendar.js";
import { Empty, Loaded } from "../components/feedback.js";
import { Select } from "../components/form.js";
import { useFetch, useMediaQuery } from "../data.js";
import { html, useMemo, useState } from "../html.js";
import { t } from "../i18n.js";
import { formatAmount, formatDate, formatMonth, formatPart, formatPeriod, isoDate, parseDate, todayIso, weekdayIndex, weekdayName } from "../format.js";
import { teams as loadTeams } from "../lookups.js";

const ROWS_AT_ONCE = 60;

function monthDays(first) {
  const days = [];
  const cursor = new Date(first.getFullYear(), first.getMonth(), 1);
  while (cursor.getMonth() === first.getMonth()) {
    days.push(isoDate(cursor));
    cursor.setDate(cursor.getDate() + 1);
  }
  return days;
}

/** Whether a holiday applies to a person: company holidays without a country apply to
 * everyone; others to their country, and a subdivision's only to that subdivision. */
function holidayApplies(holiday, person) {
  if (!holiday.country) return true;
  if (holiday.country !== person.country) return false;
  return !holiday.subdivision || holiday.subdivision === person.subdivision;
}

/** The hours an absence takes on `day`, when it takes hours rather than the day. */
function hourPart(absence, day) {
  return (absence.parts || []).find((part) => part.date === day);
}

/** For one absence on one day: "full", "am" (morning only), "pm" (afternoon only) or
 * "part" (some hours). */
function partOfDay(absence, day) {
  if (hourPart(absence, day)) return "part";
  const starts = day === absence.start_date && absence.start_half;
  const ends = day === absence.end_date && absence.end_half;
  if (starts && !ends) return "pm";
  if (ends && !starts) return "am";
  return "full";
}

function typeName(absence) {
  return absence.leave_type?.name || t("calendar.away");
}

/** What an absence takes of `day` when not all of it ("morning", "2 h, 14:00–16:00"), or "". */
function partText(absence, day) {
  const part = partOfDay(absence, day);
  if (part === "full") return "";
  return part === "part" ? formatPart(hourPart(absence, day)) : t(`calendar.${part}`);
}

export function CalendarScreen() {
  const [month, setMonth] = useState(() => {
    const now = new Date();
    return new Date(now.getFullYear(), now.getMonth(), 1);
  });
  const [teamId, setTeamId] = useState("");
  const days = useMemo(() => monthDays(month), [month]);
  const from = days[0];
  const to = days[days.length - 1];
  const teams = useFetch(() => loadTeams(), []);
  const state = useFetch((signal) => getCalendar({ from, to, team_id: teamId }, signal), [from, teamId]);
  const narrow = useMediaQuery("(max-width: 48rem)");
  const shift = (delta) => setMonth(new Date(month.getFullYear(), month.getMonth() + delta, 1));

  return html`
    <h1 tabindex="-1">${t("nav.teamCalendar")}</h1>
    <div class="calendar-toolbar">
      <div class="month-nav" role="group" aria-label=${t("calendar.month")}>
        <button type="button" class="button small" onClick=${() => shift(-1)}>
          ‹ <span class="visually-hidden-narrow">${t("calendar.previous")}</span>
        </button>
        <h2 class="month-title" aria-live="polite">${formatMonth(month)}</h2>
        <button type="button" class="button small" onClick=${() => shift(1)}>
          <span class="visually-hidden-narrow">${t("calendar.next")}</span> ›
        </button>
        <button type="button" class="button small" onClick=${() => setMonth(new Date(new Date().getFullYear(), new Date().getMonth(), 1))}>
          ${t("calendar.today")}
        </button>
      </div>
      <${Select} label=${t("calendar.team")} value=${teamId} placeholder=${t("calendar.allTeams")} onValue=${setTeamId}
        options=${(teams.data || []).map((team) => ({ value: String(team.id), label: team.name }))} />
    </div>
    <${Loaded} state=${state}>
      ${(calendar) =>
        calendar.people.length === 0
          ? html`<${Empty} title=${t("calendar.nobody")}><p>${t("calendar.nobodyHint")}</p><//>`
          : narrow
            ? html`<${DayList} calendar=${calendar} days=${days} />`
            : html`<${MonthGrid} calendar=${calendar} days=${days} /><${Legend} />`}
    <//>
  `;
}

function useIndex(calendar) {
  return useMemo(() => {
    const byPerson = new Map();
    for (const absence of calendar.absences) {
      if (!byPerson.has(absence.user.id)) byPerson.set(absence.user.id, []);
      byPerson.get(absence.user.id).push(absence);
    }
    return byPerson;
  }, [calendar]);
}

function MonthGrid({ calendar, days }) {
  const today = todayIso();
  const absencesOf = useIndex(calendar);
  const [showAll, setShowAll] = useState(false);
  const people = showAll ? calendar.people : calendar.people.slice(0, ROWS_AT_ONCE);
  return html`<div class="calendar-scroll" tabindex="0" role="region" aria-label=${t("calendar.gridLabel")}>
    <table class="calendar-grid">
      <caption class="visually-hidden">${t("calendar.caption", { month: formatMonth(parseDate(days[0])) })}</caption>
      <thead>
        <tr>
          <th scope="col" class="person-col">${t("calendar.person")}</th>
          ${days.map(
            (day) => html`<th key=${day} scope="col" class=${day === today ? "is-today" : ""} aria-current=${day === today ? "date" : undefined}
              abbr=${formatDate(day, "full")}>
              <span class="day-number">${Number(day.slice(8))}</span>
              <span class="day-name" aria-hidden="true">${weekdayName(weekdayIndex(day), "narrow")}</span>
              ${day === today && html`<span class="visually-hidden">${t("calendar.todayMark")}</span>`}
            </th>`,
          )}
        </tr>
      </thead>
      <tbody>
        ${people.map(
          (person) => html`<${PersonRow} key=${person.id} person=${person} days=${days} today=${today}
            absences=${absencesOf.get(person.id) || []} holidays=${calendar.holidays} />`,
        )}
      </tbody>
    </table>
    ${calendar.people.length > people.length &&
    html`<button type="button" class="button" onClick=${() => setShowAll(true)}>
      ${t("calendar.showAll", { count: calendar.people.length })}
    </button>`}
  </div>`;
}

/** The holiday `day` is for `person`, if any. */
function holidayFor(person, day, holidays) {
  return holidays.find((h) => h.date === day && holidayApplies(h, person));
}

/** Whether `person` works on `day`: it has hours in the work schedule in force that day (the
 * calendar sends those of the range, oldest first; a cycle of 1 to 4 weeks from its
 * `cycle_anchor`), else it is one of their `work_days`. */
function works(person, day) {
  const schedule = (person.schedules || []).filter((s) => s.effective_from <= day).at(-1);
  if (!schedule) return person.work_days.includes(weekdayIndex(day));
  const days = Math.round((parseDate(day) - parseDate(schedule.cycle_anchor)) / 86_400_000);
  const count = schedule.weeks.length;
  const week = ((Math.floor(days / 7) % count) + count) % count;
  return schedule.weeks[week][weekdayIndex(day)] > 0;
}

/** Someone is away only on their own working days that are no holiday for them. */
function awayOn(absence, person, day, holidays) {
  const covers = absence.start_date <= day && day <= absence.end_date;
  return covers && works(person, day) && !holidayFor(person, day, holidays);
}

function PersonRow({ person, days, today, absences, holidays }) {
  return html`<tr>
    <th scope="row" class="person-col">${person.full_name}</th>
    ${days.map((day) => {
      const holiday = holidayFor(person, day, holidays);
      const working = works(person, day);
      const classes = ["day"];
      if (!working) classes.push("off");
      if (holiday) classes.push("holiday");
      if (day === today) classes.push("is-today");
      const labels = [];
      if (holiday) labels.push(t("calendar.holiday", { name: holiday.name }));
      else if (!working) labels.push(t("calendar.nonWorking"));
      const shown = absences.filter((absence) => awayOn(absence, person, day, holidays));
      for (const absence of shown) {
        labels.push(`${typeName(absence)}${absence.status === "pending" ? ` (${t("status.pending")})` : ""}${partText(absence, day) && `, ${partText(absence, day)}`}`);
      }
      return html`<td key=${day} class=${classes.join(" ")} title=${labels.join(" · ") || undefined}>
        ${shown.map(
          (absence) => html`<span key=${absence.request_id}
            class=${`mark mark-${partOfDay(absence, day)} ${absence.status === "pending" ? "mark-pending" : ""} ${absence.leave_type?.id ? "" : "mark-away"}`}
            style=${absence.leave_type?.color ? { "--swatch": absence.leave_type.color } : undefined}></span>`,
        )}
        ${labels.length > 0 && html`<span class="visually-hidden">${labels.join(" · ")}</span>`}
      </td>`;
    })}
  </tr>`;
}

/** The phone layout: each day that has something, and who is away or what holiday it is. */
function DayList({ calendar, days }) {
  const today = todayIso();
  const people = new Map(calendar.people.map((p) => [p.id, p]));
  const entries = days
    .map((day) => {
      const todays = calendar.holidays.filter((h) => h.date === day);
      const away = calendar.absences.filter((a) => people.has(a.user.id) && awayOn(a, people.get(a.user.id), day, todays));
      return { day, away, holidays: holidayLines(todays) };
    })
    .filter((entry) => entry.away.length > 0 || entry.holidays.length > 0);
  return html`<div class="day-list">
    <p class="muted small">${t("calendar.peopleCount", { count: calendar.people.length })}</p>
    ${entries.length === 0 && html`<${Empty} title=${t("calendar.nobodyAway")}><p>${t("calendar.nobodyAwayHint")}</p><//>`}
    <ol class="plain-list">
      ${entries.map(
        ({ day, away, holidays }) => html`<li key=${day} class=${`day-entry ${day === today ? "is-today" : ""}`}>
          <h3><time datetime=${day}>${formatDate(day, "full")}</time>${day === today && html` <span class="tag">${t("calendar.todayMark")}</span>`}</h3>
          <ul>
            ${holidays.map((h) => html`<li key=${`h${h.name}`} class="holiday-line">${t("calendar.holiday", { name: h.name })}${h.regions ? ` (${h.regions})` : ""}</li>`)}
            ${away.map(
              (a) => html`<li key=${a.request_id}>
                <span class=${`mark-dot ${a.leave_type?.id ? "" : "mark-away"}`} style=${a.leave_type?.color ? { "--swatch": a.leave_type.color } : undefined} aria-hidden="true"></span>
                <strong>${a.user.full_name}</strong> — ${typeName(a)}
                ${partText(a, day) && ` (${partText(a, day)})`}
                ${a.status === "pending" && html` <span class="badge badge-pending">${t("status.pending")}</span>`}
                <span class="muted small block">${formatPeriod(a)} · ${formatAmount(a.amount, a.unit)}</span>
              </li>`,
            )}
          </ul>
        </li>`,
      )}
    </ol>
  </div>`;
}

/** One line per holiday name, with the regions it is a holiday in ("DE-BE, US-CA"); none
 * when it applies to everyone (a company holiday). */
function holidayLines(holidays) {
  const byName = new Map();
  for (const h of holidays) {
    if (!byName.has(h.name)) byName.set(h.name, { everyone: false, regions: new Set() });
    const entry = byName.get(h.name);
    if (!h.country) entry.everyone = true;
    else entry.regions.add([h.country, h.subdivision].filter(Boolean).join("-"));
  }
  return [...byName].map(([name, entry]) => ({
    name,
    regions: entry.everyone ? "" : [...entry.regions].sort().join(", "),
  }));
}

function Legend() {
  return html`<section class="legend" aria-labelledby="legend-title">
    <h2 id="legend-title" class="small-heading">${t("calendar.legend")}</h2>
    <ul>
      <li><span class="legend-box mark-sample" aria-hidden="true"></span> ${t("calendar.legendApproved")}</li>
      <li><span class="legend-box mark-sample mark-pending" aria-hidden="true"></span> ${t("calendar.legendPending")}</li>
      <li><span class="legend-box legend-half" aria-hidden="true"></span> ${t("calendar.legendHalf")}</li>
      <li><span class="legend-box legend-part" aria-hidden="true"></span> ${t("calendar.legendPart")}</li>
      <li><span class="legend-box mark-sample mark-away" aria-hidden="true"></span> ${t("calendar.away")}</li>
      <li><span class="legend-box holiday" aria-hidden="true"></span> ${t("calendar.legendHoliday")}</li>
      <li><span class="legend-box off" aria-hidden="true"></span> ${t("calendar.legendOff")}</li>
      <li><span class="legend-box is-today" aria-hidden="true"></span> ${t("calendar.todayMark")}</li>
    </ul>
  </section>`;
}
