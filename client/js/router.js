// Hash routing (#/requests, #/admin/users/12): the server only ever serves index.html at /,
// so nginx needs no rewrite rules and a reload lands on the same screen.
import { useEffect, useState } from "./html.js";

export function parseRoute(hash) {
  const path = hash.replace(/^#\/?/, "").split("?")[0];
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  return { name: parts[0] || "", parts, path: `/${parts.join("/")}` };
}

export function useRoute() {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const onChange = () => setHash(location.hash);
    addEventListener("hashchange", onChange);
    return () => removeEventListener("hashchange", onChange);
  }, []);
  return parseRoute(hash);
}

export function navigate(path) {
  location.hash = `#${path}`;
}

export function href(path) {
  return `#${path}`;
}
