import type { Language } from '../lib/languages.js';

/** What every template can use; filled in by the mail service from the recipient's user record. */
export interface CommonVars {
  /** display name of the user */
  name: string;
  username: string;
  /** when it happened, formatted in the recipient's language and time zone */
  time: string;
  /** the dashboard, e.g. https://account.example.com */
  origin: string;
  /** notices: the one-click "this wasn't me" link (single use, 7 days) */
  lockdownLink?: string;
  /** notices: the browser, OS and IP address the change came from (the new-sign-in notice says it in its own words) */
  client?: { browser: string; os: string; ip: string };
}

/** The variables each template needs on top of {@link CommonVars}. */
export interface TemplateVars {
  password_reset: { link: string; minutes: number };
  email_confirm: { link: string; newEmail: string; hours: number };
  email_changed: { link: string; newEmail: string; days: number };
  recovery_email_confirm: { link: string; newEmail: string; hours: number };
  /** `recoveryEmail` null: the recovery address was removed (resets go to the primary) */
  recovery_email_changed: { link: string; recoveryEmail: string | null; days: number };
  password_changed: Record<string, never>;
  new_sign_in: { browser: string; os: string; ip: string };
  twofactor_disabled: Record<string, never>;
  twofactor_reset: Record<string, never>;
  token_created: { tokenName: string };
  app_password_created: { appPasswordName: string; appName: string };
  passkey_added: { passkeyName: string };
  account_deleted: Record<string, never>;
  /** `invitedBy`: the display name of the administrator who invited (null: the system) */
  invitation: { link: string; days: number; invitedBy: string | null };
}

export type TemplateName = keyof TemplateVars;

/** Notices: mail to the primary address after something happened to the user. */
export type NoticeName = 'password_changed' | 'new_sign_in' | 'twofactor_disabled' | 'twofactor_reset' | 'token_created' | 'app_password_created' | 'passkey_added';

/** A message before layout: plain sentences (escaped by the renderer), one optional button. */
export interface MailContent {
  subject: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** notices: "this wasn't me", after the action */
  lockdown?: { text: string; label: string; url: string };
  footnotes?: string[];
}

type Catalog = { [K in TemplateName]: (v: CommonVars & TemplateVars[K]) => MailContent };

const en: Catalog = {
  password_reset: (v) => ({
    subject: 'Reset your password',
    paragraphs: [
      `Hello ${v.name},`,
      `Someone (hopefully you) asked to reset the password of your account ${v.username}.`,
      `The link works once and for ${v.minutes} minutes.`,
    ],
    action: { label: 'Choose a new password', url: v.link },
    footnotes: ['If you did not ask for this, ignore this mail: your password stays as it is.'],
  }),
  email_confirm: (v) => ({
    subject: 'Confirm your new email address',
    paragraphs: [
      `Hello ${v.name},`,
      `Please confirm that ${v.newEmail} is the new email address of your account ${v.username}.`,
      `The link is valid for ${v.hours} hours.`,
    ],
    action: { label: 'Confirm the address', url: v.link },
    footnotes: ['If you did not ask for this, ignore this mail: nothing changes.'],
  }),
  email_changed: (v) => ({
    subject: 'Your email address was changed',
    paragraphs: [
      `Hello ${v.name},`,
      `The email address of your account ${v.username} was changed to ${v.newEmail} on ${v.time}.`,
      `If this was not you, undo the change within ${v.days} days: this address comes back and every session is signed out.`,
    ],
    action: { label: 'Undo the change', url: v.link },
    footnotes: ['After undoing it, change your password.'],
  }),
  recovery_email_confirm: (v) => ({
    subject: 'Confirm your recovery email address',
    paragraphs: [
      `Hello ${v.name},`,
      `Please confirm that ${v.newEmail} is the recovery email address of your account ${v.username}.`,
      `Password reset links go to it once it is confirmed. The link is valid for ${v.hours} hours.`,
    ],
    action: { label: 'Confirm the address', url: v.link },
    footnotes: ['If you did not ask for this, ignore this mail: nothing changes.'],
  }),
  recovery_email_changed: (v) => ({
    subject: 'Your recovery email address was changed',
    paragraphs: [
      `Hello ${v.name},`,
      v.recoveryEmail
        ? `The recovery email address of your account ${v.username} was set to ${v.recoveryEmail} on ${v.time}. Password reset links go there now.`
        : `The recovery email address of your account ${v.username} was removed on ${v.time}. Password reset links come to this address now.`,
      `If this was not you, undo the change within ${v.days} days: the previous recovery address comes back and every session is signed out.`,
    ],
    action: { label: 'Undo the change', url: v.link },
    footnotes: ['After undoing it, change your password.'],
  }),
  password_changed: (v) => ({
    subject: 'Your password was changed',
    paragraphs: [`Hello ${v.name},`, `The password of your account ${v.username} was changed on ${v.time}.`],
    action: { label: 'Open your account', url: v.origin },
    footnotes: ['If this was not you, reset your password at once and check your sessions.'],
  }),
  new_sign_in: (v) => ({
    subject: 'New sign-in to your account',
    paragraphs: [
      `Hello ${v.name},`,
      `Your account ${v.username} was signed in on ${v.time} from a browser, system or network we had not seen before:`,
      `${v.browser} on ${v.os}, IP address ${v.ip}`,
      'If this was you, there is nothing to do. If not, change your password and end that session in your account.',
    ],
    action: { label: 'Review your sessions', url: v.origin },
    footnotes: ['These notices are always sent: they are how you learn that someone else got in.'],
  }),
  twofactor_disabled: (v) => ({
    subject: 'Two-factor authentication was turned off',
    paragraphs: [`Hello ${v.name},`, `Two-factor authentication of your account ${v.username} was turned off on ${v.time}.`],
    action: { label: 'Open your account', url: v.origin },
    footnotes: ['If this was not you, change your password at once and check your sessions.'],
  }),
  twofactor_reset: (v) => ({
    subject: 'Two-factor authentication was reset by an administrator',
    paragraphs: [
      `Hello ${v.name},`,
      `An administrator reset the two-factor authentication of your account ${v.username} on ${v.time}.`,
      'Until you set it up again, your password alone signs you in.',
    ],
    action: { label: 'Set it up again', url: v.origin },
  }),
  token_created: (v) => ({
    subject: 'A new API token was created',
    paragraphs: [`Hello ${v.name},`, `An API token named “${v.tokenName}” was created for your account ${v.username} on ${v.time}.`],
    action: { label: 'Open your account', url: v.origin },
    footnotes: ['If this was not you, revoke it and change your password.'],
  }),
  app_password_created: (v) => ({
    subject: 'A new app password was created',
    paragraphs: [`Hello ${v.name},`, `An app password named “${v.appPasswordName}” for ${v.appName} was created for your account ${v.username} on ${v.time}.`],
    action: { label: 'Open your account', url: v.origin },
    footnotes: ['If this was not you, revoke it and change your password.'],
  }),
  account_deleted: (v) => ({
    subject: 'Your account was deleted',
    paragraphs: [
      `Hello ${v.name},`,
      `Your account ${v.username} was deleted on ${v.time}, with its sessions, tokens, app passwords, memberships and pictures.`,
    ],
    action: { label: 'Open Userhub', url: v.origin },
    footnotes: ['If you did not expect this, contact your administrator.'],
  }),
  invitation: (v) => ({
    subject: 'Choose the password of your new account',
    paragraphs: [
      `Hello ${v.name},`,
      v.invitedBy ? `${v.invitedBy} created an account for you: your username is ${v.username}.` : `An account was created for you: your username is ${v.username}.`,
      `Choose your password to start using it. The link works once and for ${v.days} days.`,
    ],
    action: { label: 'Choose your password', url: v.link },
    footnotes: ['If you did not expect this, ignore this mail: without a password nobody can sign in to the account.'],
  }),
  passkey_added: (v) => ({
    subject: 'A passkey was added to your account',
    paragraphs: [`Hello ${v.name},`, `A passkey named “${v.passkeyName}” was added to your account ${v.username} on ${v.time}. It can sign you in without your password.`],
    action: { label: 'Open your account', url: v.origin },
    footnotes: ['If this was not you, delete it, change your password and check your sessions.'],
  }),
};

const de: Catalog = {
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
};

const fr: Catalog = {
  password_reset: (v) => ({
    subject: 'Réinitialiser votre mot de passe',
    paragraphs: [
      `Bonjour ${v.name},`,
      `Quelqu’un (vous, espérons-le) a demandé la réinitialisation du mot de passe de votre compte ${v.username}.`,
      `Le lien fonctionne une seule fois, pendant ${v.minutes} minutes.`,
    ],
    action: { label: 'Choisir un nouveau mot de passe', url: v.link },
    footnotes: ['Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.'],
  }),
  email_confirm: (v) => ({
    subject: 'Confirmez votre nouvelle adresse e-mail',
    paragraphs: [
      `Bonjour ${v.name},`,
      `Merci de confirmer que ${v.newEmail} est la nouvelle adresse e-mail de votre compte ${v.username}.`,
      `Le lien est valable ${v.hours} heures.`,
    ],
    action: { label: 'Confirmer l’adresse', url: v.link },
    footnotes: ['Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : rien ne change.'],
  }),
  email_changed: (v) => ({
    subject: 'Votre adresse e-mail a été modifiée',
    paragraphs: [
      `Bonjour ${v.name},`,
      `L’adresse e-mail de votre compte ${v.username} a été remplacée par ${v.newEmail} le ${v.time}.`,
      `Si ce n’était pas vous, annulez la modification dans les ${v.days} jours : cette adresse est rétablie et toutes les sessions sont fermées.`,
    ],
    action: { label: 'Annuler la modification', url: v.link },
    footnotes: ['Changez ensuite votre mot de passe.'],
  }),
  recovery_email_confirm: (v) => ({
    subject: 'Confirmez votre adresse e-mail de secours',
    paragraphs: [
      `Bonjour ${v.name},`,
      `Merci de confirmer que ${v.newEmail} est l’adresse e-mail de secours de votre compte ${v.username}.`,
      `Les liens de réinitialisation du mot de passe n’y seront envoyés qu’après confirmation. Le lien est valable ${v.hours} heures.`,
    ],
    action: { label: 'Confirmer l’adresse', url: v.link },
    footnotes: ['Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : rien ne change.'],
  }),
  recovery_email_changed: (v) => ({
    subject: 'Votre adresse e-mail de secours a été modifiée',
    paragraphs: [
      `Bonjour ${v.name},`,
      v.recoveryEmail
        ? `L’adresse e-mail de secours de votre compte ${v.username} est devenue ${v.recoveryEmail} le ${v.time}. Les liens de réinitialisation du mot de passe y sont désormais envoyés.`
        : `L’adresse e-mail de secours de votre compte ${v.username} a été supprimée le ${v.time}. Les liens de réinitialisation du mot de passe arrivent désormais à cette adresse.`,
      `Si ce n’était pas vous, annulez la modification dans les ${v.days} jours : l’adresse de secours précédente est rétablie et toutes les sessions sont fermées.`,
    ],
    action: { label: 'Annuler la modification', url: v.link },
    footnotes: ['Changez ensuite votre mot de passe.'],
  }),
  password_changed: (v) => ({
    subject: 'Votre mot de passe a été modifié',
    paragraphs: [`Bonjour ${v.name},`, `Le mot de passe de votre compte ${v.username} a été modifié le ${v.time}.`],
    action: { label: 'Ouvrir votre compte', url: v.origin },
    footnotes: ['Si ce n’était pas vous, réinitialisez immédiatement votre mot de passe et vérifiez vos sessions.'],
  }),
  new_sign_in: (v) => ({
    subject: 'Nouvelle connexion à votre compte',
    paragraphs: [
      `Bonjour ${v.name},`,
      `Votre compte ${v.username} a été connecté le ${v.time} depuis un navigateur, un système ou un réseau que nous ne connaissions pas :`,
      `${v.browser} sous ${v.os}, adresse IP ${v.ip}`,
      'Si c’était vous, il n’y a rien à faire. Sinon, changez votre mot de passe et fermez cette session depuis votre compte.',
    ],
    action: { label: 'Vérifier vos sessions', url: v.origin },
    footnotes: ['Ces avis sont toujours envoyés : c’est ainsi que vous apprenez qu’un tiers est entré.'],
  }),
  twofactor_disabled: (v) => ({
    subject: 'L’authentification à deux facteurs a été désactivée',
    paragraphs: [`Bonjour ${v.name},`, `L’authentification à deux facteurs de votre compte ${v.username} a été désactivée le ${v.time}.`],
    action: { label: 'Ouvrir votre compte', url: v.origin },
    footnotes: ['Si ce n’était pas vous, changez immédiatement votre mot de passe et vérifiez vos sessions.'],
  }),
  twofactor_reset: (v) => ({
    subject: 'L’authentification à deux facteurs a été réinitialisée par un administrateur',
    paragraphs: [
      `Bonjour ${v.name},`,
      `Un administrateur a réinitialisé l’authentification à deux facteurs de votre compte ${v.username} le ${v.time}.`,
      'Jusqu’à ce que vous la configuriez de nouveau, votre mot de passe suffit pour vous connecter.',
    ],
    action: { label: 'La configurer de nouveau', url: v.origin },
  }),
  token_created: (v) => ({
    subject: 'Un nouveau jeton d’API a été créé',
    paragraphs: [`Bonjour ${v.name},`, `Un jeton d’API nommé « ${v.tokenName} » a été créé pour votre compte ${v.username} le ${v.time}.`],
    action: { label: 'Ouvrir votre compte', url: v.origin },
    footnotes: ['Si ce n’était pas vous, révoquez-le et changez votre mot de passe.'],
  }),
  app_password_created: (v) => ({
    subject: 'Un nouveau mot de passe d’application a été créé',
    paragraphs: [`Bonjour ${v.name},`, `Un mot de passe d’application nommé « ${v.appPasswordName} » pour ${v.appName} a été créé pour votre compte ${v.username} le ${v.time}.`],
    action: { label: 'Ouvrir votre compte', url: v.origin },
    footnotes: ['Si ce n’était pas vous, révoquez-le et changez votre mot de passe.'],
  }),
  account_deleted: (v) => ({
    subject: 'Votre compte a été supprimé',
    paragraphs: [
      `Bonjour ${v.name},`,
      `Votre compte ${v.username} a été supprimé le ${v.time}, avec ses sessions, jetons, mots de passe d’application, adhésions et images.`,
    ],
    action: { label: 'Ouvrir Userhub', url: v.origin },
    footnotes: ['Si vous ne vous y attendiez pas, contactez votre administrateur.'],
  }),
  invitation: (v) => ({
    subject: 'Choisissez le mot de passe de votre nouveau compte',
    paragraphs: [
      `Bonjour ${v.name},`,
      v.invitedBy ? `${v.invitedBy} vous a créé un compte : votre nom d’utilisateur est ${v.username}.` : `Un compte a été créé pour vous : votre nom d’utilisateur est ${v.username}.`,
      `Choisissez votre mot de passe pour commencer à l’utiliser. Le lien fonctionne une seule fois, pendant ${v.days} jours.`,
    ],
    action: { label: 'Choisir votre mot de passe', url: v.link },
    footnotes: ['Si vous ne vous y attendiez pas, ignorez ce message : sans mot de passe, personne ne peut se connecter au compte.'],
  }),
  passkey_added: (v) => ({
    subject: 'Une clé d’accès a été ajoutée à votre compte',
    paragraphs: [`Bonjour ${v.name},`, `Une clé d’accès nommée « ${v.passkeyName} » a été ajoutée à votre compte ${v.username} le ${v.time}. Elle permet de vous connecter sans mot de passe.`],
    action: { label: 'Ouvrir votre compte', url: v.origin },
    footnotes: ['Si ce n’était pas vous, supprimez-la, changez votre mot de passe et vérifiez vos sessions.'],
  }),
};

const es: Catalog = {
  password_reset: (v) => ({
    subject: 'Restablecer la contraseña',
    paragraphs: [
      `Hola, ${v.name}:`,
      `Alguien (esperamos que usted) ha pedido restablecer la contraseña de su cuenta ${v.username}.`,
      `El enlace funciona una sola vez y durante ${v.minutes} minutos.`,
    ],
    action: { label: 'Elegir una contraseña nueva', url: v.link },
    footnotes: ['Si no lo ha pedido usted, ignore este mensaje: su contraseña no cambia.'],
  }),
  email_confirm: (v) => ({
    subject: 'Confirme su nueva dirección de correo',
    paragraphs: [
      `Hola, ${v.name}:`,
      `Confirme que ${v.newEmail} es la nueva dirección de correo de su cuenta ${v.username}.`,
      `El enlace es válido durante ${v.hours} horas.`,
    ],
    action: { label: 'Confirmar la dirección', url: v.link },
    footnotes: ['Si no lo ha pedido usted, ignore este mensaje: no cambia nada.'],
  }),
  email_changed: (v) => ({
    subject: 'Su dirección de correo ha cambiado',
    paragraphs: [
      `Hola, ${v.name}:`,
      `La dirección de correo de su cuenta ${v.username} se cambió a ${v.newEmail} el ${v.time}.`,
      `Si no fue usted, deshaga el cambio en un plazo de ${v.days} días: se restablece esta dirección y se cierran todas las sesiones.`,
    ],
    action: { label: 'Deshacer el cambio', url: v.link },
    footnotes: ['Después, cambie su contraseña.'],
  }),
  recovery_email_confirm: (v) => ({
    subject: 'Confirme su dirección de correo de recuperación',
    paragraphs: [
      `Hola, ${v.name}:`,
      `Confirme que ${v.newEmail} es la dirección de correo de recuperación de su cuenta ${v.username}.`,
      `Los enlaces para restablecer la contraseña solo se enviarán a ella una vez confirmada. El enlace es válido durante ${v.hours} horas.`,
    ],
    action: { label: 'Confirmar la dirección', url: v.link },
    footnotes: ['Si no lo ha pedido usted, ignore este mensaje: no cambia nada.'],
  }),
  recovery_email_changed: (v) => ({
    subject: 'Su dirección de correo de recuperación ha cambiado',
    paragraphs: [
      `Hola, ${v.name}:`,
      v.recoveryEmail
        ? `La dirección de correo de recuperación de su cuenta ${v.username} se cambió a ${v.recoveryEmail} el ${v.time}. Los enlaces para restablecer la contraseña se envían ahora allí.`
        : `La dirección de correo de recuperación de su cuenta ${v.username} se eliminó el ${v.time}. Los enlaces para restablecer la contraseña llegan ahora a esta dirección.`,
      `Si no fue usted, deshaga el cambio en un plazo de ${v.days} días: se restablece la dirección de recuperación anterior y se cierran todas las sesiones.`,
    ],
    action: { label: 'Deshacer el cambio', url: v.link },
    footnotes: ['Después, cambie su contraseña.'],
  }),
  password_changed: (v) => ({
    subject: 'Su contraseña ha cambiado',
    paragraphs: [`Hola, ${v.name}:`, `La contraseña de su cuenta ${v.username} se cambió el ${v.time}.`],
    action: { label: 'Abrir su cuenta', url: v.origin },
    footnotes: ['Si no fue usted, restablezca su contraseña de inmediato y revise sus sesiones.'],
  }),
  new_sign_in: (v) => ({
    subject: 'Nuevo inicio de sesión en su cuenta',
    paragraphs: [
      `Hola, ${v.name}:`,
      `Se inició sesión en su cuenta ${v.username} el ${v.time} desde un navegador, sistema o red que no conocíamos:`,
      `${v.browser} en ${v.os}, dirección IP ${v.ip}`,
      'Si fue usted, no tiene que hacer nada. Si no, cambie su contraseña y cierre esa sesión desde su cuenta.',
    ],
    action: { label: 'Revisar sus sesiones', url: v.origin },
    footnotes: ['Estos avisos se envían siempre: así sabe si alguien más entró.'],
  }),
  twofactor_disabled: (v) => ({
    subject: 'Se ha desactivado la verificación en dos pasos',
    paragraphs: [`Hola, ${v.name}:`, `La verificación en dos pasos de su cuenta ${v.username} se desactivó el ${v.time}.`],
    action: { label: 'Abrir su cuenta', url: v.origin },
    footnotes: ['Si no fue usted, cambie su contraseña de inmediato y revise sus sesiones.'],
  }),
  twofactor_reset: (v) => ({
    subject: 'Un administrador ha restablecido la verificación en dos pasos',
    paragraphs: [
      `Hola, ${v.name}:`,
      `Un administrador restableció la verificación en dos pasos de su cuenta ${v.username} el ${v.time}.`,
      'Hasta que vuelva a configurarla, basta con su contraseña para iniciar sesión.',
    ],
    action: { label: 'Configurarla de nuevo', url: v.origin },
  }),
  token_created: (v) => ({
    subject: 'Se ha creado un nuevo token de API',
    paragraphs: [`Hola, ${v.name}:`, `Se creó un token de API llamado «${v.tokenName}» para su cuenta ${v.username} el ${v.time}.`],
    action: { label: 'Abrir su cuenta', url: v.origin },
    footnotes: ['Si no fue usted, revóquelo y cambie su contraseña.'],
  }),
  app_password_created: (v) => ({
    subject: 'Se ha creado una nueva contraseña de aplicación',
    paragraphs: [`Hola, ${v.name}:`, `Se creó una contraseña de aplicación llamada «${v.appPasswordName}» para ${v.appName} en su cuenta ${v.username} el ${v.time}.`],
    action: { label: 'Abrir su cuenta', url: v.origin },
    footnotes: ['Si no fue usted, revóquela y cambie su contraseña.'],
  }),
  account_deleted: (v) => ({
    subject: 'Su cuenta se ha eliminado',
    paragraphs: [
      `Hola, ${v.name}:`,
      `Su cuenta ${v.username} se eliminó el ${v.time}, con sus sesiones, tokens, contraseñas de aplicación, membresías e imágenes.`,
    ],
    action: { label: 'Abrir Userhub', url: v.origin },
    footnotes: ['Si no lo esperaba, póngase en contacto con su administrador.'],
  }),
  invitation: (v) => ({
    subject: 'Elija la contraseña de su nueva cuenta',
    paragraphs: [
      `Hola, ${v.name}:`,
      v.invitedBy ? `${v.invitedBy} ha creado una cuenta para usted: su nombre de usuario es ${v.username}.` : `Se ha creado una cuenta para usted: su nombre de usuario es ${v.username}.`,
      `Elija su contraseña para empezar a usarla. El enlace funciona una sola vez y durante ${v.days} días.`,
    ],
    action: { label: 'Elegir su contraseña', url: v.link },
    footnotes: ['Si no lo esperaba, ignore este mensaje: sin contraseña nadie puede iniciar sesión en la cuenta.'],
  }),
  passkey_added: (v) => ({
    subject: 'Se añadió una llave de acceso a su cuenta',
    paragraphs: [`Hola, ${v.name}:`, `Se añadió una llave de acceso llamada «${v.passkeyName}» a su cuenta ${v.username} el ${v.time}. Con ella puede iniciar sesión sin contraseña.`],
    action: { label: 'Abrir su cuenta', url: v.origin },
    footnotes: ['Si no fue usted, elimínela, cambie su contraseña y revise sus sesiones.'],
  }),
};

const CATALOGS: Record<Language, Catalog> = { en, de, fr, es };

/** The "this wasn't me" part of every security notice. */
const LOCKDOWN: Record<Language, { text: string; label: string }> = {
  en: {
    text: 'Wasn’t you? Lock your account: this ends every session, revokes your API tokens, app passwords and app access, and asks for a new password. The link works once, for 7 days.',
    label: 'This wasn’t me: lock my account',
  },
  de: {
    text: 'Waren Sie das nicht? Sperren Sie Ihr Konto: Das beendet alle Sitzungen, widerruft Ihre API-Tokens, App-Passwörter und App-Zugriffe und verlangt ein neues Passwort. Der Link funktioniert einmal, 7 Tage lang.',
    label: 'Das war ich nicht: Konto sperren',
  },
  fr: {
    text: 'Ce n’était pas vous ? Verrouillez votre compte : cela met fin à toutes les sessions, révoque vos jetons d’API, mots de passe d’application et accès des applications, et demande un nouveau mot de passe. Le lien fonctionne une fois, pendant 7 jours.',
    label: 'Ce n’était pas moi : verrouiller mon compte',
  },
  es: {
    text: '¿No fue usted? Bloquee su cuenta: esto cierra todas las sesiones, revoca sus tokens de API, contraseñas de aplicación y accesos de aplicaciones, y pide una contraseña nueva. El enlace funciona una vez, durante 7 días.',
    label: 'No fui yo: bloquear mi cuenta',
  },
};

/** Where a change came from, after what happened. */
const FROM: Record<Language, (c: NonNullable<CommonVars['client']>) => string> = {
  en: (c) => `From: ${c.browser} on ${c.os}, IP address ${c.ip}`,
  de: (c) => `Von: ${c.browser} unter ${c.os}, IP-Adresse ${c.ip}`,
  fr: (c) => `Depuis : ${c.browser} sous ${c.os}, adresse IP ${c.ip}`,
  es: (c) => `Desde: ${c.browser} en ${c.os}, dirección IP ${c.ip}`,
};

/** The template's content in the language (English when the language is unknown). */
export function compose<K extends TemplateName>(name: K, language: string, vars: CommonVars & TemplateVars[K]): MailContent {
  const lang = (language in CATALOGS ? language : 'en') as Language;
  let content = (CATALOGS[lang][name] as (v: CommonVars & TemplateVars[K]) => MailContent)(vars);
  if (vars.client && name !== 'new_sign_in') {
    // after the greeting and the sentence that says what happened
    const paragraphs = [...content.paragraphs];
    paragraphs.splice(2, 0, FROM[lang](vars.client));
    content = { ...content, paragraphs };
  }
  if (!vars.lockdownLink) return content;
  return { ...content, lockdown: { ...LOCKDOWN[lang], url: vars.lockdownLink } };
}
