import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { passwordScore } from '../lib/strength';

const LABELS = ['strength.0', 'strength.1', 'strength.2', 'strength.3', 'strength.4'] as const;

/** Live strength of a new password (zxcvbn score 0–4), announced politely. */
export function PasswordStrength({ password, userInputs = [] }: { password: string; userInputs?: string[] }) {
  const { t } = useTranslation();
  const [score, setScore] = useState<number | null>(null);
  const inputsKey = userInputs.join('\u0000');

  useEffect(() => {
    if (password === '') {
      setScore(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      passwordScore(password, inputsKey.split('\u0000').filter(Boolean)).then(
        (value) => current && setScore(value),
        () => current && setScore(null),
      );
    }, 120);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [password, inputsKey]);

  if (score === null) return <div className="strength" aria-hidden="true" />;
  return (
    <div className={`strength strength-${score}`}>
      <div className="strength-bar" aria-hidden="true">
        {[0, 1, 2, 3].map((index) => (
          <span key={index} className={index < Math.max(1, score) ? 'filled' : ''} />
        ))}
      </div>
      <p className="hint" aria-live="polite" data-testid="password-strength">
        {t('strength.label', { value: t(LABELS[score] ?? 'strength.0') })}
      </p>
    </div>
  );
}
