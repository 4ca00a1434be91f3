// Loading data in components, and a small cache for lists that rarely change (leave types,
// teams, reference data), emptied at sign-out and after an admin changes them.
import { useEffect, useState } from "./html.js";

const cache = new Map();

/** One shared promise per key while it is cached; a failed load is not kept. */
export function cached(key, load) {
  if (!cache.has(key)) {
    const promise = load();
    cache.set(key, promise);
    promise.catch(() => cache.delete(key));
  }
  return cache.get(key);
}

export function invalidate(key) {
  cache.delete(key);
}

export function clearCache() {
  cache.clear();
}

/** `{loading, data, error, reload}` for `load(signal)`, loaded again when `deps` change.
 * While reloading, the previous data stays on screen. */
export function useFetch(load, deps) {
  const [state, setState] = useState({ loading: true, data: undefined, error: null });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    let live = true;
    setState((previous) => ({ ...previous, loading: true, error: null }));
    load(controller.signal).then(
      (data) => live && setState({ loading: false, data, error: null }),
      (error) => {
        if (live && error.name !== "AbortError") setState({ loading: false, data: undefined, error });
      },
    );
    return () => {
      live = false;
      controller.abort();
    };
  }, [...deps, version]);
  return { ...state, reload: () => setVersion((v) => v + 1) };
}

/** `value`, but only after it has stopped changing for `delay` ms. */
export function useDebounced(value, delay) {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

/** Whether a media query matches, following changes (e.g. a phone turned sideways). */
export function useMediaQuery(query) {
  const [matches, setMatches] = useState(() => matchMedia(query).matches);
  useEffect(() => {
    const list = matchMedia(query);
    const onChange = () => setMatches(list.matches);
    list.addEventListener("change", onChange);
    onChange();
    return () => list.removeEventListener("change", onChange);
  }, [query]);
  return matches;
}
