// Every user-facing string comes from one catalogue per language (client/i18n/<lang>.js).
// English is complete and the fallback for any key another catalogue lacks. Before sign-in
// the browser's language is used; once signed in, the user's own `locale` (Profile). Dates
// and numbers are formatted for the browser's own locale (format.js) when it is of the same
// language, otherwise for the chosen language.
import en from "../i18n/en.js";

const LANGUAGES = {
  en: () => Promise.resolve(en),
  de: () => import("../i18n/de.js").then((module) => module.default),
};

let messages = en;
let plurals = new Intl.PluralRules("en");
export let language = "en";
// The locale for Intl formatting of dates and numbers: the browser's, or the language's.
export let locale = navigator.language || "en";

const browserLanguages = () => navigator.languages || [navigator.language];
const languageOf = (tag) => String(tag || "").slice(0, 2).toLowerCase();

export async function loadLanguage(preferred = browserLanguages()) {
  const code = preferred.map(languageOf).find((c) => c in LANGUAGES) || "en";
  // The browser's own locale (en-GB, de-AT) when it speaks this language, else the language.
  locale = browserLanguages().find((tag) => languageOf(tag) === code) || code;
  language = code;
  messages = await LANGUAGES[language]();
  plurals = new Intl.PluralRules(language);
  document.documentElement.lang = language;
}

/** The signed-in user's language (their `locale`), or the browser's for nobody. */
export function loadLanguageOf(user) {
  const preferred = user?.locale ? [user.locale] : browserLanguages();
  if (languageOf(preferred[0]) === language && messages) return Promise.resolve();
  return loadLanguage(preferred);
}

/** Whether a catalogue has `key` (for labels of open-ended codes, e.g. holiday categories). */
export function hasMessage(key) {
  return key in messages || key in en;
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
