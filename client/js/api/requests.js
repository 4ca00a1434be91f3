// /requests and /approvals: leave requests, their preview, and the decisions on them. Each
// request carries what the caller may do with it now (`can_cancel`, `can_edit`,
// `can_decide`), decided by the server in the owner's time zone: screens show actions from
// those, never from rules of their own.
import { get, idempotencyKey, post } from "../api.js";

/** A page of requests: `{user_id, status, from, to, sort, page, per_page}`. */
export const listRequests = (query, signal) => get("/requests", query, signal);

export const getRequest = (id, signal) => get(`/requests/${id}`, undefined, signal);

/** What a request would count and break, before anything is made. */
export const previewRequest = (body, signal) => post("/requests/preview", body, { signal });

/** Make a request; `key` (attemptKeys) makes a retried submit the same request. */
export const createRequest = (body, key) => post("/requests", body, { idempotencyKey: key });

export const cancelRequest = (id) => post(`/requests/${id}/cancel`, undefined, { idempotencyKey: idempotencyKey() });

export const approveRequest = (id, comment) =>
  post(`/requests/${id}/approve`, comment ? { comment } : {}, { idempotencyKey: idempotencyKey() });

export const rejectRequest = (id, comment) => post(`/requests/${id}/reject`, { comment }, { idempotencyKey: idempotencyKey() });

/** A page of the pending requests the caller may decide, oldest first. */
export const listApprovals = (query, signal) => get("/approvals", query, signal);
