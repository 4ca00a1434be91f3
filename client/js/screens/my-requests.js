// "My requests": every request with its status, dates and days; cancel where the server
// says so (`can_cancel`: it judges "not started yet" in the owner's time zone).
import { cancelRequest, listRequests } from "../api/requests.js";
import { ConfirmDialog } from "../components/dialog.js";
import { Empty, Loaded, notify, StatusBadge } from "../components/feedback.js";
import { Select } from "../components/form.js";
import { Pager } from "../components/pager.js";
import { useFetch } from "../data.js";
import { html, useState } from "../html.js";
import { t } from "../i18n.js";
import { formatAmount, formatPeriod, formatTimestamp } from "../format.js";
import { leaveTypesById } from "../lookups.js";
import { href } from "../router.js";

const STATUSES = ["pending", "approved", "rejected", "cancelled"];

export function MyRequestsScreen({ user }) {
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState("");
  const [cancelling, setCancelling] = useState(null);
  const state = useFetch(async (signal) => {
    const [body, types] = await Promise.all([
      listRequests({ user_id: user.id, status, sort: "-start_date", page, per_page: 20 }, signal),
      leaveTypesById(),
    ]);
    return { ...body, types };
  }, [user.id, page, status]);

  return html`
    <div class="screen-head">
      <h1 tabindex="-1">${t("nav.myRequests")}</h1>
      <a class="button primary" href=${href("/request")}>${t("nav.requestTimeOff")}</a>
    </div>
    <div class="filters">
      <${Select} label=${t("requests.filterStatus")} value=${status} placeholder=${t("requests.allStatuses")}
        options=${STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        onValue=${(value) => {
          setStatus(value);
          setPage(1);
        }} />
    </div>
    <${Loaded} state=${state}>
      ${(body) =>
        body.items.length === 0
          ? html`<${Empty} title=${status ? t("requests.noneWithStatus") : t("requests.none")}>
              <p><a href=${href("/request")}>${t("requests.noneHint")}</a></p>
            <//>`
          : html`<table class="table stack">
                <caption class="visually-hidden">${t("nav.myRequests")}</caption>
                <thead><tr>
                  <th scope="col">${t("requests.type")}</th>
                  <th scope="col">${t("requests.dates")}</th>
                  <th scope="col">${t("requests.days")}</th>
                  <th scope="col">${t("requests.status")}</th>
                  <th scope="col">${t("requests.note")}</th>
                  <th scope="col"><span class="visually-hidden">${t("common.actions")}</span></th>
                </tr></thead>
                <tbody>
                  ${body.items.map(
                    (r) => html`<tr key=${r.id}>
                      <td data-label=${t("requests.type")}>${body.types[r.leave_type_id]?.name || t("common.leave")}</td>
                      <td data-label=${t("requests.dates")}>${formatPeriod(r)}</td>
                      <td data-label=${t("requests.days")}>${formatAmount(r.amount, r.unit)}</td>
                      <td data-label=${t("requests.status")}><${StatusBadge} status=${r.status} /></td>
                      <td data-label=${t("requests.note")}>
                        ${r.review_comment && html`<span>${r.review_comment}</span>`}
                        ${r.reason && html`<span class="muted small block">${t("requests.reason")}: ${r.reason}</span>`}
                        <span class="muted small block">${t("requests.created", { at: formatTimestamp(r.created_at) })}</span>
                      </td>
                      <td class="cell-actions">
                        ${r.can_cancel &&
                        html`<button type="button" class="button small" onClick=${() => setCancelling({ ...r, typeName: body.types[r.leave_type_id]?.name })}>
                          ${t("requests.cancel")}<span class="visually-hidden"> ${formatPeriod(r)}</span>
                        </button>`}
                      </td>
                    </tr>`,
                  )}
                </tbody>
              </table>
              <${Pager} page=${body.page} pages=${body.pages} onPage=${setPage} />`}
    <//>
    ${cancelling &&
    html`<${ConfirmDialog}
      title=${t("requests.cancelTitle")}
      message=${t("requests.cancelMessage", { type: cancelling.typeName || t("common.leave"), period: formatPeriod(cancelling), days: formatAmount(cancelling.amount, cancelling.unit) })}
      confirmLabel=${t("requests.cancelConfirm")}
      cancelLabel=${t("requests.cancelKeep")}
      danger
      removesOpener
      onConfirm=${async () => {
        await cancelRequest(cancelling.id);
        notify(t("requests.cancelled"));
        state.reload();
      }}
      onClose=${() => setCancelling(null)} />`}
  `;
}
