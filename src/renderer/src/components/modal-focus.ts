/**
 * Keeps keyboard focus inside the open modal dialog: Tab and Shift+Tab cycle through its
 * controls instead of reaching the page behind it (where Enter could start or remove something
 * the dialog is asking about). One listener for every dialog (all render `role="dialog"` with
 * `aria-modal="true"`), so a new dialog cannot forget it.
 */
const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function topModal(doc: Document): HTMLElement | null {
  const all = doc.querySelectorAll<HTMLElement>('[role="dialog"][aria-modal="true"]');
  return all.length ? all[all.length - 1]! : null;
}

export function installModalFocusTrap(doc: Document = document): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Tab') return;
    const modal = topModal(doc);
    if (!modal) return;
    const items = [...modal.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
      (el) => el.offsetParent !== null || el === doc.activeElement,
    );
    if (items.length === 0) {
      e.preventDefault();
      return;
    }
    const first = items[0]!;
    const last = items[items.length - 1]!;
    const active = doc.activeElement as HTMLElement | null;
    const inside = !!active && modal.contains(active);
    if (!inside) {
      e.preventDefault();
      (e.shiftKey ? last : first).focus();
    } else if (e.shiftKey && active === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && active === last) {
      e.preventDefault();
      first.focus();
    }
  };
  doc.addEventListener('keydown', onKey, true);
  return () => doc.removeEventListener('keydown', onKey, true);
}
