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
import { formatAmount, formatNumber, formatPeriod, formatTimestamp } from "../format.js";
import { leaveTypesById } from "../lookups.js";
import { TeamConflicts } from "./request-form.js";

export function ApprovalsScreen() {
  const [page, setPage] = useState(1);
  const [deciding, setDeciding] = useState(null); // {item, kind: "approve" | "reject"}
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
                      onDecided=${state.reload} onDecide=${(kind) => setDeciding({ item, kind })} />
                  </li>`,
                )}
              </ul>
              <${Pager} page=${body.page} pages=${body.pages} onPage=${setPage} />`}
    <//>
    ${deciding && html`<${DecisionDialog} item=${deciding.item} kind=${deciding.kind} onClose=${() => setDeciding(null)} onDone=${state.reload} />`}
  `;
}

function ApprovalCard({ item, type, onDecided, onDecide }) {
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
      <strong>${type?.name || t("common.leave")}</strong> · ${formatPeriod(item)} · <strong>${formatAmount(item.amount, item.unit)}</strong>
    </p>
    ${item.reason && html`<p class="quote">“${item.reason}”</p>`}
    ${Array.isArray(item.by_year) && item.by_year.length > 0 &&
    html`<p>${t("approvals.balanceAfter")}: ${item.by_year.map(
      (year, i) => html`<span key=${year.year}>${i > 0 ? "; " : ""}${year.year}: ${year.balance_after === null
        ? t("balances.unlimited")
        : html`<strong class=${year.balance_after < 0 ? "negative" : ""}>${t("approvals.balanceValue", { after: formatAmount(year.balance_after, item.unit), before: formatNumber(year.balance_before) })}</strong>`}</span>`,
    )}</p>`}
    <${TeamConflicts} conflicts=${item.team_conflicts} title=${t("approvals.conflicts")} />
    <p class="muted small">${t("approvals.requested", { at: formatTimestamp(item.created_at) })}</p>
    <${ProblemAlert} error=${error} />
    ${item.can_decide &&
    html`<div class="actions">
      <button type="button" class="button primary" disabled=${busy} onClick=${approve}>
        ${t("approvals.approve")}<span class="visually-hidden"> ${t("approvals.whose", { name })}</span>
      </button>
      <button type="button" class="button" disabled=${busy} onClick=${() => onDecide("approve")}>
        ${t("approvals.approveWithComment")}<span class="visually-hidden"> ${t("approvals.whose", { name })}</span>
      </button>
      <button type="button" class="button danger-outline" disabled=${busy} onClick=${() => onDecide("reject")}>
        ${t("approvals.reject")}<span class="visually-hidden"> ${t("approvals.whose", { name })}</span>
      </button>
    </div>`}
  </article>`;
}

/** Reject (a comment is required) or approve with an optional comment; the requester sees it. */
function DecisionDialog({ item, kind, onClose, onDone }) {
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const approving = kind === "approve";
  const name = item.user.full_name;
  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (approving) await approveRequest(item.id, comment.trim() || null);
      else await rejectRequest(item.id, comment);
      notify(t(approving ? "approvals.approved" : "approvals.rejected", { name, period: formatPeriod(item) }));
      onClose();
      onDone();
    } catch (problem) {
      setError(problem);
      setBusy(false);
    }
  };
  return html`<${Dialog} title=${t(approving ? "approvals.approveTitle" : "approvals.rejectTitle", { name })} onClose=${onClose}>
    <form onSubmit=${submit} novalidate>
      <p>${formatPeriod(item)} · ${formatAmount(item.amount, item.unit)}</p>
      <${TextArea} label=${t("approvals.comment")} required=${!approving} value=${comment} onValue=${setComment}
        hint=${t(approving ? "approvals.approveCommentHint" : "approvals.commentHint")} error=${fieldError(error, "comment")} />
      <${ProblemAlert} error=${error} shownFields=${["comment"]} />
      <div class="actions">
        <button type="submit" class=${approving ? "button primary" : "button danger"} disabled=${busy}>
          ${t(approving ? "approvals.approveConfirm" : "approvals.rejectConfirm")}
        </button>
        <button type="button" class="button" onClick=${onClose}>${t("common.back")}</button>
      </div>
    </form>
  <//>`;
}
