import type { TFunction } from 'i18next';
import { type RefObject, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import type { FieldErrorCode } from '../api/types';
import { i18n } from '../i18n';
import { CancelledError } from './cancelled';
import { LocalizedError, problemValues } from './problem';

/**
 * The one way a form marks its fields (docs/dashboard.md, "Field errors"): the problem's
 * `errors: [{field, code, detail}]` from the server and the form's own checks on submit end up
 * in the same place, under the field (`aria-invalid`, the message linked by `aria-describedby`),
 * and focus moves to the first marked field. Forms never disable their submit button to say that
 * something is missing: they check on submit.
 *
 * ```tsx
 * const form = useFieldErrors(create.error, ['name', 'expiresAt']);
 * const submit = (event: FormEvent) => {
 *   event.preventDefault();
 *   if (!form.check({ name: required(name) ?? tooLong(name, 100) })) return;
 *   create.mutate(body);
 * };
 * <form ref={form.ref} onSubmit={submit} noValidate>
 *   <TextField label={t('tokens.name')} error={form.error('name')} … />
 *   <ErrorAlert error={form.rest} />
 * ```
 */

/** What is wrong with a field: a code (`fieldErrors.<code>`, or a problem code for a rule), or a translation key of its own. */
export interface FieldIssue {
  code: FieldErrorCode | (string & {});
  /** the bound of too_long, too_short, … */
  limit?: number;
  /** a message of the form's own, instead of the code's, with its values */
  key?: string;
  values?: Record<string, string | number>;
}

/** Empty (after trimming), unchecked or unchosen. */
export const required = (value: string | boolean | null | undefined): FieldIssue | null =>
  value === null || value === undefined || value === false || (typeof value === 'string' && value.trim() === '') ? { code: 'required' } : null;

/** Longer than `limit` code points after trimming, as the server counts. */
export const tooLong = (value: string, limit: number): FieldIssue | null => ([...value.trim()].length > limit ? { code: 'too_long', limit } : null);

interface ServerEntry {
  field: string;
  issue: FieldIssue;
}

/** The `errors` a problem carries, as issues; a LocalizedError that names its field is an issue of that field. */
export function problemFieldIssues(error: unknown): ServerEntry[] {
  if (error instanceof LocalizedError) return error.field ? [{ field: error.field, issue: { code: 'invalid', key: error.key } }] : [];
  if (!(error instanceof ApiError) || !Array.isArray(error.problem.errors)) return [];
  return error.problem.errors.flatMap((item: unknown) => {
    if (!item || typeof item !== 'object') return [];
    const { field, code, limit } = item as { field?: unknown; code?: unknown; limit?: unknown };
    if (typeof field !== 'string' || typeof code !== 'string') return [];
    return [{ field, issue: typeof limit === 'number' ? { code, limit } : { code } }];
  });
}

/**
 * The translated message of an issue: the form's own key, else `fieldErrors.<code>` (a schema
 * failure), else `problems.<code>` (a rule error, with the numbers its problem carries), else a
 * generic "not valid". Never the server's English `detail`.
 */
export function fieldIssueMessage(t: TFunction, issue: FieldIssue, error?: unknown): string {
  if (issue.key) return t(issue.key, issue.values);
  const values = { ...(error instanceof ApiError ? problemValues(error) : {}), limit: issue.limit ?? '' };
  if (i18n.exists(`fieldErrors.${issue.code}`)) return t(`fieldErrors.${issue.code}`, values);
  if (i18n.exists(`problems.${issue.code}`)) return t(`problems.${issue.code}`, values);
  return t('fieldErrors.invalid');
}

/** The form field an entry of the server belongs to: the same name, or one it is under (`redirectUris.2` → `redirectUris`). */
const fieldFor = <F extends string>(fields: readonly F[], name: string): F | undefined => fields.find((field) => name === field || name.startsWith(`${field}.`));

const focusFirstInvalid = (form: HTMLFormElement | null) => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();

export interface FieldErrors<F extends string> {
  /** for the `<form>`: focus goes to its first field with `aria-invalid` */
  ref: RefObject<HTMLFormElement | null>;
  /** the message under `field`, or null */
  error(field: F): string | null;
  /**
   * The form's own checks, on submit: each field with its issue or null. Marks the failing ones
   * (replacing what the last answer marked) and focuses the first; true when none failed.
   */
  check(checks: Partial<Record<F, FieldIssue | null>>): boolean;
  /** `error` unless every one of its field errors is shown at a field of this form (for ErrorAlert) */
  rest: unknown;
}

/**
 * The field errors of a form whose fields are `fields` (the names the server gives them) and
 * whose last failure is `error` (a mutation's `error`, or the form's own state). List only the
 * fields that show `error(field)`: an answer about any other goes to `rest`, the form's alert.
 */
export function useFieldErrors<F extends string>(error: unknown, fields: readonly F[]): FieldErrors<F> {
  const { t } = useTranslation();
  const ref = useRef<HTMLFormElement>(null);
  const [own, setOwn] = useState<Partial<Record<F, FieldIssue>>>({});
  // the answer on screen when the form checked itself again: its marks are gone until a new one
  const [dismissed, setDismissed] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  const current = error && error !== dismissed && !(error instanceof CancelledError) ? error : null;
  const entries = problemFieldIssues(current);
  const fromServer: Partial<Record<F, FieldIssue>> = {};
  for (const { field, issue } of entries) {
    const target = fieldFor(fields, field);
    if (target && !fromServer[target]) fromServer[target] = issue;
  }
  const placed = entries.length > 0 && entries.every(({ field }) => fieldFor(fields, field) !== undefined);
  const marked = { ...fromServer, ...own };

  useEffect(() => {
    if (attempt > 0) focusFirstInvalid(ref.current);
  }, [attempt]);
  // a new answer that marks fields: focus the first
  const answerMarks = Object.keys(fromServer).length > 0;
  useEffect(() => {
    if (current && answerMarks) focusFirstInvalid(ref.current);
  }, [current, answerMarks]);

  return {
    ref,
    error: (field) => {
      const issue = marked[field];
      return issue ? fieldIssueMessage(t, issue, current) : null;
    },
    check: (checks) => {
      const failed: Partial<Record<F, FieldIssue>> = {};
      for (const [field, issue] of Object.entries(checks) as [F, FieldIssue | null | undefined][]) if (issue) failed[field] = issue;
      setOwn(failed);
      setDismissed(error);
      const ok = Object.keys(failed).length === 0;
      if (!ok) setAttempt((n) => n + 1);
      return ok;
    },
    rest: current && !placed ? current : null,
  };
}
