import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe, useUpdateProfile } from '../../api/profile';
import { DATE_FORMATS, type DateFormat, LANGUAGES, type ProfilePatch, THEMES } from '../../api/types';
import { LANGUAGE_NAMES } from '../../components/LanguagePicker';
import { Card, CheckboxField, ErrorAlert, Notice, PageHeader, SelectField, TextField } from '../../components/ui';
import { isLanguage, setLanguage } from '../../i18n';
import { required, tooLong, useFieldErrors } from '../../lib/field-errors';
import { browserTimeZone, formatDate, matchTimeZone, timeZones } from '../../lib/format';
import { applyTheme } from '../../lib/theme';
import { useLockNote } from './locks';
import { PictureEditor } from './PictureEditor';
import { useNothingToSave } from '../../components/NothingToSave';

const DATE_FORMAT_KEYS: Record<DateFormat, string> = { 'YYYY-MM-DD': 'ymd', 'DD/MM/YYYY': 'dmySlash', 'MM/DD/YYYY': 'mdySlash', 'DD.MM.YYYY': 'dmyDot' };

export function ProfileView() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('profile.title')} description={t('profile.description')} />
      <div className="grid-2">
        <PictureEditor kind="avatar" />
        <PictureEditor kind="background" />
      </div>
      <DetailsForm />
      <PreferencesForm />
    </>
  );
}

function DetailsForm() {
  const { t } = useTranslation();
  const me = useMe();
  const pendingEmail = me.pendingEmail;
  const pendingRecovery = me.pendingRecoveryEmail;
  const lockNote = useLockNote();
  const [displayName, setDisplayName] = useState(me.displayName);
  const [email, setEmail] = useState(me.email);
  const [recoveryEmail, setRecoveryEmail] = useState(me.recoveryEmail ?? '');
  const [saved, setSaved] = useState(false);
  const nothing = useNothingToSave();

  // Follow the server when it changes underneath (another tab, a confirmed email).
  useEffect(() => setDisplayName(me.displayName), [me.displayName]);
  useEffect(() => setEmail(me.email), [me.email]);
  useEffect(() => setRecoveryEmail(me.recoveryEmail ?? ''), [me.recoveryEmail]);

  // Email and recovery email are sensitive: the server may want a fresh sign-in proof.
  const save = useUpdateProfile({ sensitive: true });
  const resend = useUpdateProfile({ sensitive: true });
  const resendRecovery = useUpdateProfile({ sensitive: true });
  const form = useFieldErrors(save.error, ['displayName', 'email', 'recoveryEmail']);

  const patch: ProfilePatch = {};
  if (me.editable.displayName && displayName.trim() !== me.displayName) patch.displayName = displayName.trim();
  if (me.editable.email && email.trim() !== me.email && email.trim() !== pendingEmail) patch.email = email.trim();
  if (me.editable.recoveryEmail && recoveryEmail.trim() !== (me.recoveryEmail ?? '') && recoveryEmail.trim() !== pendingRecovery) patch.recoveryEmail = recoveryEmail.trim() === '' ? null : recoveryEmail.trim();
  const dirty = Object.keys(patch).length > 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const checks = {
      displayName: me.editable.displayName ? (required(displayName) ?? tooLong(displayName, 100)) : null,
      email: me.editable.email ? required(email) : null,
    };
    if (!form.check(checks) || !nothing.hasChanges(dirty)) return;
    save.mutate(patch, {
      onSuccess: (profile) => {
        // A new address waits for confirmation: the fields show the ones in force meanwhile.
        setEmail(profile.email);
        setRecoveryEmail(profile.recoveryEmail ?? '');
        setSaved(true);
      },
    });
  };

  return (
    <Card title={t('profile.details')}>
      <form ref={form.ref} onSubmit={submit} noValidate>
        <TextField label={t('profile.username')} value={me.username} readOnly hint={t('profile.usernameNote')} data-testid="username" />
        <TextField
          label={t('profile.displayName')}
          value={displayName}
          onChange={(event) => {
            setDisplayName(event.target.value);
            setSaved(false);
          }}
          readOnly={!me.editable.displayName}
          lockNote={lockNote('displayName')}
          error={form.error('displayName')}
          autoComplete="name"
          name="displayName"
        />
        <TextField
          label={t('profile.email')}
          type="email"
          value={email}
          onChange={(event) => {
            setEmail(event.target.value);
            setSaved(false);
          }}
          readOnly={!me.editable.email}
          lockNote={lockNote('email')}
          hint={me.editable.email ? t('profile.emailHint') : undefined}
          error={form.error('email')}
          autoComplete="email"
          name="email"
        />
        {pendingEmail ? (
          <Notice kind="info">
            <p>{t('profile.pendingEmail', { email: pendingEmail })}</p>
            <button type="button" className="btn btn-small" disabled={resend.isPending} onClick={() => resend.mutate({ email: pendingEmail })}>
              {t('profile.resend')}
            </button>
            {resend.isSuccess ? <span className="inline-note">{t('profile.resent')}</span> : null}
            <ErrorAlert error={resend.error} />
          </Notice>
        ) : null}
        <TextField
          label={t('profile.recoveryEmail')}
          type="email"
          value={recoveryEmail}
          placeholder={t('profile.recoveryPlaceholder', { email: me.email })}
          onChange={(event) => {
            setRecoveryEmail(event.target.value);
            setSaved(false);
          }}
          readOnly={!me.editable.recoveryEmail}
          lockNote={lockNote('recoveryEmail')}
          hint={me.editable.recoveryEmail ? t('profile.recoveryHint') : undefined}
          error={form.error('recoveryEmail')}
          autoComplete="email"
          name="recoveryEmail"
        />
        {pendingRecovery ? (
          <Notice kind="info">
            <p>{t('profile.pendingRecoveryEmail', { email: pendingRecovery })}</p>
            <button type="button" className="btn btn-small" disabled={resendRecovery.isPending} onClick={() => resendRecovery.mutate({ recoveryEmail: pendingRecovery })}>
              {t('profile.resend')}
            </button>
            {resendRecovery.isSuccess ? <span className="inline-note">{t('profile.resent')}</span> : null}
            <ErrorAlert error={resendRecovery.error} />
          </Notice>
        ) : null}
        <ErrorAlert error={form.rest} />
        {nothing.notice(dirty) ?? (saved && !dirty ? <Notice kind="success">{t('common.saved')}</Notice> : null)}
        {me.editable.displayName || me.editable.email || me.editable.recoveryEmail ? (
          <div className="form-actions">
            {/* nothing to save: aria-disabled, so the focus comes back to it after a save (lib/focus.ts) */}
            <button type="submit" className="btn btn-primary" disabled={save.isPending} aria-disabled={!dirty || undefined}>
              {save.isPending ? t('common.saving') : t('common.save')}
            </button>
          </div>
        ) : null}
      </form>
    </Card>
  );
}

/** The notices a user may turn off; the others (sign-in, password, two-factor, email) always go. */
const OPTIONAL_NOTICES = ['notifyTokenCreated', 'notifyAppPasswordCreated', 'notifyPasskeyAdded'] as const;

const ZONE_OFFERED_KEY = 'userhub.zoneOffered';

/**
 * A new account's zone is UTC: when the browser is elsewhere, Preferences proposes its zone once
 * (until used or dismissed, remembered in this browser per user).
 */
function ZoneProposal({ onUse }: { onUse: (zone: string) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const browserZone = browserTimeZone();
  const [dismissed, setDismissed] = useState(() => {
    try {
      return localStorage.getItem(ZONE_OFFERED_KEY) === me.id;
    } catch {
      return false;
    }
  });
  if (dismissed || me.timezone !== 'UTC' || browserZone === 'UTC') return null;
  const close = () => {
    try {
      localStorage.setItem(ZONE_OFFERED_KEY, me.id);
    } catch {
      // private mode: offered again next time
    }
    setDismissed(true);
  };
  return (
    <Notice kind="info">
      <p>{t('profile.zoneProposal', { zone: browserZone })}</p>
      <div className="form-actions form-actions-start">
        <button
          type="button"
          className="btn btn-primary btn-small"
          onClick={() => {
            onUse(browserZone);
            close();
          }}
        >
          {t('profile.zoneProposalUse', { zone: browserZone })}
        </button>
        <button type="button" className="btn btn-small" onClick={close}>
          {t('profile.zoneProposalKeep')}
        </button>
      </div>
    </Notice>
  );
}

function PreferencesForm() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [timezone, setTimezone] = useState(me.timezone);
  const [dateFormat, setDateFormat] = useState<DateFormat>(me.dateFormat);
  const [newsletter, setNewsletter] = useState(me.newsletter);
  const [notices, setNotices] = useState({ notifyTokenCreated: me.notifyTokenCreated, notifyAppPasswordCreated: me.notifyAppPasswordCreated, notifyPasskeyAdded: me.notifyPasskeyAdded });
  const [saved, setSaved] = useState(false);
  const nothing = useNothingToSave();
  const zones = useMemo(() => timeZones(), []);
  const zone = matchTimeZone(zones, timezone);
  const zoneKnown = zone !== null;

  const save = useUpdateProfile();
  const language = useUpdateProfile();
  const theme = useUpdateProfile();
  const form = useFieldErrors(save.error, ['timezone', 'dateFormat', 'newsletter']);

  const patch: ProfilePatch = {};
  if ((zone ?? timezone) !== me.timezone) patch.timezone = zone ?? timezone;
  if (dateFormat !== me.dateFormat) patch.dateFormat = dateFormat;
  if (newsletter !== me.newsletter) patch.newsletter = newsletter;
  for (const key of OPTIONAL_NOTICES) if (notices[key] !== me[key]) patch[key] = notices[key];
  const dirty = Object.keys(patch).length > 0;

  const example = formatDate(new Date(), { timezone: zone ?? me.timezone, dateFormat, language: i18n.language });

  return (
    <Card title={t('profile.preferences')}>
      <ZoneProposal
        onUse={(browserZone) => {
          setTimezone(browserZone);
          save.mutate({ timezone: browserZone }, { onSuccess: () => setSaved(true) });
        }}
      />
      <SelectField
        label={t('profile.language')}
        hint={t('profile.languageHint')}
        value={me.language}
        disabled={language.isPending}
        onChange={(event) => {
          if (isLanguage(event.target.value)) {
            // Applies at once: the page switches while the choice is saved.
            void setLanguage(event.target.value);
            language.mutate({ language: event.target.value }, { onSuccess: (profile) => void setLanguage(profile.language) });
          }
        }}
        name="language"
      >
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LANGUAGE_NAMES[code]}
          </option>
        ))}
      </SelectField>
      <ErrorAlert error={language.error} />
      <SelectField
        label={t('profile.theme')}
        hint={t('profile.themeHint')}
        value={me.theme}
        disabled={theme.isPending}
        onChange={(event) => {
          const next = THEMES.find((value) => value === event.target.value);
          if (!next) return;
          // Applies at once, like the language: the page changes while the choice is saved.
          applyTheme(next);
          theme.mutate({ theme: next }, { onSuccess: (profile) => applyTheme(profile.theme), onError: () => applyTheme(me.theme) });
        }}
        name="theme"
      >
        {THEMES.map((value) => (
          <option key={value} value={value}>
            {t(`profile.themes.${value}`)}
          </option>
        ))}
      </SelectField>
      <ErrorAlert error={theme.error} />
      <form
        ref={form.ref}
        onSubmit={(event) => {
          event.preventDefault();
          setSaved(false);
          const unknownZone = zoneKnown ? null : { code: 'invalid_timezone', key: 'profile.timezoneUnknown' };
          if (form.check({ timezone: required(timezone) ?? unknownZone }) && nothing.hasChanges(dirty)) save.mutate(patch, { onSuccess: () => setSaved(true) });
        }}
        noValidate
      >
        <TextField
          label={t('profile.timezone')}
          list="timezones"
          value={timezone}
          onChange={(event) => {
            setTimezone(event.target.value);
            setSaved(false);
          }}
          hint={t('profile.timezoneHint')}
          error={form.error('timezone') ?? (timezone !== '' && !zoneKnown ? t('profile.timezoneUnknown') : null)}
          autoComplete="off"
          spellCheck={false}
          name="timezone"
        />
        <datalist id="timezones">
          {zones.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
        <div className="field-inline-action">
          <button type="button" className="btn-link" onClick={() => setTimezone(browserTimeZone())}>
            {t('profile.useBrowserZone', { zone: browserTimeZone() })}
          </button>
        </div>
        <SelectField
          label={t('profile.dateFormat')}
          value={dateFormat}
          onChange={(event) => {
            setDateFormat(event.target.value as DateFormat);
            setSaved(false);
          }}
          error={form.error('dateFormat')}
          hint={<span data-testid="date-example">{t('profile.dateExample', { example })}</span>}
          name="dateFormat"
        >
          {DATE_FORMATS.map((format) => (
            <option key={format} value={format}>
              {t(`dateFormats.${DATE_FORMAT_KEYS[format]}`)}
            </option>
          ))}
        </SelectField>
        <CheckboxField
          label={t('profile.newsletter')}
          hint={t('profile.newsletterHint')}
          checked={newsletter}
          onChange={(event) => {
            setNewsletter(event.target.checked);
            setSaved(false);
          }}
          error={form.error('newsletter')}
          name="newsletter"
        />
        <fieldset>
          <legend>{t('profile.notices.title')}</legend>
          <p className="hint">{t('profile.notices.always')}</p>
          {OPTIONAL_NOTICES.map((key) => (
            <CheckboxField
              key={key}
              label={t(`profile.notices.${key}`)}
              checked={notices[key]}
              onChange={(event) => {
                setNotices({ ...notices, [key]: event.target.checked });
                setSaved(false);
              }}
              name={key}
            />
          ))}
        </fieldset>
        <ErrorAlert error={form.rest} />
        {nothing.notice(dirty) ?? (saved && !dirty ? <Notice kind="success">{t('common.saved')}</Notice> : null)}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={save.isPending} aria-disabled={!dirty || undefined}>
            {save.isPending ? t('common.saving') : t('profile.savePreferences')}
          </button>
        </div>
      </form>
    </Card>
  );
}
