// /users/{id}/balances: what each leave type holds for a person in a year.
import { get } from "../api.js";

export const userBalances = (userId, query, signal) => get(`/users/${userId}/balances`, query, signal);

/** The balances as they will stand on `date` (today or later; a past day is 422). */
export const forecastBalances = (userId, date, signal) => get(`/users/${userId}/balances/forecast`, { date }, signal);
