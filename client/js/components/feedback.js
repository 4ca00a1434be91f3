// Loading, empty and error states, status badges, and the notices after an action.
import { html, useEffect, useState } from "../html.js";
import { t } from "../i18n.js";

export function Loading({ label }) {
  return html`<p class="loading" role="status"><span class="spinner" aria-hidden="true"></span>
    ${label || t("common.loading")}</p>`;
}

export function Empty({ title, children }) {
  return html`<div class="empty"><p class="empty-title">${title}</p>${children}</div>`;
}

/** An API problem as text: its `detail`, and the `errors` no field on the form shows. */
export function ProblemAlert({ error, shownFields = [] }) {
  if (!error) return null;
  const others = Object.entries(error.errors || {}).filter(([field]) => !shownFields.includes(field));
  return html`<div class="alert alert-error" role="alert">
    <p>${error.detail || String(error.message || error)}</p>
    ${others.length > 0 &&
    html`<ul>
      ${others.map(([field, message]) => html`<li key=${field}><strong>${field}</strong>: ${message}</li>`)}
    </ul>`}
  </div>`;
}

/** A screen's data: a loading line, the error, or the content. */
export function Loaded({ state, children, label }) {
  if (state.error) return html`<${ProblemAlert} error=${state.error} />`;
  if (state.data === undefined) return html`<${Loading} label=${label} />`;
  return children(state.data);
}

export function StatusBadge({ status }) {
  return html`<span class=${`badge badge-${status}`}>${t(`status.${status}`)}</span>`;
}

// Notices: "Request submitted", shown in one polite live region under the header.
const listeners = new Set();

export function notify(message, kind = "success") {
  const notice = { message, kind, at: Date.now() };
  for (const listener of listeners) listener(notice);
}

// A notice survives the move its own action makes (submit, then the list); any later move
// to another screen or a new form ends it.
const CARRIED_MS = 1500;

/** Mounted with the signed-in shell: a new session starts without the last one's notice.
 * `place` names the screen on show (the route). */
export function Notices({ place }) {
  const [current, setCurrent] = useState(null);
  useEffect(() => {
    listeners.add(setCurrent);
    return () => listeners.delete(setCurrent);
  }, []);
  useEffect(() => {
    setCurrent((notice) => (notice && Date.now() - notice.at > CARRIED_MS ? null : notice));
  }, [place]);
  useEffect(() => {
    if (!current) return undefined;
    const timer = setTimeout(() => setCurrent(null), 10_000);
    return () => clearTimeout(timer);
  }, [current]);
  return html`<div class="notices" role="status" aria-live="polite">
    ${current &&
    html`<p class=${`notice notice-${current.kind}`}>
      <span>${current.message}</span>
      <button type="button" class="link-button" onClick=${() => setCurrent(null)}>
        ${t("common.dismiss")}
      </button>
    </p>`}
  </div>`;
}
