// The session: the access token in memory and in sessionStorage (a reload keeps it, a new
// tab or a closed browser does not), refreshed a minute before it expires, and ended
// cleanly: on sign-out (the server revokes it), or when the API no longer accepts it.
// When a token expires is counted on this browser's clock from the token's lifetime (exp -
// iat) as it arrives, never read from its `exp`: a clock that is off by days (or moved in a
// test) would otherwise refresh every few seconds, or in a loop once a timer overflows.
import { configureAuth } from "./api.js";
import { login, logout, me, refreshToken } from "./api/auth.js";
import { clearCache } from "./data.js";
import { loadLanguageOf } from "./i18n.js";

const STORAGE_KEY = "pto.token";
const EXPIRES_KEY = "pto.token.expires"; // when it expires, on this browser's clock (ms)
const REFRESH_MARGIN_MS = 60_000;
const MIN_DELAY_MS = 5_000;
const MAX_DELAY_MS = 2 ** 31 - 1; // setTimeout fires at once beyond this

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

/** Draw the screens for `user` in their language (the browser's once nobody is signed in). */
async function show(user, next = {}) {
  try {
    await loadLanguageOf(user);
  } catch {
    // A catalogue that failed to load: the one in use (English at worst) stays.
  }
  update({ ...next, user });
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

/** When a token that has just arrived expires, on this browser's clock. */
function expiryOf(token) {
  const { iat = 0, exp = 0 } = claims(token);
  return Date.now() + (exp - iat) * 1000;
}

function keep(token, expires = expiryOf(token)) {
  sessionStorage.setItem(STORAGE_KEY, token);
  sessionStorage.setItem(EXPIRES_KEY, String(expires));
  clearTimeout(refreshTimer);
  const delay = Math.max(expires - Date.now() - REFRESH_MARGIN_MS, MIN_DELAY_MS);
  refreshTimer = setTimeout(refresh, Math.min(delay, MAX_DELAY_MS));
}

function forget(endedBecause) {
  clearTimeout(refreshTimer);
  sessionStorage.removeItem(STORAGE_KEY);
  sessionStorage.removeItem(EXPIRES_KEY);
  clearCache();
  state = { ...state, token: null };
  show(null, { endedBecause });
}

/** A new access token for this session; false when the session is over. Concurrent
 * callers share one refresh. */
export function refresh() {
  if (!state.token) return Promise.resolve(false);
  refreshing ??= (async () => {
    try {
      const response = await refreshToken();
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
  const expires = Number(sessionStorage.getItem(EXPIRES_KEY)) || 0;
  state = { ...state, token };
  try {
    if (expires <= Date.now() && !(await refresh())) {
      forget("expired");
      return;
    }
    const user = await me();
    if (state.token === token) keep(token, expires); // a refresh has kept its own token
    await show(user, { endedBecause: null });
  } catch {
    if (state.token) forget("expired");
  }
}

export async function signIn(email, password) {
  const grant = await login(email, password);
  state = { ...state, token: grant.access_token };
  try {
    const user = await me();
    keep(grant.access_token);
    await show(user, { endedBecause: null });
  } catch (error) {
    state = { ...state, token: null };
    throw error;
  }
}

/** Ends the session on the server too (every token of it is revoked). */
export async function signOut() {
  try {
    await logout();
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
  await show(await me());
}
