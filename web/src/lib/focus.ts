/** Whether the focus is nowhere a keyboard user can continue from (the page's body). */
export function focusLost(): boolean {
  return document.activeElement === null || document.activeElement === document.body;
}
