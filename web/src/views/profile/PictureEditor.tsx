import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe, usePicture } from '../../api/profile';
import type { PictureKind } from '../../api/types';
import { LazyViews, lazyView } from '../../app/lazy-views';
import { Avatar } from '../../components/Avatar';
import { ConfirmButton } from '../../components/lists';
import { Card, ErrorAlert } from '../../components/ui';
import { formatMegabytes } from '../../lib/numbers';
import { useLockNote } from './locks';
import { ACCEPTED_TYPES, type PictureRefusal, checkPicture } from './picture-check';

const LIMITS = { avatar: 5 * 1024 * 1024, background: 10 * 1024 * 1024 };
const loadCropDialog = () => import('./CropDialog').then((module) => module.CropDialog);
const CropDialog = lazyView(loadCropDialog);

interface Chosen {
  bitmap: ImageBitmap;
  gif: boolean;
}

/**
 * Choose (checked here, then cropped in a dialog, then uploaded), and remove (avatar → Gravatar
 * or initials; background → none).
 */
export function PictureEditor({ kind }: { kind: PictureKind }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const lockNote = useLockNote();
  const inputId = useId();
  const errorId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const choice = useRef(0);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [refusal, setRefusal] = useState<PictureRefusal | null>(null);
  const { upload, remove } = usePicture(kind);

  // The decoded picture is let go when it is replaced, the dialog closes, or the view goes.
  const held = useRef<ImageBitmap | null>(null);
  const hold = (next: Chosen | null) => {
    held.current?.close();
    held.current = next?.bitmap ?? null;
    setChosen(next);
  };
  useEffect(() => () => held.current?.close(), []);
  // Back to the file choice once the dialog has left the page (its removal moves the focus too).
  const refocus = useRef(false);
  useEffect(() => {
    if (chosen || !refocus.current) return;
    refocus.current = false;
    inputRef.current?.focus();
  }, [chosen]);

  const choose = async (file: File | null) => {
    const current = ++choice.current;
    upload.reset();
    setRefusal(null);
    hold(null);
    if (!file) return;
    void loadCropDialog();
    const checked = await checkPicture(file, LIMITS[kind]);
    if (current !== choice.current) {
      if (checked.ok) checked.bitmap.close();
      return;
    }
    if (checked.ok) hold({ bitmap: checked.bitmap, gif: checked.type === 'image/gif' });
    else setRefusal(checked);
  };
  const closeDialog = () => {
    choice.current++;
    hold(null);
    upload.reset();
    refocus.current = true;
    if (inputRef.current) inputRef.current.value = '';
  };
  const send = (picture: Blob) => {
    const file = new File([picture], picture.type === 'image/webp' ? `${kind}.webp` : `${kind}.png`, { type: picture.type });
    upload.mutate(file, { onSuccess: closeDialog });
  };

  const locked = kind === 'avatar' && !me.editable.avatar;
  // An uploaded avatar is served from /api/v1/media/<id>; Gravatar and initials are not "removable".
  const custom = kind === 'avatar' ? /^\/api\/v1\/media\/(?!initials\/)/.test(me.avatarUrl) : me.backgroundUrl !== null;

  return (
    <Card title={kind === 'avatar' ? t('picture.avatarTitle') : t('picture.backgroundTitle')} description={kind === 'avatar' ? t('picture.avatarHelp') : t('picture.backgroundHelp')}>
      <div className={`picture picture-${kind}`}>
        {kind === 'avatar' ? (
          <Avatar url={me.avatarUrl} name={me.displayName} size={96} alt={t('picture.avatarAlt')} testId="avatar-image" />
        ) : me.backgroundUrl ? (
          <img src={me.backgroundUrl} alt={t('picture.backgroundAlt')} className="background-thumb" data-testid="background-image" />
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
                accept={ACCEPTED_TYPES.join(',')}
                className="visually-hidden-file"
                aria-invalid={refusal ? true : undefined}
                aria-describedby={refusal ? errorId : undefined}
                data-testid={`${kind}-file`}
                onChange={(event) => void choose(event.target.files?.[0] ?? null)}
              />
              {custom ? (
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
          {refusal ? (
            <p id={errorId} className="field-error" role="alert">
              {refusal.reason === 'type'
                ? t('problems.unsupported_image')
                : refusal.reason === 'size'
                  ? t('picture.tooBig', { size: formatMegabytes(refusal.size, i18n.language), limit: formatMegabytes(refusal.limit, i18n.language) })
                  : t('picture.undecodable')}
            </p>
          ) : null}
          <ErrorAlert error={remove.error} />
        </div>
      </div>
      {chosen ? (
        <LazyViews>
          <CropDialog kind={kind} bitmap={chosen.bitmap} gif={chosen.gif} busy={upload.isPending} error={upload.error} onCancel={closeDialog} onConfirm={send} />
        </LazyViews>
      ) : null}
    </Card>
  );
}
