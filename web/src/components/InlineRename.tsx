import { type FormEvent, type RefObject, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { required, tooLong, useFieldErrors } from '../lib/field-errors';
import { ErrorAlert, TextField } from './ui';

export interface InlineRename {
  editing: boolean;
  start(): void;
  /** Back to the row; the focus returns to its Rename button (keyboard users keep their place). */
  stop(): void;
  /** Goes on the row's Rename button. */
  buttonRef: RefObject<HTMLButtonElement | null>;
}

/** Whether a row is being renamed in place, and the focus going back to its Rename button after. */
export function useInlineRename(): InlineRename {
  const [editing, setEditing] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const [refocus, setRefocus] = useState(false);
  useEffect(() => {
    if (editing || !refocus) return;
    buttonRef.current?.focus();
    setRefocus(false);
  }, [editing, refocus]);
  return {
    editing,
    buttonRef,
    start: () => setEditing(true),
    stop: () => {
      setEditing(false);
      setRefocus(true);
    },
  };
}

export interface RenameRowFormProps {
  label: string;
  /** the current name: saving it unchanged just closes the form */
  current: string;
  maxLength: number;
  /** the input's name attribute */
  name: string;
  pending: boolean;
  /** the rename's failure, when it is this row's */
  error: unknown;
  onSave(name: string): void;
  /** Cancel, Escape, or Save with the name unchanged */
  onClose(): void;
  /** every keystroke (e.g. to clear the last failure) */
  onEdit?(): void;
}

/**
 * A list row's name edited in place (a passkey, an organisation's group): the field with its
 * error under it, Cancel and Save. Escape closes only this form (not a dialog around it).
 */
export function RenameRowForm({ label, current, maxLength, name, pending, error, onSave, onClose, onEdit }: RenameRowFormProps) {
  const { t } = useTranslation();
  const [value, setValue] = useState(current);
  const form = useFieldErrors(error, ['name']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!form.check({ name: required(value) ?? tooLong(value, maxLength) })) return;
    const trimmed = value.trim();
    if (trimmed === current) onClose();
    else onSave(trimmed);
  };
  return (
    <form ref={form.ref} className="inline-form grow" onSubmit={submit} noValidate>
      <TextField
        label={label}
        value={value}
        onChange={(event) => {
          setValue(event.target.value);
          onEdit?.();
        }}
        error={form.error('name')}
        required
        autoFocus
        autoComplete="off"
        name={name}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            event.stopPropagation();
            onClose();
          }
        }}
      />
      <button type="button" className="btn" onClick={onClose}>
        {t('common.cancel')}
      </button>
      <button type="submit" className="btn btn-primary" disabled={pending}>
        {t('common.save')}
      </button>
      <ErrorAlert error={form.rest} />
    </form>
  );
}
