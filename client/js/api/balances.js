// /users/{id}/balances: what each leave type holds for a person in a year.
import { get } from "../api.js";

export const userBalances = (userId, query, signal) => get(`/users/${userId}/balances`, query, signal);
