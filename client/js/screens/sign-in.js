// Sign in with email and password. Also where a session that ended comes back to, with why.
import { Field, fieldError } from "../components/form.js";
import { ProblemAlert } from "../components/feedback.js";
import { html, useEffect, useRef, useState } from "../html.js";
import { t } from "../i18n.js";
import { navigate } from "../router.js";
import { signIn } from "../session.js";

const ENDINGS = {
  expired: "signIn.expired",
  "signed-out": "signIn.signedOut",
  "password-changed": "signIn.passwordChanged",
};

export function SignInScreen({ endedBecause }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const heading = useRef(null);
  useEffect(() => {
    document.title = `${t("signIn.title")} · PTO`;
    heading.current?.focus();
  }, []);

  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
      navigate("/");
    } catch (problem) {
      setError(problem);
      setBusy(false);
    }
  };

  return html`<main id="main" class="sign-in" tabindex="-1">
    <div class="sign-in-card">
      <h1 tabindex="-1" ref=${heading}><img src="/client/icon.svg" alt="" width="32" height="32" /> ${t("signIn.title")}</h1>
      <p class="muted">${t("signIn.intro")}</p>
      ${ENDINGS[endedBecause] && html`<p class="alert alert-info" role="status">${t(ENDINGS[endedBecause])}</p>`}
      <form onSubmit=${submit} novalidate>
        <${ProblemAlert} error=${error} shownFields=${["email", "password"]} />
        <${Field} label=${t("signIn.email")} type="email" name="email" autocomplete="username" required
          value=${email} onValue=${setEmail} error=${fieldError(error, "email")} />
        <${Field} label=${t("signIn.password")} type="password" name="password" autocomplete="current-password" required
          value=${password} onValue=${setPassword} error=${fieldError(error, "password")} />
        <button type="submit" class="button primary wide" disabled=${busy}>${busy ? t("signIn.busy") : t("signIn.submit")}</button>
      </form>
      <p class="hint">${t("signIn.forgot")}</p>
    </div>
  </main>`;
}
