// Admin › Holidays: a region's holidays (a country, or one of its subdivisions), which public
// holidays count there (its holiday calendar: categories, single holidays excluded, or the
// country's settings), and company holidays (for everyone, a country or a subdivision).
import { createHoliday, deleteHoliday, listHolidays, updateHoliday } from "../../api/holidays.js";
import { deleteHolidayCalendar, getHolidayCalendar, putHolidayCalendar } from "../../api/holiday-calendars.js";
import { ConfirmDialog, Dialog } from "../../components/dialog.js";
import { Empty, Loaded, notify, ProblemAlert } from "../../components/feedback.js";
import { CheckboxGroup, Field, fieldError, Select } from "../../components/form.js";
import { useFetch } from "../../data.js";
import { html, useEffect, useState } from "../../html.js";
import { hasMessage, t } from "../../i18n.js";
import { formatDate, formatTimestamp } from "../../format.js";
import { countries } from "../../lookups.js";
import { regionNames } from "./users.js";

/** A country's name in the reader's language (the API's English one where the browser has none). */
function countryNamer() {
  const names = regionNames();
  return (country) => (country ? names(country.code) || country.name : "");
}

const subdivisionOptions = (country) =>
  (country?.subdivisions || []).map((s) => ({ value: s.code, label: s.name === s.code ? s.code : `${s.name} (${s.code})` }));

export function HolidaysSection({ user }) {
  const [year, setYear] = useState(new Date().getFullYear());
  const [country, setCountry] = useState(user.country || "");
  const [subdivision, setSubdivision] = useState(user.country ? user.subdivision || "" : "");
  const [editing, setEditing] = useState(null);
  const [deleting, setDeleting] = useState(null);
  const [actionError, setActionError] = useState(null);
  const countryList = useFetch(() => countries(), []);
  const all = countryList.data || [];
  const chosen = all.find((c) => c.code === country);
  const region = country ? (subdivision ? `${country}-${subdivision}` : country) : "";
  const state = useFetch(
    (signal) => listHolidays({ year, country, subdivision, include_excluded: country ? "true" : undefined }, signal),
    [year, country, subdivision],
  );
  const calendar = useFetch((signal) => (region ? getHolidayCalendar(region, signal) : Promise.resolve(null)), [region]);
  const countryName = countryNamer();
  const countryOptions = all
    .map((c) => ({ value: c.code, label: `${countryName(c)} (${c.code})` }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const chooseCountry = (code) => {
    setCountry(code);
    setSubdivision("");
    setActionError(null);
  };
  const changed = () => {
    calendar.reload();
    state.reload();
  };

  // Exclude a public holiday (by name: every year), or let it count again.
  const toggle = async (holiday) => {
    const settings = calendar.data;
    if (!settings) return;
    setActionError(null);
    const names = holiday.name.split("; ");
    const excluded = holiday.excluded
      ? settings.excluded.filter((e) => e.date !== holiday.date && !names.includes(e.name))
      : [...settings.excluded, ...names.filter((n) => !settings.excluded.some((e) => e.name === n)).map((name) => ({ name }))];
    try {
      await putHolidayCalendar(region, { categories: settings.categories, excluded });
      notify(t(holiday.excluded ? "calendars.countsAgain" : "calendars.excludedNotice", { name: holiday.name, region }));
      changed();
    } catch (problem) {
      setActionError(problem);
    }
  };

  return html`
    <div class="section-head">
      <h2>${t("admin.holidays")}</h2>
      <button type="button" class="button primary" onClick=${() => setEditing({ date: "", name: "", country: "", subdivision: "" })}>${t("holidays.new")}</button>
    </div>
    <p class="muted">${t("holidays.intro")}</p>
    <div class="filters">
      <${Field} label=${t("holidays.year")} type="number" min="1900" max="2999" value=${String(year)}
        onValue=${(v) => Number(v) >= 1900 && Number(v) <= 2999 && setYear(Number(v))} />
      <${Select} label=${t("holidays.country")} value=${country} options=${countryOptions} placeholder=${t("holidays.companyOnly")}
        onValue=${chooseCountry} />
      ${chosen?.subdivisions?.length > 0 &&
      html`<${Select} label=${t("holidays.subdivision")} value=${subdivision} options=${subdivisionOptions(chosen)}
        placeholder=${t("holidays.wholeCountry")} onValue=${(v) => { setSubdivision(v); setActionError(null); }} />`}
    </div>
    ${region && html`<${CalendarPanel} key=${region} region=${region} country=${chosen} subdivision=${subdivision} state=${calendar} onChanged=${changed} />`}
    <${ProblemAlert} error=${actionError} />
    <${Loaded} state=${state}>
      ${(body) =>
        body.items.length === 0
          ? html`<${Empty} title=${t("holidays.none")}><p>${t("holidays.noneHint")}</p><//>`
          : html`<table class="table stack">
              <caption class="visually-hidden">${region ? t("calendars.listCaption", { region }) : t("admin.holidays")}</caption>
              <thead><tr>
                <th scope="col">${t("holidays.date")}</th><th scope="col">${t("holidays.name")}</th>
                <th scope="col">${t("holidays.source")}</th>
                <th scope="col"><span class="visually-hidden">${t("common.actions")}</span></th>
              </tr></thead>
              <tbody>
                ${body.items.map(
                  (h) => html`<tr key=${`${h.date}${h.name}${h.id || ""}`} class=${h.excluded ? "is-excluded" : undefined}>
                    <td data-label=${t("holidays.date")}><time datetime=${h.date}>${formatDate(h.date, "full")}</time></td>
                    <td data-label=${t("holidays.name")}>${h.excluded ? html`<s>${h.name}</s>` : h.name}</td>
                    <td data-label=${t("holidays.source")}>
                      ${h.source === "company" ? html`<span class="tag">${t("holidays.company")}</span>` : t("holidays.public")}
                      ${h.excluded && html` <span class="tag tag-excluded">${t("calendars.excludedTag")}</span>`}
                    </td>
                    <td class="cell-actions">
                      ${h.id &&
                      html`<button type="button" class="button small" onClick=${() => setEditing(h)}>${t("common.edit")}<span class="visually-hidden"> ${h.name}</span></button>
                        <button type="button" class="button small danger-outline" onClick=${() => setDeleting(h)}>${t("common.delete")}<span class="visually-hidden"> ${h.name}</span></button>`}
                      ${h.source === "public" && calendar.data &&
                      html`<button type="button" class="button small" onClick=${() => toggle(h)}>
                        ${h.excluded ? t("calendars.countAgain") : t("calendars.exclude")}<span class="visually-hidden"> ${h.name}</span>
                      </button>`}
                    </td>
                  </tr>`,
                )}
              </tbody>
            </table>`}
    <//>
    ${editing && html`<${HolidayDialog} holiday=${editing} countries=${all} countryOptions=${countryOptions} onClose=${() => setEditing(null)} onSaved=${state.reload} />`}
    ${deleting &&
    html`<${ConfirmDialog} title=${t("holidays.deleteTitle", { name: deleting.name })} message=${t("holidays.deleteWarning")}
      confirmLabel=${t("common.delete")} danger removesOpener
      onConfirm=${async () => {
        await deleteHoliday(deleting.id);
        notify(t("holidays.deleted", { name: deleting.name }));
        state.reload();
      }}
      onClose=${() => setDeleting(null)} />`}
  `;
}

function categoryLabel(code) {
  const key = `calendars.category.${code}`;
  return hasMessage(key) ? t(key) : code.replace(/_/g, " ");
}

/** The region's holiday calendar: which categories count, and going back to the country's
 * (or the default) settings. Single holidays are excluded from the list below. */
function CalendarPanel({ region, country, subdivision, state, onChanged }) {
  const [categories, setCategories] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [resetting, setResetting] = useState(false);
  const settings = state.data;
  useEffect(() => setCategories(settings ? settings.categories : null), [settings]);
  const subName = subdivision && (country?.subdivisions || []).find((s) => s.code === subdivision)?.name;
  const countryName = countryNamer()(country) || region.split("-")[0];
  const name = subdivision ? `${subName || subdivision} (${region})` : `${countryName} (${region})`;
  const save = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await putHolidayCalendar(region, { categories, excluded: settings.excluded });
      notify(t("calendars.saved", { region }));
      onChanged();
    } catch (problem) {
      setError(problem);
    }
    setBusy(false);
  };
  let standing = null;
  if (settings) {
    if (settings.own) standing = t("calendars.own", { when: settings.updated_at ? formatTimestamp(settings.updated_at) : "—" });
    else if (settings.follows) standing = t("calendars.follows", { country: countryName });
    else standing = t("calendars.defaults");
  }
  return html`<section class="panel holiday-calendar" aria-labelledby="holiday-calendar-title">
    <h3 id="holiday-calendar-title">${t("calendars.title", { region: name })}</h3>
    <${Loaded} state=${state}>
      ${(current) => html`
        <p class="calendar-standing">${standing}</p>
        <form onSubmit=${save} novalidate>
          <${CheckboxGroup} legend=${t("calendars.categories")} hint=${t("calendars.categoriesHint")}
            options=${current.available_categories.map((c) => ({ value: c, label: categoryLabel(c) }))}
            value=${categories || current.categories} onValue=${setCategories} error=${fieldError(error, "categories")} />
          <p class="hint">${t("calendars.excludeHint")}</p>
          ${current.excluded.length > 0 &&
          html`<p>${t("calendars.excludedList")} ${current.excluded.map((e) => (e.name ? e.name : formatDate(e.date))).join(", ")}</p>`}
          <${ProblemAlert} error=${error} shownFields=${["categories"]} />
          <div class="actions">
            <button type="submit" class="button primary" disabled=${busy}>${t("calendars.save")}</button>
            ${current.own &&
            html`<button type="button" class="button" onClick=${() => setResetting(true)}>
              ${subdivision ? t("calendars.useCountry", { country: countryName }) : t("calendars.useDefaults")}
            </button>`}
          </div>
        </form>
      `}
    <//>
    ${resetting &&
    html`<${ConfirmDialog} title=${subdivision ? t("calendars.useCountry", { country: countryName }) : t("calendars.useDefaults")}
      message=${t("calendars.resetWarning", { region })} confirmLabel=${t("calendars.resetConfirm")} removesOpener
      onConfirm=${async () => {
        await deleteHolidayCalendar(region);
        notify(t("calendars.reset", { region }));
        onChanged();
      }}
      onClose=${() => setResetting(false)} />`}
  </section>`;
}

function HolidayDialog({ holiday, countries: all, countryOptions, onClose, onSaved }) {
  const [date, setDate] = useState(holiday.date);
  const [name, setName] = useState(holiday.name);
  const [country, setCountry] = useState(holiday.country || "");
  const [subdivision, setSubdivision] = useState(holiday.subdivision || "");
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const chosen = all.find((c) => c.code === country);
  const save = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = { date, name: name.trim(), country: country || null, subdivision: (country && subdivision) || null };
    try {
      if (holiday.id) await updateHoliday(holiday.id, holiday.country === undefined ? { date, name: body.name } : body);
      else await createHoliday(body);
      notify(t("holidays.saved", { name: body.name }));
      onClose();
      onSaved();
    } catch (problem) {
      setError(problem);
      setBusy(false);
    }
  };
  return html`<${Dialog} title=${holiday.id ? t("holidays.editTitle", { name: holiday.name }) : t("holidays.new")} onClose=${onClose}>
    <form onSubmit=${save} novalidate>
      <${Field} label=${t("holidays.date")} type="date" required value=${date} onValue=${setDate} error=${fieldError(error, "date")} />
      <${Field} label=${t("holidays.name")} required value=${name} onValue=${setName} error=${fieldError(error, "name")} />
      ${holiday.country !== undefined &&
      html`<${Select} label=${t("holidays.appliesTo")} value=${country} placeholder=${t("holidays.everyone")}
        options=${countryOptions}
        onValue=${(v) => { setCountry(v); setSubdivision(""); }} error=${fieldError(error, "country")} />`}
      ${holiday.country !== undefined && chosen?.subdivisions?.length > 0 &&
      html`<${Select} label=${t("holidays.subdivision")} value=${subdivision} options=${subdivisionOptions(chosen)}
        placeholder=${t("holidays.wholeCountry")} hint=${t("holidays.subdivisionHint")}
        onValue=${setSubdivision} error=${fieldError(error, "subdivision")} />`}
      <${ProblemAlert} error=${error} shownFields=${["date", "name", "country", "subdivision"]} />
      <div class="actions">
        <button type="submit" class="button primary" disabled=${busy}>${t("common.save")}</button>
        <button type="button" class="button" onClick=${onClose}>${t("common.cancel")}</button>
      </div>
    </form>
  <//>`;
}
