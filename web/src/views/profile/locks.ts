import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/queries';
import type { EditableField, Profile } from '../../api/types';

/** Why a field is read-only: the admin's profile lock, or the external directory it comes from. */
export function lockReason(profile: Profile, field: EditableField): 'admin_lock' | 'directory' {
  const explicit = profile.locks?.[field];
  if (explicit === 'admin_lock' || explicit === 'directory') return explicit;
  return profile.source === 'ldap' ? 'directory' : 'admin_lock';
}

export function useLockNote() {
  const { t } = useTranslation();
  const me = useMe();
  return (field: EditableField) =>
    me.editable[field] ? undefined : lockReason(me, field) === 'directory' ? t('profile.lockedByDirectory') : t('profile.lockedByAdmin');
}
