// /policies: how a leave type's amounts work for the people who follow it, in versions
// over time (never edited: a change is a new version); and who follows which policy, from
// when (/users/{id}/policy-assignments). Reading is for everyone; writing for admins.
import { api, get, getAll, post, put, remove } from "../api.js";

/** Every policy matching `{leave_type_id, is_active}`, each with its versions (oldest first). */
export const allPolicies = (query, signal) => getAll("/policies", query, signal);

/** A policy with its first version (`{leave_type_id, name, version}`); `key` makes a
 * retry after a lost answer safe. */
export const createPolicy = (body, key) => post("/policies", body, { idempotencyKey: key });

/** A new version from its `effective_from`; the answer is the policy. */
export const addPolicyVersion = (id, version, key) =>
  post(`/policies/${id}/versions`, version, { idempotencyKey: key });

/** What a version would do, with nothing written: `{items: [{user_id, leave_year, before,
 * after, delta}]}` for everyone following the policy on its `effective_from`. */
export const tryPolicyVersion = (id, version, signal) =>
  api(`/policies/${id}/versions`, { method: "POST", query: { dry_run: true }, body: version, signal });

/** No new versions or assignments; a default policy cannot be deactivated (409). */
export const deactivatePolicy = (id) => remove(`/policies/${id}`);

/** `{items: [{leave_type_id, policy_id, effective_from, effective_to}]}`. */
export const listAssignments = (userId, signal) => get(`/users/${userId}/policy-assignments`, undefined, signal);

/** From `effective_from` the user follows `policy_id` for the leave type. */
export const assignPolicy = (userId, leaveTypeId, body) => put(`/users/${userId}/policy-assignments/${leaveTypeId}`, body);
