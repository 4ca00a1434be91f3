// The API client: JSON in and out, the bearer token, problem+json errors as ApiError, one
// refresh-and-retry on a 401, and downloads saved as files.
import { API_ROOT, takeEarly } from "./boot.js";
import { t } from "./i18n.js";

export { API_ROOT };
const MAX_PAGES = 50;

/** An RFC 9457 problem the API answered (or a network failure, status 0). */
export class ApiError extends Error {
  constructor(status, problem = {}) {
    const detail = problem.detail || problem.title || t("error.status", { status });
    super(detail);
    this.status = status;
    this.type = problem.type || "";
    this.detail = detail;
    this.errors = problem.errors && typeof problem.errors === "object" ? problem.errors : {};
  }

  get slug() {
    return this.type.replace(/^.*\/problems\//, "");
  }
}

// session.js plugs in here: the current token, a refresh, and what to do when it fails.
let auth = { token: () => null, refresh: async () => false, expired: () => {} };

export function configureAuth(hooks) {
  auth = { ...auth, ...hooks };
}

export function apiUrl(path, query) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== "") params.append(key, value);
  }
  const search = params.toString();
  return `${API_ROOT}${path}${search ? `?${search}` : ""}`;
}

/** A key for an idempotent write: a retry with the same key cannot apply it twice. */
export function idempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Keys for one form's writes. The same body keeps its key until the server has answered it,
 * so a click after a network failure (the first attempt may have gone through) is a retry
 * the server recognises, not a second request; a changed or answered body gets a new key. */
export function attemptKeys() {
  let last = null; // { body, key }
  return {
    keyFor(body) {
      const text = JSON.stringify(body);
      if (last?.body !== text) last = { body: text, key: idempotencyKey() };
      return last.key;
    },
    settle(problem) {
      if (!problem || problem.status !== 0) last = null; // 0: no answer came back
    },
  };
}

export async function request(path, options = {}) {
  const { method = "GET", query, body, signal, accept = "application/json" } = options;
  const headers = { Accept: `${accept}, application/problem+json` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const token = options.authenticate === false ? null : auth.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.idempotencyKey) headers["Idempotency-Key"] = options.idempotencyKey;
  let response;
  // boot.js may have asked already, while the modules loaded: take its answer if it is good.
  const early = method === "GET" && token && !options.retried ? takeEarly(apiUrl(path, query), token) : null;
  if (early) {
    response = await early;
    if (response?.ok && accept === "application/json") return response;
  }
  try {
    response = await fetch(apiUrl(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      credentials: "omit",
    });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    // A write with an idempotency key is safe to send once more after a network failure.
    if (options.idempotencyKey && !options.retried) return request(path, { ...options, retried: true });
    throw new ApiError(0, { detail: t("error.network") });
  }
  if (response.status === 401 && token && !options.retried) {
    if (await auth.refresh()) return request(path, { ...options, retried: true });
    auth.expired();
  }
  if (!response.ok) throw new ApiError(response.status, await readProblem(response));
  return response;
}

async function readProblem(response) {
  try {
    const body = await response.json();
    return body && typeof body === "object" ? body : {};
  } catch {
    return {};
  }
}

/** The JSON body of a call (null for 204 No Content). */
export async function api(path, options) {
  const response = await request(path, options);
  return response.status === 204 ? null : response.json();
}

export const get = (path, query, signal) => api(path, { query, signal });
export const post = (path, body, options = {}) => api(path, { ...options, method: "POST", body });
export const patch = (path, body) => api(path, { method: "PATCH", body });
export const put = (path, body) => api(path, { method: "PUT", body });
export const remove = (path) => api(path, { method: "DELETE" });

/** Every item of a paginated list, page by page (bounded: pickers, not exports). */
export async function getAll(path, query = {}, signal) {
  const items = [];
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const body = await get(path, { ...query, page, per_page: 100 }, signal);
    items.push(...body.items);
    if (page >= body.pages) break;
  }
  return items;
}

/** Fetch a file with the bearer token and hand it to the browser as a download. */
export async function download(path, query, fallbackName) {
  const response = await request(path, { query, accept: "text/csv" });
  const blob = await response.blob();
  const disposition = response.headers.get("Content-Disposition") || "";
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1]) : fallbackName;
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  return name;
}
