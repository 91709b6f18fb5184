import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe, usePicture } from '../../api/profile';
import type { PictureKind } from '../../api/types';
import { Avatar } from '../../components/Avatar';
import { ConfirmButton } from '../../components/lists';
import { Card, ErrorAlert } from '../../components/ui';
import { useLockNote } from './locks';

const ACCEPT = 'image/png,image/jpeg,image/webp,image/gif';
const LIMITS = { avatar: 5 * 1024 * 1024, background: 10 * 1024 * 1024 };

/** Upload with preview, and remove (avatar → Gravatar or initials; background → none). */
export function PictureEditor({ kind }: { kind: PictureKind }) {
  const { t } = useTranslation();
  const me = useMe();
  const lockNote = useLockNote();
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [tooBig, setTooBig] = useState(false);

  useEffect(() => {
    if (!file) {
      setPreview(null);
      return;
    }
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  const { upload, remove } = usePicture(kind);
  const clearChoice = () => {
    setFile(null);
    if (inputRef.current) inputRef.current.value = '';
  };

  const locked = kind === 'avatar' && !me.editable.avatar;
  const current = kind === 'avatar' ? me.avatarUrl : me.backgroundUrl;
  // An uploaded avatar is served from /api/v1/media/<id>; Gravatar and initials are not "removable".
  const custom = kind === 'avatar' ? /^\/api\/v1\/media\/(?!initials\/)/.test(me.avatarUrl) : me.backgroundUrl !== null;
  const shown = preview ?? current;

  return (
    <Card title={kind === 'avatar' ? t('picture.avatarTitle') : t('picture.backgroundTitle')} description={kind === 'avatar' ? t('picture.avatarHelp') : t('picture.backgroundHelp')}>
      <div className={`picture picture-${kind}`}>
        {kind === 'avatar' ? (
          preview ? (
            <img src={preview} alt={t('picture.previewAlt')} className="avatar" width={96} height={96} style={{ width: 96, height: 96 }} data-testid="avatar-preview" />
          ) : (
            <Avatar url={me.avatarUrl} name={me.displayName} size={96} alt={t('picture.avatarAlt')} testId="avatar-image" />
          )
        ) : shown ? (
          <img src={shown} alt={preview ? t('picture.previewAlt') : t('picture.backgroundAlt')} className="background-thumb" data-testid={preview ? 'background-preview' : 'background-image'} />
        ) : (
          <div className="background-thumb background-none">{t('picture.noBackground')}</div>
        )}
        <div className="picture-actions">
          {locked ? (
            <p className="hint lock-note">{lockNote('avatar')}</p>
          ) : (
            <>
              <label htmlFor={inputId} className="btn btn-small file-button">
                {t('picture.choose')}
              </label>
              <input
                ref={inputRef}
                id={inputId}
                type="file"
                accept={ACCEPT}
                className="visually-hidden-file"
                data-testid={`${kind}-file`}
                onChange={(event) => {
                  const chosen = event.target.files?.[0] ?? null;
                  upload.reset();
                  setTooBig(chosen !== null && chosen.size > LIMITS[kind]);
                  setFile(chosen);
                }}
              />
              {file && !tooBig ? (
                <>
                  <button type="button" className="btn btn-small btn-primary" disabled={upload.isPending} onClick={() => upload.mutate(file, { onSuccess: clearChoice })}>
                    {upload.isPending ? t('picture.uploading') : t('picture.upload')}
                  </button>
                  <button type="button" className="btn btn-small" onClick={clearChoice}>
                    {t('common.cancel')}
                  </button>
                </>
              ) : null}
              {!file && custom ? (
                <ConfirmButton
                  label={t('picture.remove')}
                  title={kind === 'avatar' ? t('picture.removeAvatarTitle') : t('picture.removeBackgroundTitle')}
                  message={kind === 'avatar' ? t('picture.removeAvatarText') : t('picture.removeBackgroundText')}
                  disabled={remove.isPending}
                  onConfirm={() => remove.mutate()}
                />
              ) : null}
            </>
          )}
          <p className="hint">{kind === 'avatar' ? t('picture.avatarLimits') : t('picture.backgroundLimits')}</p>
          {tooBig ? (
            <p className="field-error" role="alert">
              {t('problems.payload_too_large')}
            </p>
          ) : null}
          <ErrorAlert error={upload.error ?? remove.error} />
        </div>
      </div>
    </Card>
  );
}
