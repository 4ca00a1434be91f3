// /leave-types: the kinds of leave, their allowances and rules.
import { getAll, patch, post, remove } from "../api.js";

export const allLeaveTypes = (query, signal) => getAll("/leave-types", query, signal);
export const createLeaveType = (body) => post("/leave-types", body);
export const updateLeaveType = (id, body) => patch(`/leave-types/${id}`, body);
export const deactivateLeaveType = (id) => remove(`/leave-types/${id}`);
export const reactivateLeaveType = (id) => patch(`/leave-types/${id}`, { is_active: true });
