import { useEffect, useRef } from 'react';
import { useBlocker } from 'react-router-dom';
import { useConfirm } from '../components/dialogs';

interface LeaveDialog {
  title: string;
  message: string;
  confirmLabel: string;
  /** runs when the user chose to leave anyway */
  onLeave?: () => void;
}

/**
 * While `shouldAsk()` holds, leaving the page asks first: in-app navigation through a confirm
 * dialog, closing or reloading the tab through the browser's own prompt. `shouldAsk` is read at
 * the moment of leaving (not from the last render), so a navigation right after the condition
 * was cleared in the same event is not stopped.
 */
export function useLeaveGuard(shouldAsk: () => boolean, dialog: LeaveDialog): void {
  const confirm = useConfirm();
  const latest = useRef({ shouldAsk, dialog });
  latest.current = { shouldAsk, dialog };
  const blocker = useBlocker(({ currentLocation, nextLocation }) => latest.current.shouldAsk() && currentLocation.pathname !== nextLocation.pathname);

  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    let live = true;
    const { title, message, confirmLabel, onLeave } = latest.current.dialog;
    void confirm({ title, message, confirmLabel, danger: true }).then((leave) => {
      if (!live) return;
      if (leave) {
        onLeave?.();
        blocker.proceed();
      } else blocker.reset();
    });
    return () => {
      live = false;
    };
    // once per blocked navigation: the blocker object is new on every render
  }, [blocker.state]);

  useEffect(() => {
    const ask = (event: BeforeUnloadEvent) => {
      if (!latest.current.shouldAsk()) return;
      event.preventDefault();
      // older Chromium and Safari show the prompt only with a returnValue set
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, []);
}
