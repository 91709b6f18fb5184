/** Whether the focus is nowhere a keyboard user can continue from (the page's body). */
export function focusLost(): boolean {
  return document.activeElement === null || document.activeElement === document.body;
}

/**
 * Chromium drops the focus to the page's body when the focused control becomes disabled (a
 * submit button while its request runs), and a keyboard or screen-reader user is then lost after
 * the answer, an error above all. This puts the focus back on that control when it is enabled
 * again, unless the focus went somewhere meanwhile (a marked field, a dialog, a one-time secret).
 */
export function keepFocusThroughBusyControls(root: Document = document): void {
  let last: HTMLElement | null = null;
  let parked: HTMLElement | null = null;
  root.addEventListener('focusin', (event) => {
    last = event.target instanceof HTMLElement ? event.target : null;
    parked = null;
  });
  new MutationObserver((records) => {
    for (const { target } of records) {
      if (!(target instanceof HTMLElement)) continue;
      if (target === last && target.hasAttribute('disabled')) parked = target;
      else if (target === parked && !target.hasAttribute('disabled')) {
        parked = null;
        if (focusLost() && target.isConnected) target.focus();
      }
    }
  }).observe(root, { subtree: true, attributes: true, attributeFilter: ['disabled'] });
}
