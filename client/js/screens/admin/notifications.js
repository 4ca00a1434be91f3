// Admin › Notifications: the email outbox — what was sent, what waits, what failed and why.
import { listNotifications } from "../../api/notifications.js";
import { DataTable } from "../../components/data-table.js";
import { Select } from "../../components/form.js";
import { useFetch } from "../../data.js";
import { html, useState } from "../../html.js";
import { hasMessage, t } from "../../i18n.js";
import { formatTimestamp } from "../../format.js";

const STATUSES = ["pending", "sent", "failed", "skipped"];

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
    <${DataTable} state=${state} label=${t("admin.notifications")} onPage=${setPage}
      empty=${{ title: t("notifications.none"), hint: t("notifications.noneHint") }}
      columns=${[
        { header: t("notifications.created"), cell: (n) => formatTimestamp(n.created_at) },
        {
          header: t("notifications.subject"),
          cell: (n) => html`${n.subject}
            <span class="muted small block">${t("notifications.to", { name: n.recipient?.full_name || t("users.userNumber", { id: n.recipient_id }) })} · ${eventLabel(n.event)}</span>`,
        },
        {
          header: t("notifications.status"),
          cell: (n) => html`<span class=${`badge badge-${{ sent: "approved", failed: "rejected", skipped: "cancelled" }[n.status] || "pending"}`}>
            ${t(`notifications.statuses.${n.status}`)}</span>`,
        },
        {
          header: t("notifications.delivery"),
          cell: (n) => html`${n.sent_at ? t("notifications.sentAt", { at: formatTimestamp(n.sent_at) }) : t("notifications.attempts", { count: n.attempts })}
            ${n.last_error && html`<span class="small block error-text">${n.last_error}</span>`}`,
        },
      ]} />
  `;
}

/** What an email is about, in words; the event's code for one without. */
function eventLabel(event) {
  const key = `notifications.event.${event}`;
  return hasMessage(key) ? t(key) : html`<code>${event}</code>`;
}
