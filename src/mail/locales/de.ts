import type { LanguageCatalog } from '../catalog.js';

/** The mails in German. */
export const de: LanguageCatalog = {
  templates: {
    password_reset: (v) => ({
      subject: 'Passwort zurücksetzen',
      paragraphs: [
        `Hallo ${v.name},`,
        `jemand (hoffentlich Sie) hat angefordert, das Passwort Ihres Kontos ${v.username} zurückzusetzen.`,
        `Der Link funktioniert einmal und ${v.minutes} Minuten lang.`,
      ],
      action: { label: 'Neues Passwort wählen', url: v.link },
      footnotes: ['Falls Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Ihr Passwort bleibt unverändert.'],
    }),
    email_confirm: (v) => ({
      subject: 'Bestätigen Sie Ihre neue E-Mail-Adresse',
      paragraphs: [
        `Hallo ${v.name},`,
        `bitte bestätigen Sie, dass ${v.newEmail} die neue E-Mail-Adresse Ihres Kontos ${v.username} ist.`,
        `Der Link ist ${v.hours} Stunden gültig.`,
      ],
      action: { label: 'Adresse bestätigen', url: v.link },
      footnotes: ['Falls Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Es ändert sich nichts.'],
    }),
    email_changed: (v) => ({
      subject: 'Ihre E-Mail-Adresse wurde geändert',
      paragraphs: [
        `Hallo ${v.name},`,
        `die E-Mail-Adresse Ihres Kontos ${v.username} wurde am ${v.time} in ${v.newEmail} geändert.`,
        `Falls Sie das nicht waren, machen Sie die Änderung innerhalb von ${v.days} Tagen rückgängig: Diese Adresse wird wiederhergestellt und alle Sitzungen werden abgemeldet.`,
      ],
      action: { label: 'Änderung rückgängig machen', url: v.link },
      footnotes: ['Ändern Sie danach Ihr Passwort.'],
    }),
    recovery_email_confirm: (v) => ({
      subject: 'Bestätigen Sie Ihre Wiederherstellungsadresse',
      paragraphs: [
        `Hallo ${v.name},`,
        `bitte bestätigen Sie, dass ${v.newEmail} die Wiederherstellungsadresse Ihres Kontos ${v.username} ist.`,
        `Links zum Zurücksetzen des Passworts gehen erst nach der Bestätigung an diese Adresse. Der Link ist ${v.hours} Stunden gültig.`,
      ],
      action: { label: 'Adresse bestätigen', url: v.link },
      footnotes: ['Falls Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Es ändert sich nichts.'],
    }),
    recovery_email_changed: (v) => ({
      subject: 'Ihre Wiederherstellungsadresse wurde geändert',
      paragraphs: [
        `Hallo ${v.name},`,
        v.recoveryEmail
          ? `die Wiederherstellungsadresse Ihres Kontos ${v.username} wurde am ${v.time} auf ${v.recoveryEmail} gesetzt. Links zum Zurücksetzen des Passworts gehen jetzt dorthin.`
          : `die Wiederherstellungsadresse Ihres Kontos ${v.username} wurde am ${v.time} entfernt. Links zum Zurücksetzen des Passworts kommen jetzt an diese Adresse.`,
        `Falls Sie das nicht waren, machen Sie die Änderung innerhalb von ${v.days} Tagen rückgängig: Die vorherige Wiederherstellungsadresse wird wiederhergestellt und alle Sitzungen werden abgemeldet.`,
      ],
      action: { label: 'Änderung rückgängig machen', url: v.link },
      footnotes: ['Ändern Sie danach Ihr Passwort.'],
    }),
    password_changed: (v) => ({
      subject: 'Ihr Passwort wurde geändert',
      paragraphs: [`Hallo ${v.name},`, `das Passwort Ihres Kontos ${v.username} wurde am ${v.time} geändert.`],
      action: { label: 'Konto öffnen', url: v.origin },
      footnotes: ['Falls Sie das nicht waren, setzen Sie Ihr Passwort sofort zurück und prüfen Sie Ihre Sitzungen.'],
    }),
    new_sign_in: (v) => ({
      subject: 'Neue Anmeldung bei Ihrem Konto',
      paragraphs: [
        `Hallo ${v.name},`,
        `Ihr Konto ${v.username} wurde am ${v.time} von einem Browser, System oder Netzwerk angemeldet, das wir noch nicht kannten:`,
        `${v.browser} unter ${v.os}, IP-Adresse ${v.ip}`,
        'Falls Sie das waren, ist nichts zu tun. Andernfalls ändern Sie Ihr Passwort und beenden Sie diese Sitzung in Ihrem Konto.',
      ],
      action: { label: 'Sitzungen prüfen', url: v.origin },
      footnotes: ['Diese Hinweise werden immer gesendet: So erfahren Sie, wenn jemand anderes eingedrungen ist.'],
    }),
    twofactor_disabled: (v) => ({
      subject: 'Zwei-Faktor-Authentifizierung wurde ausgeschaltet',
      paragraphs: [`Hallo ${v.name},`, `die Zwei-Faktor-Authentifizierung Ihres Kontos ${v.username} wurde am ${v.time} ausgeschaltet.`],
      action: { label: 'Konto öffnen', url: v.origin },
      footnotes: ['Falls Sie das nicht waren, ändern Sie sofort Ihr Passwort und prüfen Sie Ihre Sitzungen.'],
    }),
    twofactor_reset: (v) => ({
      subject: 'Zwei-Faktor-Authentifizierung wurde von einem Administrator zurückgesetzt',
      paragraphs: [
        `Hallo ${v.name},`,
        `ein Administrator hat die Zwei-Faktor-Authentifizierung Ihres Kontos ${v.username} am ${v.time} zurückgesetzt.`,
        'Bis Sie sie wieder einrichten, genügt Ihr Passwort zur Anmeldung.',
      ],
      action: { label: 'Wieder einrichten', url: v.origin },
    }),
    token_created: (v) => ({
      subject: 'Ein neues API-Token wurde erstellt',
      paragraphs: [`Hallo ${v.name},`, `für Ihr Konto ${v.username} wurde am ${v.time} ein API-Token namens „${v.tokenName}“ erstellt.`],
      action: { label: 'Konto öffnen', url: v.origin },
      footnotes: ['Falls Sie das nicht waren, widerrufen Sie es und ändern Sie Ihr Passwort.'],
    }),
    app_password_created: (v) => ({
      subject: 'Ein neues App-Passwort wurde erstellt',
      paragraphs: [`Hallo ${v.name},`, `für Ihr Konto ${v.username} wurde am ${v.time} ein App-Passwort namens „${v.appPasswordName}“ für ${v.appName} erstellt.`],
      action: { label: 'Konto öffnen', url: v.origin },
      footnotes: ['Falls Sie das nicht waren, widerrufen Sie es und ändern Sie Ihr Passwort.'],
    }),
    account_deleted: (v) => ({
      subject: 'Ihr Konto wurde gelöscht',
      paragraphs: [
        `Hallo ${v.name},`,
        `Ihr Konto ${v.username} wurde am ${v.time} gelöscht, mit seinen Sitzungen, Tokens, App-Passwörtern, Mitgliedschaften und Bildern.`,
      ],
      action: { label: 'Userhub öffnen', url: v.origin },
      footnotes: ['Falls Sie das nicht erwartet haben, wenden Sie sich an Ihre Administration.'],
    }),
    invitation: (v) => ({
      subject: 'Wählen Sie das Passwort Ihres neuen Kontos',
      paragraphs: [
        `Hallo ${v.name},`,
        v.invitedBy ? `${v.invitedBy} hat ein Konto für Sie angelegt: Ihr Benutzername ist ${v.username}.` : `Für Sie wurde ein Konto angelegt: Ihr Benutzername ist ${v.username}.`,
        `Wählen Sie Ihr Passwort, um es zu nutzen. Der Link funktioniert einmal und ${v.days} Tage lang.`,
      ],
      action: { label: 'Passwort wählen', url: v.link },
      footnotes: ['Falls Sie das nicht erwartet haben, ignorieren Sie diese E-Mail: Ohne Passwort kann sich niemand bei dem Konto anmelden.'],
    }),
    passkey_added: (v) => ({
      subject: 'Ihrem Konto wurde ein Passkey hinzugefügt',
      paragraphs: [`Hallo ${v.name},`, `Ihrem Konto ${v.username} wurde am ${v.time} ein Passkey namens „${v.passkeyName}“ hinzugefügt. Er meldet Sie auch ohne Passwort an.`],
      action: { label: 'Konto öffnen', url: v.origin },
      footnotes: ['Falls Sie das nicht waren, löschen Sie ihn, ändern Sie Ihr Passwort und prüfen Sie Ihre Sitzungen.'],
    }),
  },
  lockdown: {
    text: 'Waren Sie das nicht? Sperren Sie Ihr Konto: Das beendet alle Sitzungen, widerruft Ihre API-Tokens, App-Passwörter und App-Zugriffe und verlangt ein neues Passwort. Der Link funktioniert einmal, 7 Tage lang.',
    label: 'Das war ich nicht: Konto sperren',
  },
  from: (c) => `Von: ${c.browser} unter ${c.os}, IP-Adresse ${c.ip}`,
};
