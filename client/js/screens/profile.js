// "Profile": name, time zone and language, password change, and the personal calendar feed.
import { changePassword } from "../api/auth.js";
import { createFeed, getFeed, stopFeed } from "../api/feed.js";
import { updateUser } from "../api/users.js";
import { ConfirmDialog } from "../components/dialog.js";
import { Loaded, notify, ProblemAlert } from "../components/feedback.js";
import { Field, fieldError, Select } from "../components/form.js";
import { useFetch } from "../data.js";
import { html, useRef, useState } from "../html.js";
import { t } from "../i18n.js";
import { formatTimestamp } from "../format.js";
import { timezones } from "../lookups.js";
import { endSession, reloadUser } from "../session.js";

// Each language named in itself, so it can be found whichever language is on screen.
const LANGUAGE_OPTIONS = [
  { value: "en", label: "English" },
  { value: "de", label: "Deutsch" },
];

export function ProfileScreen({ user }) {
  return html`
    <h1 tabindex="-1">${t("nav.profile")}</h1>
    <div class="columns">
      <${Details} user=${user} />
      <${Password} user=${user} />
    </div>
    <${CalendarFeed} />
  `;
}

function Details({ user }) {
  const [name, setName] = useState(user.full_name);
  const [timezone, setTimezone] = useState(user.timezone);
  const [language, setLanguage] = useState(user.locale || "en");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const zones = useFetch(() => timezones(), []);
  const save = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await updateUser(user.id, { full_name: name.trim(), timezone, locale: language });
      await reloadUser(); // draws every screen in the language chosen
      notify(t("profile.saved"));
    } catch (problem) {
      setError(problem);
    }
    setBusy(false);
  };
  const zoneOptions = [...new Set([user.timezone, ...(zones.data || [])])].map((z) => ({ value: z, label: z.replace(/_/g, " ") }));
  return html`<section class="panel" aria-labelledby="details-title">
    <h2 id="details-title">${t("profile.details")}</h2>
    <form onSubmit=${save} novalidate>
      <${Field} label=${t("profile.name")} value=${name} onValue=${setName} required autocomplete="name"
        error=${fieldError(error, "full_name")} />
      <${Select} label=${t("profile.timezone")} value=${timezone} onValue=${setTimezone} options=${zoneOptions}
        hint=${t("profile.timezoneHint")} error=${fieldError(error, "timezone")} />
      <${Select} label=${t("profile.language")} value=${language} onValue=${setLanguage} options=${LANGUAGE_OPTIONS}
        hint=${t("profile.languageHint")} error=${fieldError(error, "locale")} />
      <dl class="facts">
        <div><dt>${t("profile.email")}</dt><dd>${user.email}</dd></div>
        <div><dt>${t("profile.region")}</dt><dd>${[user.country, user.subdivision].filter(Boolean).join(" – ") || "—"}</dd></div>
        <div><dt>${t("profile.roles")}</dt><dd>${["employee", ...user.roles.filter((r) => r !== "employee")].map((r) => t(`roles.${r}`)).join(", ")}</dd></div>
      </dl>
      <p class="hint">${t("profile.adminFields")}</p>
      <${ProblemAlert} error=${error} shownFields=${["full_name", "timezone", "locale"]} />
      <button type="submit" class="button primary" disabled=${busy}>${t("profile.save")}</button>
    </form>
  </section>`;
}

function Password({ user }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const mismatch = repeat && next !== repeat ? t("profile.passwordMismatch") : null;
  const submit = async (event) => {
    event.preventDefault();
    if (next !== repeat) {
      setError({ detail: t("profile.passwordMismatch"), errors: {} });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await changePassword(current, next);
      // Every token issued before the change is now refused: sign in again.
      endSession("password-changed");
    } catch (problem) {
      setError(problem);
      setBusy(false);
    }
  };
  return html`<section class="panel" aria-labelledby="password-title">
    <h2 id="password-title">${t("profile.passwordTitle")}</h2>
    <form onSubmit=${submit} novalidate>
      <input type="text" hidden readonly autocomplete="username" value=${user.email} />
      <${Field} label=${t("profile.currentPassword")} type="password" autocomplete="current-password" required
        value=${current} onValue=${setCurrent} error=${fieldError(error, "current_password")} />
      <${Field} label=${t("profile.newPassword")} type="password" autocomplete="new-password" required minlength="10"
        hint=${t("profile.passwordHint")} value=${next} onValue=${setNext} error=${fieldError(error, "new_password")} />
      <${Field} label=${t("profile.repeatPassword")} type="password" autocomplete="new-password" required
        value=${repeat} onValue=${setRepeat} error=${mismatch} />
      <${ProblemAlert} error=${error} shownFields=${["current_password", "new_password"]} />
      <button type="submit" class="button primary" disabled=${busy}>${t("profile.changePassword")}</button>
    </form>
  </section>`;
}

function CalendarFeed() {
  const state = useFetch((signal) => getFeed(signal), []);
  const [created, setCreated] = useState(null);
  const [confirming, setConfirming] = useState(null);
  const [error, setError] = useState(null);
  const create = async () => {
    setError(null);
    try {
      setCreated(await createFeed());
      state.reload();
    } catch (problem) {
      setError(problem);
    }
  };
  const stop = async () => {
    await stopFeed();
    setCreated(null);
    notify(t("feed.stopped"));
    state.reload();
  };
  return html`<section class="panel" aria-labelledby="feed-title">
    <h2 id="feed-title">${t("feed.title")}</h2>
    <p>${t("feed.intro")}</p>
    <${Loaded} state=${state}>
      ${(feed) => html`
        <p role="status">${feed.exists ? t("feed.active", { since: formatTimestamp(feed.created_at) }) : t("feed.none")}</p>
        ${created && html`<${NewFeedLink} url=${created.feed_url} />`}
        <${ProblemAlert} error=${error} />
        <div class="actions">
          ${feed.exists
            ? html`<button type="button" class="button" onClick=${() => setConfirming("reset")}>${t("feed.reset")}</button>
                <button type="button" class="button danger-outline" onClick=${() => setConfirming("stop")}>${t("feed.stop")}</button>`
            : html`<button type="button" class="button primary" onClick=${create}>${t("feed.create")}</button>`}
        </div>
      `}
    <//>
    ${confirming === "reset" &&
    html`<${ConfirmDialog} title=${t("feed.resetTitle")} message=${t("feed.resetWarning")} confirmLabel=${t("feed.reset")}
      cancelLabel=${t("common.back")} onConfirm=${create} onClose=${() => setConfirming(null)} />`}
    ${confirming === "stop" &&
    html`<${ConfirmDialog} title=${t("feed.stopTitle")} message=${t("feed.stopWarning")} confirmLabel=${t("feed.stop")}
      cancelLabel=${t("common.back")} danger onConfirm=${stop} onClose=${() => setConfirming(null)} />`}
  </section>`;
}

function NewFeedLink({ url }) {
  const input = useRef(null);
  const [copied, setCopied] = useState(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(t("feed.copied"));
    } catch {
      // No clipboard API (a page over plain http on a LAN): select it for Ctrl+C instead.
      input.current.select();
      setCopied(document.execCommand?.("copy") ? t("feed.copied") : t("feed.copyManually"));
    }
  };
  return html`<div class="feed-link">
    <div class="field">
      <label for="feed-url">${t("feed.link")}</label>
      <div class="input-with-button">
        <input id="feed-url" ref=${input} type="text" readonly value=${url} aria-describedby="feed-url-hint"
          onFocus=${(event) => event.currentTarget.select()} />
        <button type="button" class="button primary" onClick=${copy}>${t("feed.copy")}</button>
      </div>
      <p class="hint" id="feed-url-hint">${t("feed.once")}</p>
      <p role="status" class="copied">${copied}</p>
    </div>
    <h3>${t("feed.howTo")}</h3>
    <div class="columns">
      <div>
        <h4>${t("feed.google")}</h4>
        <ol>
          <li>${t("feed.google1")}</li>
          <li>${t("feed.google2")}</li>
          <li>${t("feed.google3")}</li>
        </ol>
      </div>
      <div>
        <h4>${t("feed.outlook")}</h4>
        <ol>
          <li>${t("feed.outlook1")}</li>
          <li>${t("feed.outlook2")}</li>
          <li>${t("feed.outlook3")}</li>
        </ol>
      </div>
    </div>
  </div>`;
}
