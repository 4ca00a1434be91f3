// Form controls with their label, hint and error: every control is labelled, and an API
// error about a field is shown next to it (aria-invalid, aria-describedby).
import { html, useId } from "../html.js";
import { t } from "../i18n.js";

/** The API's message about `field`, if the problem names it. */
export function fieldError(error, ...fields) {
  for (const field of fields) {
    if (error?.errors?.[field]) return error.errors[field];
  }
  return null;
}

function describedBy(...ids) {
  return ids.filter(Boolean).join(" ") || undefined;
}

function Help({ id, hint, error }) {
  return html`
    ${hint && html`<p class="hint" id=${`${id}-hint`}>${hint}</p>`}
    ${error && html`<p class="field-error" id=${`${id}-error`}>${error}</p>`}
  `;
}

/** <input> with a label. `type` as for input; `onValue` gets the new value. */
export function Field({ label, hint, error, onValue, className, ...input }) {
  const id = useId();
  return html`<div class=${`field ${className || ""}`}>
    <label for=${id}>${label}${input.required && html`<span class="required"> ${t("form.required")}</span>`}</label>
    <input
      id=${id}
      ...${input}
      aria-invalid=${error ? "true" : undefined}
      aria-describedby=${describedBy(hint && `${id}-hint`, error && `${id}-error`)}
      onInput=${(event) => onValue?.(event.currentTarget.value)}
    />
    <${Help} id=${id} hint=${hint} error=${error} />
  </div>`;
}

export function TextArea({ label, hint, error, onValue, ...input }) {
  const id = useId();
  return html`<div class="field">
    <label for=${id}>${label}${input.required && html`<span class="required"> ${t("form.required")}</span>`}</label>
    <textarea
      id=${id}
      rows="3"
      ...${input}
      aria-invalid=${error ? "true" : undefined}
      aria-describedby=${describedBy(hint && `${id}-hint`, error && `${id}-error`)}
      onInput=${(event) => onValue?.(event.currentTarget.value)}
    ></textarea>
    <${Help} id=${id} hint=${hint} error=${error} />
  </div>`;
}

/** <select>; `options` are [{value, label}]; values are strings in the DOM. */
export function Select({ label, hint, error, onValue, options, value, placeholder, ...select }) {
  const id = useId();
  return html`<div class="field">
    <label for=${id}>${label}${select.required && html`<span class="required"> ${t("form.required")}</span>`}</label>
    <select
      id=${id}
      ...${select}
      value=${value ?? ""}
      aria-invalid=${error ? "true" : undefined}
      aria-describedby=${describedBy(hint && `${id}-hint`, error && `${id}-error`)}
      onChange=${(event) => onValue?.(event.currentTarget.value)}
    >
      ${placeholder !== undefined && html`<option value="">${placeholder}</option>`}
      ${options.map((option) => html`<option key=${option.value} value=${option.value}>${option.label}</option>`)}
    </select>
    <${Help} id=${id} hint=${hint} error=${error} />
  </div>`;
}

export function Checkbox({ label, hint, error, checked, onValue, ...input }) {
  const id = useId();
  return html`<div class="field field-check">
    <input
      type="checkbox"
      id=${id}
      checked=${Boolean(checked)}
      ...${input}
      aria-invalid=${error ? "true" : undefined}
      aria-describedby=${describedBy(hint && `${id}-hint`, error && `${id}-error`)}
      onChange=${(event) => onValue?.(event.currentTarget.checked)}
    />
    <label for=${id}>${label}</label>
    <${Help} id=${id} hint=${hint} error=${error} />
  </div>`;
}

/** A group of checkboxes for a list value (roles, work days, teams). */
export function CheckboxGroup({ legend, options, value, onValue, error, hint }) {
  const id = useId();
  const selected = new Set(value || []);
  const toggle = (option, on) => {
    const next = new Set(selected);
    if (on) next.add(option);
    else next.delete(option);
    onValue(options.map((o) => o.value).filter((v) => next.has(v)));
  };
  return html`<fieldset class="field checkbox-group" aria-describedby=${describedBy(hint && `${id}-hint`, error && `${id}-error`)}>
    <legend>${legend}</legend>
    <div class="checkbox-options">
      ${options.map(
        (option) => html`<label key=${option.value} class="check-option">
          <input type="checkbox" checked=${selected.has(option.value)}
            onChange=${(event) => toggle(option.value, event.currentTarget.checked)} />
          ${option.label}
        </label>`,
      )}
    </div>
    <${Help} id=${id} hint=${hint} error=${error} />
  </fieldset>`;
}
