// /auth: signing in and out, the session's token and who is signed in, the password.
import { api, get, post, request } from "../api.js";

/** `{access_token, ...}` for an email and password (sent without any token). */
export const login = (email, password) => post("/auth/login", { email, password }, { authenticate: false });

/** A new access token for the current one: the raw response (a 401 is not retried). */
export const refreshToken = () => request("/auth/refresh", { method: "POST", retried: true });

/** The signed-in user. */
export const me = (signal) => get("/auth/me", undefined, signal);

export const logout = () => post("/auth/logout");

export const changePassword = (currentPassword, newPassword) =>
  api("/auth/password", { method: "POST", body: { current_password: currentPassword, new_password: newPassword } });
