// The session: the access token in memory and in sessionStorage (a reload keeps it, a new
// tab or a closed browser does not), refreshed a minute before it expires, and ended
// cleanly: on sign-out (the server revokes it), or when the API no longer accepts it.
import { configureAuth, get, post, request } from "./api.js";
import { clearCache } from "./data.js";

const STORAGE_KEY = "pto.token";
const REFRESH_MARGIN_MS = 60_000;
const MIN_DELAY_MS = 5_000;

let state = { token: null, user: null, endedBecause: null };
const listeners = new Set();
let refreshTimer = null;
let refreshing = null;

export function currentSession() {
  return state;
}

export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function update(next) {
  state = { ...state, ...next };
  for (const listener of listeners) listener(state);
}

export function hasRole(user, role) {
  return Boolean(user?.roles?.includes(role));
}

function claims(token) {
  try {
    const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(payload));
  } catch {
    return {};
  }
}

function keep(token) {
  sessionStorage.setItem(STORAGE_KEY, token);
  clearTimeout(refreshTimer);
  const expires = (claims(token).exp || 0) * 1000;
  const delay = Math.max(expires - Date.now() - REFRESH_MARGIN_MS, MIN_DELAY_MS);
  refreshTimer = setTimeout(refresh, delay);
}

function forget(endedBecause) {
  clearTimeout(refreshTimer);
  sessionStorage.removeItem(STORAGE_KEY);
  clearCache();
  update({ token: null, user: null, endedBecause });
}

/** A new access token for this session; false when the session is over. Concurrent
 * callers share one refresh. */
export function refresh() {
  if (!state.token) return Promise.resolve(false);
  refreshing ??= (async () => {
    try {
      const response = await request("/auth/refresh", { method: "POST", retried: true });
      const grant = await response.json();
      state = { ...state, token: grant.access_token };
      keep(grant.access_token);
      return true;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

configureAuth({
  token: () => state.token,
  refresh,
  expired: () => {
    if (state.token) forget("expired");
  },
});

/** After a reload: pick up the session this tab had, if the API still accepts it. */
export async function restoreSession() {
  const token = sessionStorage.getItem(STORAGE_KEY);
  if (!token) return;
  state = { ...state, token };
  try {
    if ((claims(token).exp || 0) * 1000 <= Date.now() && !(await refresh())) {
      forget("expired");
      return;
    }
    const user = await get("/auth/me");
    keep(state.token);
    update({ user, endedBecause: null });
  } catch {
    if (state.token) forget("expired");
  }
}

export async function signIn(email, password) {
  const grant = await post("/auth/login", { email, password }, { authenticate: false });
  state = { ...state, token: grant.access_token };
  try {
    const user = await get("/auth/me");
    keep(grant.access_token);
    update({ user, endedBecause: null });
  } catch (error) {
    state = { ...state, token: null };
    throw error;
  }
}

/** Ends the session on the server too (every token of it is revoked). */
export async function signOut() {
  try {
    await post("/auth/logout");
  } catch {
    // Signed out here either way; an unreachable server only means the token expires alone.
  }
  forget("signed-out");
}

/** The session is over for a reason other than a 401 (e.g. the password changed). */
export function endSession(reason) {
  forget(reason);
}

export async function reloadUser() {
  update({ user: await get("/auth/me") });
}
