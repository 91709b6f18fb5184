import { useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { useDates } from '../../lib/dates';
import { downloadText } from '../../lib/download';

/**
 * The emergency kit: one page with what a person needs when the phone is gone (the username, where
 * to sign in, the recovery codes) and what to do with it. Offered as a text file and, through
 * Print, as the only thing on the printed page.
 */
interface Kit {
  username: string;
  signInUrl: string;
  created: string;
  codes: string[];
}

function useKit(username: string, codes: string[]): Kit {
  const dates = useDates();
  // when the codes were shown; kept across re-renders so the file and the printout agree
  const [at] = useState(() => new Date().toISOString());
  return { username, signInUrl: `${window.location.origin}/signin`, created: `${dates.dateTime(at)} (${dates.prefs.timezone})`, codes };
}

/** "Download emergency kit" and "Print" beside the codes, and the print-only page they share. */
export function EmergencyKitActions({ username, codes }: { username: string; codes: string[] }) {
  const { t } = useTranslation();
  const kit = useKit(username, codes);
  const download = () => {
    const lines = [
      t('twoFactor.kitTitle'),
      '',
      `${t('twoFactor.kitUsername')}: ${kit.username}`,
      `${t('twoFactor.kitSignIn')}: ${kit.signInUrl}`,
      `${t('twoFactor.kitCreated')}: ${kit.created}`,
      '',
      t('twoFactor.kitCodes'),
      ...kit.codes.map((code, index) => `${String(index + 1).padStart(2, ' ')}. ${code}`),
      '',
      t('twoFactor.kitWhatToDo'),
      '',
    ];
    downloadText(`userhub-emergency-kit-${kit.username}.txt`, lines.join('\n'));
  };
  return (
    <>
      <button type="button" className="btn btn-small" onClick={() => window.print()}>
        {t('twoFactor.printCodes')}
      </button>
      <button type="button" className="btn btn-small" onClick={download}>
        {t('twoFactor.emergencyKit')}
      </button>
      {createPortal(<PrintSheet kit={kit} />, document.body)}
    </>
  );
}

/** Hidden on screen; while the codes are shown, the only thing a printout contains (styles.css). */
function PrintSheet({ kit }: { kit: Kit }) {
  const { t } = useTranslation();
  return (
    <div className="print-sheet" data-testid="print-sheet">
      <h1>{t('twoFactor.kitTitle')}</h1>
      <dl>
        <dt>{t('twoFactor.kitUsername')}</dt>
        <dd>{kit.username}</dd>
        <dt>{t('twoFactor.kitSignIn')}</dt>
        <dd>{kit.signInUrl}</dd>
        <dt>{t('twoFactor.kitCreated')}</dt>
        <dd>{kit.created}</dd>
      </dl>
      <h2>{t('twoFactor.kitCodes')}</h2>
      <ol>
        {kit.codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <p>{t('twoFactor.kitWhatToDo')}</p>
    </div>
  );
}
