// /users: people, their accounts and roles.
import { get, getAll, patch, post, remove } from "../api.js";

/** A page of users: `{q, is_active, role, sort, page, per_page}`. */
export const listUsers = (query, signal) => get("/users", query, signal);
/** Every user matching `query` (for pickers). */
export const allUsers = (query, signal) => getAll("/users", query, signal);
export const getUser = (id, signal) => get(`/users/${id}`, undefined, signal);
export const createUser = (body) => post("/users", body);
export const updateUser = (id, body) => patch(`/users/${id}`, body);
export const deactivateUser = (id) => remove(`/users/${id}`);
export const reactivateUser = (id) => patch(`/users/${id}`, { is_active: true });

/** Work schedules, newest first: `{items: [schedule]}`. */
export const listSchedules = (userId, signal) => get(`/users/${userId}/schedules`, undefined, signal);
/** A new schedule (admins); the answer carries `recalculation`. */
export const createSchedule = (userId, body, key) => post(`/users/${userId}/schedules`, body, { idempotencyKey: key });
/** Take back a schedule that has not started yet (admins). */
export const deleteSchedule = (userId, scheduleId) => remove(`/users/${userId}/schedules/${scheduleId}`);
