// The first thing the page runs, before the rest of the modules have arrived: it imports
// nothing, so it starts at once, and it sends the first API requests the app will make
// (who is signed in; the team calendar's month when the page opens on it) while the
// browser is still fetching and compiling the other modules. api.js takes those answers
// (once each) instead of asking again; an answer that is not a success (an expired token)
// is dropped, and the app asks again as usual (refreshing the token first).
const configured = document.querySelector('meta[name="pto-api-url"]')?.content || "";
// Empty: the API is on the origin that served this page.
export const API_ROOT = `${configured.replace(/\/+$/, "")}/api/v1`;

const early = new Map(); // URL -> { token, at, response: Promise<Response | null> }
// An answer older than this is not taken: it is for the page's first screen only.
const FRESH_MS = 10_000;

function start(path, query, token) {
  const search = new URLSearchParams(query).toString();
  const url = `${API_ROOT}${path}${search ? `?${search}` : ""}`;
  const response = fetch(url, {
    headers: { Accept: "application/json, application/problem+json", Authorization: `Bearer ${token}` },
    credentials: "omit",
  }).catch(() => null);
  early.set(url, { token, at: Date.now(), response });
}

/** The answer boot started for GET `url` with `token`, once; null if there is none. */
export function takeEarly(url, token) {
  const found = early.get(url);
  if (!found) return null;
  early.delete(url);
  return found.token === token && Date.now() - found.at < FRESH_MS ? found.response : null;
}

function iso(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function startFirstRequests() {
  let token, expires;
  try {
    token = sessionStorage.getItem("pto.token"); // session.js keeps the session there
    expires = Number(sessionStorage.getItem("pto.token.expires")) || 0;
  } catch {
    return; // storage refused (privacy settings): the app signs in as usual
  }
  if (!token || expires <= Date.now()) return;
  start("/auth/me", {}, token);
  const screen = location.hash.replace(/^#\/?/, "").split(/[/?]/)[0];
  if (screen === "calendar") {
    // The same month and query as the calendar screen's first load (calendar.js, lookups.js).
    const now = new Date();
    const from = new Date(now.getFullYear(), now.getMonth(), 1);
    const to = new Date(now.getFullYear(), now.getMonth() + 1, 0);
    start("/calendar", { from: iso(from), to: iso(to) }, token);
    start("/teams", { sort: "name", page: 1, per_page: 100 }, token);
  }
}

startFirstRequests();
