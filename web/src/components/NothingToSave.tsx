import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice } from './ui';

/**
 * A form whose Save has nothing to save (aria-disabled, so the focus stays on it after a save)
 * still answers when pressed: "Nothing to save" until a field changes. `hasChanges(dirty)` on
 * submit; `notice(dirty)` where the form says "Saved.".
 */
export function useNothingToSave() {
  const { t } = useTranslation();
  const [pressed, setPressed] = useState(false);
  return {
    /** On submit: whether there is something to save; when not, the notice says so. */
    hasChanges: (dirty: boolean): boolean => {
      setPressed(!dirty);
      return dirty;
    },
    notice: (dirty: boolean) => (pressed && !dirty ? <Notice kind="info">{t('common.nothingToSave')}</Notice> : null),
  };
}
