import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/profile';
import type { EditableField, LockReason, Profile } from '../../api/types';

/** Why a field is read-only: the admin's profile lock, or the external directory it comes from (null: editable). */
export const lockReason = (profile: Profile, field: EditableField): LockReason | null => profile.locks[field];

export function useLockNote() {
  const { t } = useTranslation();
  const me = useMe();
  return (field: EditableField) => {
    const reason = me.editable[field] ? null : lockReason(me, field);
    if (reason === null) return undefined;
    return reason === 'directory' ? t('profile.lockedByDirectory') : t('profile.lockedByAdmin');
  };
}
