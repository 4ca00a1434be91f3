// Start: pick the language, pick up this tab's session (if any), then draw the app.
import { App } from "./app.js";
import { html, render } from "./html.js";
import { loadLanguage } from "./i18n.js";
import { restoreSession } from "./session.js";

const root = document.getElementById("app");
try {
  await loadLanguage();
  await restoreSession();
  root.textContent = "";
  render(html`<${App} />`, root);
} catch (error) {
  // Never a blank page: say what happened in plain text.
  root.querySelector("main")?.insertAdjacentText("beforeend", `The app could not start: ${error.message}`);
  throw error;
}
