export interface KeyActions {
  next: () => void;
  back: () => void;
  reset: () => void;
  togglePlay: () => void;
}

/** → next epoch, ← back, Space play/pause, Home reset; never while typing or on a control's own keys. */
export function bindKeys(actions: () => KeyActions): void {
  document.addEventListener('keydown', (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const t = ev.target as HTMLElement | null;
    const tag = t?.tagName ?? '';
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || t?.isContentEditable) return;
    const a = actions();
    if (ev.key === 'ArrowRight') a.next();
    else if (ev.key === 'ArrowLeft') a.back();
    else if (ev.key === 'Home') a.reset();
    // Space on a button, link or summary presses it: that stays the browser's.
    else if (ev.key === ' ' && !['BUTTON', 'A', 'SUMMARY'].includes(tag)) a.togglePlay();
    else return;
    ev.preventDefault();
  });
}
