// "Approvals": the pending requests this manager or admin may decide, oldest first, each
// with the balance it would leave and the team conflicts it would cause.
import { approveRequest, listApprovals, rejectRequest } from "../api/requests.js";
import { Dialog, focusHeading } from "../components/dialog.js";
import { Empty, Loaded, notify, ProblemAlert } from "../components/feedback.js";
import { fieldError, TextArea } from "../components/form.js";
import { Pager } from "../components/pager.js";
import { useFetch } from "../data.js";
import { html, useState } from "../html.js";
import { t } from "../i18n.js";
import { formatDays, formatNumber, formatPeriod, formatTimestamp } from "../format.js";
import { leaveTypesById } from "../lookups.js";
import { teamConflictText } from "./request-form.js";

export function ApprovalsScreen() {
  const [page, setPage] = useState(1);
  const [rejecting, setRejecting] = useState(null);
  const state = useFetch(async (signal) => {
    const [body, types] = await Promise.all([listApprovals({ page, per_page: 20 }, signal), leaveTypesById()]);
    return { ...body, types };
  }, [page]);

  return html`
    <h1 tabindex="-1">${t("nav.approvals")}</h1>
    <p class="muted">${t("approvals.intro")}</p>
    <${Loaded} state=${state}>
      ${(body) =>
        body.items.length === 0
          ? html`<${Empty} title=${t("approvals.none")}><p>${t("approvals.noneHint")}</p><//>`
          : html`<ul class="cards approval-cards">
                ${body.items.map(
                  (item) => html`<li key=${item.id}>
                    <${ApprovalCard} item=${item} type=${body.types[item.leave_type_id]}
                      onDecided=${state.reload} onReject=${() => setRejecting(item)} />
                  </li>`,
                )}
              </ul>
              <${Pager} page=${body.page} pages=${body.pages} onPage=${setPage} />`}
    <//>
    ${rejecting && html`<${RejectDialog} item=${rejecting} onClose=${() => setRejecting(null)} onDone=${state.reload} />`}
  `;
}

function ApprovalCard({ item, type, onDecided, onReject }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const name = item.user.full_name;
  const approve = async () => {
    setBusy(true);
    setError(null);
    try {
      await approveRequest(item.id);
      notify(t("approvals.approved", { name, period: formatPeriod(item) }));
      // This card goes away with its buttons: keep keyboard focus on the screen.
      focusHeading();
      onDecided();
    } catch (problem) {
      setError(problem);
      setBusy(false);
    }
  };
  const titleId = `approval-${item.id}`;
  return html`<article class="card approval" aria-labelledby=${titleId}>
    <h2 id=${titleId} class="card-title">${name}</h2>
    <p class="approval-what">
      <span class="swatch" style=${{ "--swatch": type?.color || "#888" }} aria-hidden="true"></span>
      <strong>${type?.name || t("common.leave")}</strong> · ${formatPeriod(item)} · <strong>${formatDays(item.days)}</strong>
    </p>
    ${item.reason && html`<p class="quote">“${item.reason}”</p>`}
    ${Array.isArray(item.by_year) && item.by_year.length > 0 &&
    html`<p>${t("approvals.balanceAfter")}: ${item.by_year.map(
      (year, i) => html`<span key=${year.year}>${i > 0 ? "; " : ""}${year.year}: ${year.balance_after === null
        ? t("balances.unlimited")
        : html`<strong class=${year.balance_after < 0 ? "negative" : ""}>${t("approvals.balanceValue", { after: formatNumber(year.balance_after), before: formatNumber(year.balance_before) })}</strong>`}</span>`,
    )}</p>`}
    ${item.team_conflicts.length > 0 &&
    html`<div class="alert alert-warning">
      <p><strong>${t("approvals.conflicts")}</strong></p>
      <ul>${item.team_conflicts.map((c, i) => html`<li key=${i}>${teamConflictText(c)}</li>`)}</ul>
    </div>`}
    <p class="muted small">${t("approvals.requested", { at: formatTimestamp(item.created_at) })}</p>
    <${ProblemAlert} error=${error} />
    ${item.can_decide &&
    html`<div class="actions">
      <button type="button" class="button primary" disabled=${busy} onClick=${approve}>
        ${t("approvals.approve")}<span class="visually-hidden"> ${t("approvals.whose", { name })}</span>
      </button>
      <button type="button" class="button danger-outline" disabled=${busy} onClick=${onReject}>
        ${t("approvals.reject")}<span class="visually-hidden"> ${t("approvals.whose", { name })}</span>
      </button>
    </div>`}
  </article>`;
}

function RejectDialog({ item, onClose, onDone }) {
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await rejectRequest(item.id, comment);
      notify(t("approvals.rejected", { name: item.user.full_name, period: formatPeriod(item) }));
      onClose();
      onDone();
    } catch (problem) {
      setError(problem);
      setBusy(false);
    }
  };
  return html`<${Dialog} title=${t("approvals.rejectTitle", { name: item.user.full_name })} onClose=${onClose}>
    <form onSubmit=${submit} novalidate>
      <p>${formatPeriod(item)} · ${formatDays(item.days)}</p>
      <${TextArea} label=${t("approvals.comment")} hint=${t("approvals.commentHint")} required value=${comment}
        onValue=${setComment} error=${fieldError(error, "comment")} />
      <${ProblemAlert} error=${error} shownFields=${["comment"]} />
      <div class="actions">
        <button type="submit" class="button danger" disabled=${busy}>${t("approvals.rejectConfirm")}</button>
        <button type="button" class="button" onClick=${onClose}>${t("common.back")}</button>
      </div>
    </form>
  <//>`;
}
