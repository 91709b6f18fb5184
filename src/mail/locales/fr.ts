import type { LanguageCatalog } from '../catalog.js';

/** The mails in French. */
export const fr: LanguageCatalog = {
  templates: {
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
  },
  lockdown: {
    text: 'Ce n’était pas vous ? Verrouillez votre compte : cela met fin à toutes les sessions, révoque vos jetons d’API, mots de passe d’application et accès des applications, et demande un nouveau mot de passe. Le lien fonctionne une fois, pendant 7 jours.',
    label: 'Ce n’était pas moi : verrouiller mon compte',
  },
  from: (c) => `Depuis : ${c.browser} sous ${c.os}, adresse IP ${c.ip}`,
};
