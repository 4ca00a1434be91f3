// /users/{id}/adjustments: days added to or removed from a balance, with why.
import { get, post } from "../api.js";

export const listAdjustments = (userId, query, signal) => get(`/users/${userId}/adjustments`, query, signal);
/** Add one; `key` (attemptKeys) makes a retried submit the same adjustment. */
export const createAdjustment = (userId, body, key) => post(`/users/${userId}/adjustments`, body, { idempotencyKey: key });
