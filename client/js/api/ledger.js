// /users/{id}/ledger: every entry of a person's balances (accruals, usage, adjustments,
// carry-over, corrections), never changed or removed; walked by cursor, not by page.
import { get } from "../api.js";

/** A page: `{items, per_page, next_after}`; the next one is `{...query, after: next_after}`
 * until `next_after` is null. */
export const listLedger = (userId, query, signal) => get(`/users/${userId}/ledger`, query, signal);
