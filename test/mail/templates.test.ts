import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, textDirection } from '../../src/lib/languages.js';
import { render } from '../../src/mail/render.js';
import { type TemplateName, type TemplateVars, compose } from '../../src/mail/templates.js';

const common = { name: 'Ada <Admin>', username: 'ada', time: '1 March 2026, 10:00 (UTC)', origin: 'https://account.example.com' };
const LINK = 'https://account.example.com/reset?token=abc_DEF-123';

const SAMPLES: { [K in TemplateName]: TemplateVars[K] } = {
  password_reset: { link: LINK, minutes: 30 },
  email_confirm: { link: LINK, newEmail: 'new@example.com', hours: 24 },
  email_changed: { link: LINK, newEmail: 'new@example.com', days: 7 },
  recovery_email_confirm: { link: LINK, newEmail: 'safe@example.net', hours: 24 },
  recovery_email_changed: { link: LINK, recoveryEmail: 'safe@example.net', days: 7 },
  password_changed: {},
  new_sign_in: { browser: 'Firefox 128', os: 'Ubuntu', ip: '203.0.113.9' },
  twofactor_disabled: {},
  twofactor_reset: {},
  token_created: { tokenName: 'deploy' },
  app_password_created: { appPasswordName: 'phone', appName: 'Mail' },
  passkey_added: { passkeyName: 'Work laptop' },
  account_deleted: {},
  invitation: { link: LINK, days: 7, invitedBy: 'Grace Admin' },
};
const NAMES = Object.keys(SAMPLES) as TemplateName[];

function build(name: TemplateName, language: string) {
  const content = compose(name, language, { ...common, ...SAMPLES[name] } as never);
  return { content, mail: render(content, 'ada@example.com', language, 'Userhub', common.origin) };
}

describe('mail templates', () => {
  it('given the languages the server accepts, then src/mail/locales has exactly one file for each', () => {
    const dir = path.resolve(import.meta.dirname, '../../src/mail/locales');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')).sort();
    expect(files).toEqual([...LANGUAGES].sort());
  });

  it.each(NAMES.flatMap((name) => LANGUAGES.map((language) => [name, language] as const)))(
    '%s in %s: a subject, the name, the action link in text and HTML, escaped HTML',
    (name, language) => {
      const { content, mail } = build(name, language);
      expect(mail.subject.length).toBeGreaterThan(5);
      expect(mail.text).toContain('Ada <Admin>');
      expect(mail.html).toContain('Ada &lt;Admin&gt;');
      expect(mail.html).not.toContain('<Admin>');
      expect(mail.html).toContain(`<html lang="${language}" dir="${textDirection(language)}">`);
      expect(content.action).toBeDefined();
      expect(mail.text).toContain(content.action!.url);
      expect(mail.html).toContain(`href="${content.action!.url}"`);
      if ('link' in SAMPLES[name]) expect(content.action!.url).toBe(LINK);
      else expect(content.action!.url).toBe(common.origin);
      expect(mail.text).toContain('Userhub · https://account.example.com');
    },
  );

  it.each(NAMES)('%s is translated: every language has its own subject', (name) => {
    const subjects = new Set(LANGUAGES.map((language) => build(name, language).mail.subject));
    expect(subjects.size).toBe(LANGUAGES.length);
  });

  it.each(LANGUAGES)('recovery_email_changed in %s names a new address, and says when it was removed', (language) => {
    const set = compose('recovery_email_changed', language, { ...common, link: LINK, recoveryEmail: 'safe@example.net', days: 7 });
    const removed = compose('recovery_email_changed', language, { ...common, link: LINK, recoveryEmail: null, days: 7 });
    expect(set.paragraphs.join(' ')).toContain('safe@example.net');
    expect(removed.paragraphs.join(' ')).not.toMatch(/\bnull\b/); // a word: Italian “annulla” contains it
    expect(removed.paragraphs[1]).not.toBe(set.paragraphs[1]);
    expect(removed.action!.url).toBe(LINK);
    expect(build('recovery_email_confirm', language).mail.text).toContain('safe@example.net');
  });

  it.each(LANGUAGES)('a notice with a lockdown link in %s carries it in text and HTML, in its language; a link mail does not', (language) => {
    const lockdown = 'https://account.example.com/lockdown?token=lock_TOKEN-123';
    const content = compose('new_sign_in', language, { ...common, ...SAMPLES.new_sign_in, lockdownLink: lockdown });
    const mail = render(content, 'ada@example.com', language, 'Userhub', common.origin);
    expect(content.lockdown).toMatchObject({ url: lockdown });
    expect(mail.text).toContain(`${content.lockdown!.label}:\n${lockdown}`);
    expect(mail.html).toContain(`href="${lockdown}"`);
    if (language !== 'en') expect(content.lockdown!.label).not.toBe(compose('new_sign_in', 'en', { ...common, ...SAMPLES.new_sign_in, lockdownLink: lockdown }).lockdown!.label);
    expect(build('password_reset', language).content.lockdown).toBeUndefined();
  });

  it('given a language written right to left, then the HTML says so on <html> and on the message box; otherwise ltr', () => {
    const content = compose('password_reset', 'ar', { ...common, ...SAMPLES.password_reset });
    const rtl = render(content, 'ada@example.com', 'ar', 'Userhub', common.origin).html;
    expect(rtl).toContain('<html lang="ar" dir="rtl">');
    expect(rtl).toMatch(/<div dir="rtl" style="max-width:560px/);
    // the link itself stays a left-to-right line
    expect(rtl).toContain(`<p dir="ltr" style="margin:0 0 16px;font-size:13px;color:#555555;word-break:break-all">${LINK}</p>`);
    expect(rtl).not.toMatch(/(margin|padding)-(left|right)|text-align:(left|right)|float:/);
    const ltr = build('password_reset', 'de').mail.html;
    expect(ltr).toContain('<html lang="de" dir="ltr">');
    expect(ltr).toMatch(/<div dir="ltr" style="max-width:560px/);
  });

  it('falls back to English for a language it does not know', () => {
    expect(build('password_reset', 'xx').mail.subject).toBe('Reset your password');
  });

  it('puts what the user must know into the message', () => {
    expect(build('new_sign_in', 'en').mail.text).toContain('Firefox 128 on Ubuntu, IP address 203.0.113.9');
    expect(build('email_changed', 'de').mail.text).toContain('new@example.com');
    expect(build('email_changed', 'fr').mail.text).toContain('7 jours');
    expect(build('password_reset', 'es').mail.text).toContain('30 minutos');
    expect(build('password_reset', 'it').mail.text).toContain('30 minuti');
    expect(build('password_reset', 'pt-BR').mail.text).toContain('30 minutos');
    expect(build('email_changed', 'pt-BR').mail.subject).toBe('Seu endereço de e-mail foi alterado');
    expect(build('email_changed', 'nl').mail.text).toContain('binnen 7 dagen');
  });
});
