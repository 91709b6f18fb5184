import { type InputHTMLAttributes, type ReactNode, type Ref, type SelectHTMLAttributes, type TextareaHTMLAttributes, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CancelledError } from '../lib/cancelled';
import { focusLost } from '../lib/focus';
import { problemMessage } from '../lib/problem';

/** Sets the tab's title (public pages have no PageHeader). */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Userhub`;
  }, [title]);
}

/** The page's heading; also the document title. Focused after in-app navigation for screen readers. */
export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Userhub`;
    if (document.activeElement && document.activeElement !== document.body && document.activeElement.closest('nav')) ref.current?.focus();
  }, [title]);
  return (
    <header className="page-header">
      <div>
        <h1 ref={ref} tabIndex={-1}>
          {title}
        </h1>
        {description ? <p className="muted">{description}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  );
}

/** `headingRef`: the title becomes focusable (tabIndex -1), for moving focus to it when the card's content changes. */
export function Card({
  title,
  description,
  children,
  id,
  danger,
  headingRef,
}: {
  title?: string;
  description?: ReactNode;
  children: ReactNode;
  id?: string;
  danger?: boolean;
  headingRef?: Ref<HTMLHeadingElement>;
}) {
  const headingId = useId();
  return (
    <section className={danger ? 'card card-danger' : 'card'} aria-labelledby={title ? headingId : undefined} id={id}>
      {title ? (
        <h2 id={headingId} className="card-title" ref={headingRef} tabIndex={headingRef ? -1 : undefined}>
          {title}
        </h2>
      ) : null}
      {description ? <p className="muted card-description">{description}</p> : null}
      {children}
    </section>
  );
}

type FieldProps = InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: ReactNode; error?: string | null; lockNote?: ReactNode };

export function TextField({ label, hint, error, lockNote, id, className, ...input }: FieldProps) {
  const autoId = useId();
  const inputId = id ?? autoId;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const described = [hint || lockNote ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={inputId}>{label}</label>
      <input id={inputId} aria-describedby={described} aria-invalid={error ? true : undefined} {...input} />
      {hint || lockNote ? (
        <p id={hintId} className={lockNote ? 'hint lock-note' : 'hint'}>
          {lockNote ?? hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

type TextAreaProps = TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; hint?: ReactNode; error?: string | null };

/** A multi-line field (one entry per line lists), with the same hint and error as TextField. */
export function TextAreaField({ label, hint, error, id, ...textarea }: TextAreaProps) {
  const autoId = useId();
  const fieldId = id ?? autoId;
  const described = [hint ? `${fieldId}-hint` : null, error ? `${fieldId}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={fieldId}>{label}</label>
      <textarea id={fieldId} aria-describedby={described} aria-invalid={error ? true : undefined} {...textarea} />
      {hint ? (
        <p id={`${fieldId}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${fieldId}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

type SelectProps = SelectHTMLAttributes<HTMLSelectElement> & { label: string; hint?: ReactNode; error?: string | null; children: ReactNode };

export function SelectField({ label, hint, error, id, children, ...select }: SelectProps) {
  const autoId = useId();
  const selectId = id ?? autoId;
  const described = [hint ? `${selectId}-hint` : null, error ? `${selectId}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={selectId}>{label}</label>
      <select id={selectId} aria-describedby={described} aria-invalid={error ? true : undefined} {...select}>
        {children}
      </select>
      {hint ? (
        <p id={`${selectId}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${selectId}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function CheckboxField({ label, hint, error, id, ...input }: InputHTMLAttributes<HTMLInputElement> & { label: ReactNode; hint?: ReactNode; error?: string | null }) {
  const autoId = useId();
  const inputId = id ?? autoId;
  const described = [hint ? `${inputId}-hint` : null, error ? `${inputId}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field-check">
      <input type="checkbox" id={inputId} aria-describedby={described} aria-invalid={error ? true : undefined} {...input} />
      <div>
        <label htmlFor={inputId}>{label}</label>
        {hint ? (
          <p id={`${inputId}-hint`} className="hint">
            {hint}
          </p>
        ) : null}
        {error ? (
          <p id={`${inputId}-error`} className="field-error">
            {error}
          </p>
        ) : null}
      </div>
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </p>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** A translated error (from the problem code), announced to screen readers. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error || error instanceof CancelledError) return null;
  return (
    <div className="alert alert-error" role="alert">
      {problemMessage(t, error)}
    </div>
  );
}

export function Notice({ kind = 'info', children, role }: { kind?: 'info' | 'success' | 'warning' | 'error'; children: ReactNode; role?: 'status' | 'alert' }) {
  return (
    <div className={`alert alert-${kind}`} role={role ?? (kind === 'error' ? 'alert' : 'status')}>
      {children}
    </div>
  );
}

export function Badge({ children, kind = 'neutral' }: { children: ReactNode; kind?: 'neutral' | 'success' | 'warning' | 'danger' | 'info' }) {
  return <span className={`badge badge-${kind}`}>{children}</span>;
}

export function CopyButton({ text, label }: { text: string; label?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      className="btn btn-small"
      onClick={() => {
        navigator.clipboard?.writeText(text).then(
          () => setCopied(true),
          () => setCopied(false),
        );
      }}
    >
      {copied ? t('common.copied') : (label ?? t('common.copy'))}
      <span className="visually-hidden" aria-live="polite">
        {copied ? t('common.copied') : ''}
      </span>
    </button>
  );
}

/** A secret shown exactly once (token, app password, app secret), with copy and a warning. */
/** A secret shown once, with copy; `children` (what to do with it) go between the secret and "Done". */
export function OneTimeSecret({ title, value, onDone, testId, children }: { title: string; value: string; onDone: () => void; testId?: string; children?: ReactNode }) {
  const { t } = useTranslation();
  const region = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLParagraphElement>(null);
  // It replaces the form whose button was pressed: the focus goes to its title, and after Done
  // to the first field of what comes back in its place.
  useEffect(() => {
    heading.current?.focus();
    const parent = region.current?.parentElement;
    return () => {
      if (focusLost()) parent?.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
    };
  }, []);
  return (
    <div className="one-time" role="region" aria-label={title} ref={region}>
      <p className="one-time-title" ref={heading} tabIndex={-1}>
        {title}
      </p>
      <p className="warning-text">{t('common.shownOnce')}</p>
      <div className="secret-row">
        <code className="secret" data-testid={testId}>
          {value}
        </code>
        <CopyButton text={value} />
      </div>
      {children}
      <button type="button" className="btn" onClick={onDone}>
        {t('common.done')}
      </button>
    </div>
  );
}
