// Modal dialogs on the native <dialog>: showModal() makes the page behind inert (focus stays
// inside), Escape closes, and focus returns to what opened the dialog — or to the screen's
// heading when that is gone, or is about to go (`toHeading.current`).
import { html, useEffect, useId, useRef, useState } from "../html.js";
import { t } from "../i18n.js";
import { ProblemAlert } from "./feedback.js";

/** Keyboard focus to the screen's heading: where someone lands when the control they used
 * has gone with what it acted on. */
export function focusHeading() {
  document.querySelector("main h1")?.focus();
}

export function Dialog({ title, onClose, children, className, toHeading }) {
  const ref = useRef(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement;
    dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      if (toHeading?.current || !opener?.isConnected) focusHeading();
      else opener.focus();
    };
  }, []);
  const onCancel = (event) => {
    event.preventDefault();
    onClose();
  };
  return html`<dialog ref=${ref} class=${`dialog ${className || ""}`} aria-labelledby=${titleId}
    onCancel=${onCancel} onKeyDown=${keepFocusInside}>
    <h2 id=${titleId}>${title}</h2>
    ${children}
  </dialog>`;
}

const FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

/** Tab from the last control goes to the first, Shift+Tab from the first to the last: the
 * inert page behind a modal <dialog> already keeps focus off it, but the browser would
 * otherwise move focus out to its own toolbar. */
function keepFocusInside(event) {
  if (event.key !== "Tab") return;
  const controls = [...event.currentTarget.querySelectorAll(FOCUSABLE)];
  if (controls.length === 0) return;
  const first = controls[0];
  const last = controls[controls.length - 1];
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

/** "Are you sure?" with the consequence spelled out; `onConfirm` may throw an ApiError,
 * shown in the dialog. `removesOpener`: once confirmed, the button that opened the dialog
 * goes (the screen reloads without it), so keyboard focus goes to the screen's heading;
 * backing out always returns to that button. */
export function ConfirmDialog({ title, message, confirmLabel, cancelLabel, onConfirm, onClose, danger, removesOpener }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const toHeading = useRef(false);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      toHeading.current = Boolean(removesOpener);
      onClose();
    } catch (problem) {
      setError(problem);
      setBusy(false);
    }
  };
  return html`<${Dialog} title=${title} onClose=${onClose} toHeading=${toHeading}>
    <p>${message}</p>
    <${ProblemAlert} error=${error} />
    <div class="actions">
      <button type="button" class=${danger ? "button danger" : "button primary"} disabled=${busy} onClick=${confirm}>
        ${confirmLabel}
      </button>
      <button type="button" class="button" onClick=${onClose}>${cancelLabel || t("common.back")}</button>
    </div>
  <//>`;
}
