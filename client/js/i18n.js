// Every user-facing string comes from one catalogue per language (client/i18n/<lang>.js).
// English is complete and the fallback for any key another catalogue lacks. Dates and
// numbers are formatted for the browser's own locale (format.js), whatever the language.
import en from "../i18n/en.js";

const LANGUAGES = {
  en: () => Promise.resolve(en),
  de: () => import("../i18n/de.js").then((module) => module.default),
};

let messages = en;
let plurals = new Intl.PluralRules("en");
export let language = "en";
// The browser's locale, for Intl formatting of dates and numbers.
export let locale = navigator.language || "en";

export async function loadLanguage(preferred = navigator.languages || [navigator.language]) {
  locale = preferred[0] || "en";
  const code = preferred.map((tag) => String(tag).slice(0, 2).toLowerCase()).find((c) => c in LANGUAGES);
  language = code || "en";
  messages = await LANGUAGES[language]();
  plurals = new Intl.PluralRules(language);
  document.documentElement.lang = language;
}

/** The message for `key`, with `{name}` placeholders filled from `vars`. A message that is
 * an object picks its plural form by `vars.count` (`one`, `other`, ...). */
export function t(key, vars = {}) {
  let message = messages[key] ?? en[key];
  if (message === undefined) {
    console.warn(`Missing message: ${key}`);
    return key;
  }
  if (typeof message === "object") {
    message = message[plurals.select(vars.count)] ?? message.other;
  }
  return message.replace(/\{(\w+)\}/g, (placeholder, name) =>
    name in vars ? String(vars[name]) : placeholder,
  );
}
