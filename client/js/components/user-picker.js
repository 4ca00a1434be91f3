// Choosing a person by typing part of their name or email (works for 50 or 50,000 people).
import { listUsers } from "../api/users.js";
import { useDebounced, useFetch } from "../data.js";
import { html, useId, useState } from "../html.js";
import { t } from "../i18n.js";

export function UserPicker({ label, value, onValue, error, query = {} }) {
  const id = useId();
  const [search, setSearch] = useState("");
  const term = useDebounced(search.trim(), 250);
  const results = useFetch(
    (signal) => (term ? listUsers({ q: term, per_page: 8, sort: "full_name", ...query }, signal) : Promise.resolve(null)),
    [term],
  );
  if (value) {
    return html`<div class="field">
      <span class="label-text" id=${`${id}-label`}>${label}</span>
      <p class="chosen" aria-labelledby=${`${id}-label`}>
        <strong>${value.full_name}</strong> <span class="muted">${value.email || ""}</span>
        <button type="button" class="link-button" onClick=${() => onValue(null)}>
          ${t("picker.change")}<span class="visually-hidden"> ${label}</span>
        </button>
      </p>
    </div>`;
  }
  const items = results.data?.items || [];
  return html`<div class="field user-picker">
    <label for=${id}>${label}</label>
    <input id=${id} type="search" value=${search} autocomplete="off"
      placeholder=${t("picker.placeholder")}
      aria-invalid=${error ? "true" : undefined}
      aria-describedby=${error ? `${id}-error` : undefined}
      onInput=${(event) => setSearch(event.currentTarget.value)} />
    ${error && html`<p class="field-error" id=${`${id}-error`}>${error}</p>`}
    ${term && results.data &&
    html`<ul class="picker-results" aria-label=${t("picker.results", { label })}>
      ${items.length === 0 && html`<li class="muted">${t("picker.none")}</li>`}
      ${items.map(
        (user) => html`<li key=${user.id}>
          <button type="button" class="link-button" onClick=${() => onValue(user)}>
            ${user.full_name} <span class="muted">${user.email || ""}</span>
          </button>
        </li>`,
      )}
    </ul>`}
  </div>`;
}
