import type { LanguageCatalog } from '../catalog.js';

/** The mails in English. */
export const en: LanguageCatalog = {
  templates: {
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
  },
  lockdown: {
    text: 'Wasn’t you? Lock your account: this ends every session, revokes your API tokens, app passwords and app access, and asks for a new password. The link works once, for 7 days.',
    label: 'This wasn’t me: lock my account',
  },
  from: (c) => `From: ${c.browser} on ${c.os}, IP address ${c.ip}`,
};
