// Previous / next for paginated lists, with "Page 2 of 5".
import { html } from "../html.js";
import { t } from "../i18n.js";

export function Pager({ page, pages, onPage, label }) {
  if (!pages || pages <= 1) return null;
  return html`<nav class="pager" aria-label=${label || t("pager.label")}>
    <button type="button" class="button" disabled=${page <= 1} onClick=${() => onPage(page - 1)}>
      ${t("pager.previous")}
    </button>
    <span>${t("pager.position", { page, pages })}</span>
    <button type="button" class="button" disabled=${page >= pages} onClick=${() => onPage(page + 1)}>
      ${t("pager.next")}
    </button>
  </nav>`;
}
