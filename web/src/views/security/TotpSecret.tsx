import { type ClipboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The secret in groups of four, as authenticator apps show it. */
export const grouped = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();

/**
 * The TOTP secret for typing by hand: shown in groups of four (monospace), read to screen readers
 * ungrouped, and copied ungrouped (the Copy button, or selecting it and copying). Without a
 * clipboard (an old browser, an insecure origin, a refused permission) the text is selected
 * instead, for the device's own copy command.
 */
export function TotpSecret({ secret }: { secret: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLElement>(null);
  const [state, setState] = useState<'idle' | 'copied' | 'selected'>('idle');
  useEffect(() => {
    if (state !== 'copied') return;
    const timer = setTimeout(() => setState('idle'), 4000);
    return () => clearTimeout(timer);
  }, [state]);

  const select = () => {
    const node = ref.current;
    const selection = window.getSelection();
    if (!node || !selection) return;
    const range = document.createRange();
    range.selectNodeContents(node);
    selection.removeAllRanges();
    selection.addRange(range);
    setState('selected');
  };
  const copy = () => {
    if (!navigator.clipboard?.writeText) {
      select();
      return;
    }
    navigator.clipboard.writeText(secret).then(() => setState('copied'), select);
  };
  // A person selecting the grouped text and copying gets the secret without the spaces.
  const onCopy = (event: ClipboardEvent) => {
    event.clipboardData.setData('text/plain', secret);
    event.preventDefault();
  };

  return (
    <>
      <div className="secret-row">
        <code ref={ref} className="secret totp-secret" data-testid="totp-secret" data-secret={secret} aria-hidden="true" onCopy={onCopy}>
          {grouped(secret)}
        </code>
        <span className="visually-hidden">{secret}</span>
        <button type="button" className="btn btn-small" onClick={copy}>
          {t('common.copy')}
        </button>
      </div>
      <p className="copy-status" role="status">
        {state === 'copied' ? t('common.copied') : state === 'selected' ? t('twoFactor.secretSelected') : ''}
      </p>
    </>
  );
}
