// Admin › Notifications: the email outbox — what was sent, what waits, what failed and why.
import { listNotifications } from "../../api/notifications.js";
import { Empty, Loaded } from "../../components/feedback.js";
import { Select } from "../../components/form.js";
import { Pager } from "../../components/pager.js";
import { useFetch } from "../../data.js";
import { html, useState } from "../../html.js";
import { t } from "../../i18n.js";
import { formatTimestamp } from "../../format.js";

const STATUSES = ["pending", "sent", "failed"];

export function NotificationsSection() {
  const [status, setStatus] = useState("");
  const [page, setPage] = useState(1);
  const state = useFetch((signal) => listNotifications({ status, page, per_page: 25 }, signal), [status, page]);
  return html`
    <h2>${t("admin.notifications")}</h2>
    <p class="muted">${t("notifications.intro")}</p>
    <div class="filters">
      <${Select} label=${t("notifications.status")} value=${status} placeholder=${t("notifications.all")}
        options=${STATUSES.map((s) => ({ value: s, label: t(`notifications.statuses.${s}`) }))}
        onValue=${(v) => { setStatus(v); setPage(1); }} />
    </div>
    <${Loaded} state=${state}>
      ${(body) =>
        body.items.length === 0
          ? html`<${Empty} title=${t("notifications.none")}><p>${t("notifications.noneHint")}</p><//>`
          : html`<table class="table stack">
              <caption class="visually-hidden">${t("admin.notifications")}</caption>
              <thead><tr>
                <th scope="col">${t("notifications.created")}</th><th scope="col">${t("notifications.subject")}</th>
                <th scope="col">${t("notifications.status")}</th><th scope="col">${t("notifications.delivery")}</th>
              </tr></thead>
              <tbody>
                ${body.items.map(
                  (n) => html`<tr key=${n.id}>
                    <td data-label=${t("notifications.created")}>${formatTimestamp(n.created_at)}</td>
                    <td data-label=${t("notifications.subject")}>${n.subject}
                      <span class="muted small block"><code>${n.event}</code> · ${t("users.userNumber", { id: n.recipient_id })}</span></td>
                    <td data-label=${t("notifications.status")}><span class=${`badge badge-${n.status === "sent" ? "approved" : n.status === "failed" ? "rejected" : "pending"}`}>
                      ${t(`notifications.statuses.${n.status}`)}</span></td>
                    <td data-label=${t("notifications.delivery")}>
                      ${n.sent_at ? t("notifications.sentAt", { at: formatTimestamp(n.sent_at) }) : t("notifications.attempts", { count: n.attempts })}
                      ${n.last_error && html`<span class="small block error-text">${n.last_error}</span>`}
                    </td>
                  </tr>`,
                )}
              </tbody>
            </table>
            <${Pager} page=${body.page} pages=${body.pages} onPage=${setPage} />`}
    <//>
  `;
}
