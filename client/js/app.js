// The shell: sign-in when there is no session, otherwise the header, navigation and the
// screen the hash names. Screens a role may not use are not offered (the API refuses them
// anyway).
import { Loading, Notices, ProblemAlert } from "./components/feedback.js";
import { html, useEffect, useRef, useState } from "./html.js";
import { t } from "./i18n.js";
import { href, useRoute } from "./router.js";
import { ApprovalsScreen } from "./screens/approvals.js";
import { CalendarScreen } from "./screens/calendar.js";
import { MyRequestsScreen } from "./screens/my-requests.js";
import { MyTimeOffScreen } from "./screens/my-time-off.js";
import { ProfileScreen } from "./screens/profile.js";
import { RequestFormScreen } from "./screens/request-form.js";
import { SignInScreen } from "./screens/sign-in.js";
import { currentSession, hasRole, signOut, subscribe } from "./session.js";

const approver = (user) => hasRole(user, "manager") || hasRole(user, "admin");

/** A screen whose module is imported when it is first shown. Its files are preloaded with
 * the page (index.html), so this is quick; but the first screen does not wait for them. */
function lazyScreen(load) {
  let loaded = null;
  let loading = null;
  return function LazyScreen(props) {
    const [Screen, setScreen] = useState(() => loaded);
    const [waited] = useState(() => loaded === null);
    const [error, setError] = useState(null);
    useEffect(() => {
      if (Screen) return undefined;
      let live = true;
      loading ??= load().then((screen) => (loaded = screen));
      loading.then(
        (screen) => live && setScreen(() => screen),
        (problem) => {
          loading = null;
          if (live) setError(problem);
        },
      );
      return () => {
        live = false;
      };
    }, []);
    // Main focused the heading on arrival, when there was none yet: do it once there is.
    useEffect(() => {
      if (Screen && waited) document.querySelector("#main h1")?.focus();
    }, [Screen]);
    if (error) return html`<${ProblemAlert} error=${error} />`;
    return Screen ? html`<${Screen} ...${props} />` : html`<${Loading} />`;
  };
}

// Admin's sections are a third of the client: most people never open them.
const AdminScreen = lazyScreen(() => import("./screens/admin.js").then((module) => module.AdminScreen));

const SCREENS = [
  { name: "", path: "/", label: "nav.myTimeOff", screen: MyTimeOffScreen },
  { name: "request", path: "/request", label: "nav.requestTimeOff", screen: RequestFormScreen },
  { name: "requests", path: "/requests", label: "nav.myRequests", screen: MyRequestsScreen },
  { name: "approvals", path: "/approvals", label: "nav.approvals", screen: ApprovalsScreen, allowed: approver },
  { name: "calendar", path: "/calendar", label: "nav.teamCalendar", screen: CalendarScreen },
  { name: "admin", path: "/admin", label: "nav.admin", screen: AdminScreen, allowed: (u) => hasRole(u, "admin") },
  { name: "profile", path: "/profile", label: "nav.profile", screen: ProfileScreen },
];

function useSession() {
  const [session, setSession] = useState(currentSession());
  useEffect(() => subscribe(setSession), []);
  return session;
}

export function App() {
  const session = useSession();
  const route = useRoute();
  if (!session.user) return html`<${SignInScreen} endedBecause=${session.endedBecause} />`;
  const user = session.user;
  const screens = SCREENS.filter((s) => !s.allowed || s.allowed(user));
  const current = screens.find((s) => s.name === route.name);
  return html`
    <a class="skip-link" href="#main" onClick=${skipToMain}>${t("nav.skip")}</a>
    <header class="topbar">
      <div class="topbar-inner">
        <a class="brand" href=${href("/")}><img src="/client/icon.svg" alt="" width="28" height="28" /> PTO</a>
        <nav class="main-nav" aria-label=${t("nav.label")}>
          <ul>
            ${screens.map(
              (s) => html`<li key=${s.name}>
                <a href=${href(s.path)} aria-current=${s === current ? "page" : undefined}>${t(s.label)}</a>
              </li>`,
            )}
          </ul>
        </nav>
        <div class="who">
          <span class="who-name">${user.full_name}</span>
          <button type="button" class="button small" onClick=${signOut}>${t("nav.signOut")}</button>
        </div>
      </div>
    </header>
    <${Notices} place=${route.path || route.name} />
    <${Main} key=${route.name} title=${current ? t(current.label) : t("notFound.title")}>
      ${current ? html`<${current.screen} user=${user} route=${route} />` : html`<${NotFound} />`}
    <//>
  `;
}

function skipToMain(event) {
  event.preventDefault();
  document.getElementById("main")?.focus();
}

/** The page's main region. On arriving at a screen, focus goes to its heading so a screen
 * reader announces where the person is, and the document title follows. */
function Main({ title, children }) {
  const ref = useRef(null);
  useEffect(() => {
    document.title = `${title} · PTO`;
    ref.current?.querySelector("h1")?.focus();
  }, [title]);
  return html`<main id="main" tabindex="-1" ref=${ref}>${children}</main>`;
}

function NotFound() {
  return html`<h1 tabindex="-1">${t("notFound.title")}</h1>
    <p>${t("notFound.body")} <a href=${href("/")}>${t("nav.myTimeOff")}</a></p>`;
}
