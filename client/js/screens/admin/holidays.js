// Admin › Holidays: company holidays (for everyone or one country) beside the public ones.
import { createHoliday, deleteHoliday, listHolidays, updateHoliday } from "../../api/holidays.js";
import { ConfirmDialog, Dialog } from "../../components/dialog.js";
import { Empty, Loaded, notify, ProblemAlert } from "../../components/feedback.js";
import { Field, fieldError, Select } from "../../components/form.js";
import { useFetch } from "../../data.js";
import { html, useState } from "../../html.js";
import { t } from "../../i18n.js";
import { formatDate } from "../../format.js";
import { countries } from "../../lookups.js";

export function HolidaysSection({ user }) {
  const [year, setYear] = useState(new Date().getFullYear());
  const [country, setCountry] = useState(user.country || "");
  const [editing, setEditing] = useState(null);
  const [deleting, setDeleting] = useState(null);
  const countryList = useFetch(() => countries(), []);
  const state = useFetch((signal) => listHolidays({ year, country }, signal), [year, country]);
  const countryOptions = (countryList.data || []).map((c) => ({ value: c.code, label: `${c.name} (${c.code})` }));
  return html`
    <div class="section-head">
      <h2>${t("admin.holidays")}</h2>
      <button type="button" class="button primary" onClick=${() => setEditing({ date: "", name: "", country: "" })}>${t("holidays.new")}</button>
    </div>
    <p class="muted">${t("holidays.intro")}</p>
    <div class="filters">
      <${Field} label=${t("holidays.year")} type="number" min="1900" max="2999" value=${String(year)}
        onValue=${(v) => Number(v) >= 1900 && Number(v) <= 2999 && setYear(Number(v))} />
      <${Select} label=${t("holidays.country")} value=${country} options=${countryOptions} placeholder=${t("holidays.companyOnly")}
        onValue=${setCountry} />
    </div>
    <${Loaded} state=${state}>
      ${(body) =>
        body.items.length === 0
          ? html`<${Empty} title=${t("holidays.none")}><p>${t("holidays.noneHint")}</p><//>`
          : html`<table class="table stack">
              <caption class="visually-hidden">${t("admin.holidays")}</caption>
              <thead><tr>
                <th scope="col">${t("holidays.date")}</th><th scope="col">${t("holidays.name")}</th>
                <th scope="col">${t("holidays.source")}</th>
                <th scope="col"><span class="visually-hidden">${t("common.actions")}</span></th>
              </tr></thead>
              <tbody>
                ${body.items.map(
                  (h) => html`<tr key=${`${h.date}${h.name}${h.id || ""}`}>
                    <td data-label=${t("holidays.date")}><time datetime=${h.date}>${formatDate(h.date, "full")}</time></td>
                    <td data-label=${t("holidays.name")}>${h.name}</td>
                    <td data-label=${t("holidays.source")}>${h.source === "company" ? html`<span class="tag">${t("holidays.company")}</span>` : t("holidays.public")}</td>
                    <td class="cell-actions">
                      ${h.id &&
                      html`<button type="button" class="button small" onClick=${() => setEditing(h)}>${t("common.edit")}<span class="visually-hidden"> ${h.name}</span></button>
                        <button type="button" class="button small danger-outline" onClick=${() => setDeleting(h)}>${t("common.delete")}<span class="visually-hidden"> ${h.name}</span></button>`}
                    </td>
                  </tr>`,
                )}
              </tbody>
            </table>`}
    <//>
    ${editing && html`<${HolidayDialog} holiday=${editing} countryOptions=${countryOptions} onClose=${() => setEditing(null)} onSaved=${state.reload} />`}
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

function HolidayDialog({ holiday, countryOptions, onClose, onSaved }) {
  const [date, setDate] = useState(holiday.date);
  const [name, setName] = useState(holiday.name);
  const [country, setCountry] = useState(holiday.country || "");
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const save = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = { date, name: name.trim(), country: country || null };
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
      html`<${Select} label=${t("holidays.appliesTo")} value=${country} options=${countryOptions} placeholder=${t("holidays.everyone")}
        onValue=${setCountry} error=${fieldError(error, "country")} />`}
      <${ProblemAlert} error=${error} shownFields=${["date", "name", "country"]} />
      <div class="actions">
        <button type="submit" class="button primary" disabled=${busy}>${t("common.save")}</button>
        <button type="button" class="button" onClick=${onClose}>${t("common.cancel")}</button>
      </div>
    </form>
  <//>`;
}
