// Dates, numbers and amounts of leave for people, with Intl in the browser's locale.
// The API's dates are calendar dates ("2026-03-02"): they are handled as local dates, never
// through UTC, so no time zone can move them to another day.
import { locale, t } from "./i18n.js";

const formatters = new Map();

function formatter(kind, options) {
  const key = `${kind}|${locale}|${JSON.stringify(options)}`;
  if (!formatters.has(key)) {
    formatters.set(
      key,
      kind === "number" ? new Intl.NumberFormat(locale, options) : new Intl.DateTimeFormat(locale, options),
    );
  }
  return formatters.get(key);
}

export function parseDate(iso) {
  const [year, month, day] = iso.slice(0, 10).split("-").map(Number);
  return new Date(year, month - 1, day);
}

export function isoDate(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function todayIso() {
  return isoDate(new Date());
}

export function addDays(iso, days) {
  const date = parseDate(iso);
  date.setDate(date.getDate() + days);
  return isoDate(date);
}

/** Monday = 0 .. Sunday = 6, as the API numbers work days. */
export function weekdayIndex(iso) {
  return (parseDate(iso).getDay() + 6) % 7;
}

/** Amounts have at most 2 decimals (16.8 days, 37.25 h). */
export function formatNumber(value) {
  return formatter("number", { maximumFractionDigits: 2 }).format(value);
}

/** An amount of leave in its unit ("days" or "hours"): "3 days", "1 day", "37.25 h"; a
 * dash for none (an hour type's `days`, an unlimited balance). */
export function formatAmount(value, unit = "days") {
  if (value === null || value === undefined) return "—";
  return t(unit === "hours" ? "hours" : "days", { count: Number(value), n: formatNumber(value) });
}

/** A change of an amount, with its sign: "+2 days", "−5 days", "+0.5 h" (0 unsigned). */
export function formatSigned(value, unit = "days") {
  if (value === null || value === undefined) return "—";
  const n = formatter("number", { maximumFractionDigits: 2, signDisplay: "exceptZero" }).format(value);
  return t(unit === "hours" ? "hours" : "days", { count: Math.abs(Number(value)), n });
}

/** An amount of days: "3 days", "0.5 days", "1 day". */
export function formatDays(value) {
  return formatAmount(value, "days");
}

/** The other unit's name, for a balance's `display_equivalent` (days ↔ hours). */
export function otherUnit(unit) {
  return unit === "hours" ? "days" : "hours";
}

/** Minutes since midnight of "HH:MM", or null. */
export function minutesOf(time) {
  const match = /^(\d{2}):(\d{2})$/.exec(time || "");
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** "HH:MM" `hours` after "HH:MM" (within the day). */
export function timeAfter(start, hours) {
  const total = minutesOf(start) + Math.round(hours * 60);
  const pad = (n) => String(n).padStart(2, "0");
  return `${pad(Math.floor(total / 60) % 24)}:${pad(total % 60)}`;
}

/** An hour part of a day: "2 h, 14:00–16:00" (or "2 h" without a start time). */
export function formatPart(part) {
  const hours = formatAmount(part.hours, "hours");
  return part.start_time ? `${hours}, ${part.start_time}–${timeAfter(part.start_time, part.hours)}` : hours;
}

export function formatDate(iso, style = "medium") {
  return formatter("date", { dateStyle: style }).format(parseDate(iso));
}

export function formatDayShort(iso) {
  return formatter("date", { weekday: "short", day: "numeric", month: "short" }).format(parseDate(iso));
}

export function formatDateRange(start, end) {
  if (start === end) return formatDate(start);
  const range = formatter("date", { dateStyle: "medium" });
  return range.formatRange ? range.formatRange(parseDate(start), parseDate(end)) : `${formatDate(start)} – ${formatDate(end)}`;
}

export function formatTimestamp(iso) {
  if (!iso) return "";
  return formatter("date", { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

export function formatMonth(date) {
  return formatter("date", { month: "long", year: "numeric" }).format(date);
}

/** The name of a weekday, 0 = Monday. */
export function weekdayName(index, style = "long") {
  // 2024-01-01 was a Monday.
  return formatter("date", { weekday: style }).format(new Date(2024, 0, 1 + index));
}

/** A request's dates with its half days: "Mar 2 – 6, 2026 (starts midday)"; a day's hours
 * when it takes some: "Jan 12, 2027 (14:00–16:00)". */
export function formatPeriod(item) {
  const range = formatDateRange(item.start_date, item.end_date);
  if (item.start_date === item.end_date) {
    const part = item.parts?.[0];
    if (part?.start_time) return `${range} (${part.start_time}–${timeAfter(part.start_time, part.hours)})`;
    if (item.start_half) return `${range} (${t("period.afternoon")})`;
    if (item.end_half) return `${range} (${t("period.morning")})`;
    return range;
  }
  const notes = [];
  if (item.start_half) notes.push(t("period.startsMidday"));
  if (item.end_half) notes.push(t("period.endsMidday"));
  return notes.length ? `${range} (${notes.join(", ")})` : range;
}
