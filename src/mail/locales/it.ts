import type { LanguageCatalog } from '../catalog.js';

/** The mails in Italian (informal "tu", as in the dashboard). */
export const it: LanguageCatalog = {
  templates: {
    password_reset: (v) => ({
      subject: 'Reimposta la tua password',
      paragraphs: [
        `Ciao ${v.name},`,
        `Qualcuno (speriamo tu) ha chiesto di reimpostare la password del tuo account ${v.username}.`,
        `Il link funziona una sola volta e per ${v.minutes} minuti.`,
      ],
      action: { label: 'Scegli una nuova password', url: v.link },
      footnotes: ['Se non l’hai chiesto tu, ignora questa email: la tua password resta com’è.'],
    }),
    email_confirm: (v) => ({
      subject: 'Conferma il tuo nuovo indirizzo email',
      paragraphs: [
        `Ciao ${v.name},`,
        `Conferma che ${v.newEmail} è il nuovo indirizzo email del tuo account ${v.username}.`,
        `Il link è valido per ${v.hours} ore.`,
      ],
      action: { label: 'Conferma l’indirizzo', url: v.link },
      footnotes: ['Se non l’hai chiesto tu, ignora questa email: non cambia nulla.'],
    }),
    email_changed: (v) => ({
      subject: 'Il tuo indirizzo email è stato cambiato',
      paragraphs: [
        `Ciao ${v.name},`,
        `L’indirizzo email del tuo account ${v.username} è stato cambiato in ${v.newEmail} il ${v.time}.`,
        `Se non eri tu, annulla la modifica entro ${v.days} giorni: questo indirizzo torna a essere quello del tuo account e tutte le sessioni vengono chiuse.`,
      ],
      action: { label: 'Annulla la modifica', url: v.link },
      footnotes: ['Dopo averla annullata, cambia la password.'],
    }),
    recovery_email_confirm: (v) => ({
      subject: 'Conferma il tuo indirizzo email di recupero',
      paragraphs: [
        `Ciao ${v.name},`,
        `Conferma che ${v.newEmail} è l’indirizzo email di recupero del tuo account ${v.username}.`,
        `Dopo la conferma, i link per reimpostare la password arriveranno lì. Il link è valido per ${v.hours} ore.`,
      ],
      action: { label: 'Conferma l’indirizzo', url: v.link },
      footnotes: ['Se non l’hai chiesto tu, ignora questa email: non cambia nulla.'],
    }),
    recovery_email_changed: (v) => ({
      subject: 'Il tuo indirizzo email di recupero è stato cambiato',
      paragraphs: [
        `Ciao ${v.name},`,
        v.recoveryEmail
          ? `L’indirizzo email di recupero del tuo account ${v.username} è stato impostato su ${v.recoveryEmail} il ${v.time}. Da ora i link per reimpostare la password arrivano lì.`
          : `L’indirizzo email di recupero del tuo account ${v.username} è stato rimosso il ${v.time}. Da ora i link per reimpostare la password arrivano a questo indirizzo.`,
        `Se non eri tu, annulla la modifica entro ${v.days} giorni: l’indirizzo di recupero precedente torna valido e tutte le sessioni vengono chiuse.`,
      ],
      action: { label: 'Annulla la modifica', url: v.link },
      footnotes: ['Dopo averla annullata, cambia la password.'],
    }),
    password_changed: (v) => ({
      subject: 'La tua password è stata cambiata',
      paragraphs: [`Ciao ${v.name},`, `La password del tuo account ${v.username} è stata cambiata il ${v.time}.`],
      action: { label: 'Apri il tuo account', url: v.origin },
      footnotes: ['Se non eri tu, reimposta subito la password e controlla le tue sessioni.'],
    }),
    new_sign_in: (v) => ({
      subject: 'Nuovo accesso al tuo account',
      paragraphs: [
        `Ciao ${v.name},`,
        `Il ${v.time} è stato effettuato l’accesso al tuo account ${v.username} da un browser, un sistema o una rete che non avevamo mai visto:`,
        `${v.browser} su ${v.os}, indirizzo IP ${v.ip}`,
        'Se eri tu, non devi fare nulla. Altrimenti cambia la password e chiudi quella sessione dal tuo account.',
      ],
      action: { label: 'Controlla le tue sessioni', url: v.origin },
      footnotes: ['Questi avvisi vengono sempre inviati: è così che scopri se qualcun altro è entrato.'],
    }),
    twofactor_disabled: (v) => ({
      subject: 'L’autenticazione a due fattori è stata disattivata',
      paragraphs: [`Ciao ${v.name},`, `L’autenticazione a due fattori del tuo account ${v.username} è stata disattivata il ${v.time}.`],
      action: { label: 'Apri il tuo account', url: v.origin },
      footnotes: ['Se non eri tu, cambia subito la password e controlla le tue sessioni.'],
    }),
    twofactor_reset: (v) => ({
      subject: 'Un amministratore ha reimpostato l’autenticazione a due fattori',
      paragraphs: [
        `Ciao ${v.name},`,
        `Il ${v.time} un amministratore ha reimpostato l’autenticazione a due fattori del tuo account ${v.username}.`,
        'Finché non la configuri di nuovo, per accedere basta la password.',
      ],
      action: { label: 'Configurala di nuovo', url: v.origin },
    }),
    token_created: (v) => ({
      subject: 'È stato creato un nuovo token API',
      paragraphs: [`Ciao ${v.name},`, `Il ${v.time} è stato creato un token API chiamato “${v.tokenName}” per il tuo account ${v.username}.`],
      action: { label: 'Apri il tuo account', url: v.origin },
      footnotes: ['Se non eri tu, revocalo e cambia la password.'],
    }),
    app_password_created: (v) => ({
      subject: 'È stata creata una nuova password per le app',
      paragraphs: [`Ciao ${v.name},`, `Il ${v.time} è stata creata una password per le app chiamata “${v.appPasswordName}” per ${v.appName} nel tuo account ${v.username}.`],
      action: { label: 'Apri il tuo account', url: v.origin },
      footnotes: ['Se non eri tu, revocala e cambia la password.'],
    }),
    account_deleted: (v) => ({
      subject: 'Il tuo account è stato eliminato',
      paragraphs: [
        `Ciao ${v.name},`,
        `Il tuo account ${v.username} è stato eliminato il ${v.time}, insieme a sessioni, token, password per le app, appartenenze e immagini.`,
      ],
      action: { label: 'Apri Userhub', url: v.origin },
      footnotes: ['Se non te lo aspettavi, contatta il tuo amministratore.'],
    }),
    invitation: (v) => ({
      subject: 'Scegli la password del tuo nuovo account',
      paragraphs: [
        `Ciao ${v.name},`,
        v.invitedBy ? `${v.invitedBy} ha creato un account per te: il tuo nome utente è ${v.username}.` : `È stato creato un account per te: il tuo nome utente è ${v.username}.`,
        `Scegli la password per iniziare a usarlo. Il link funziona una sola volta e per ${v.days} giorni.`,
      ],
      action: { label: 'Scegli la tua password', url: v.link },
      footnotes: ['Se non te lo aspettavi, ignora questa email: senza password nessuno può accedere all’account.'],
    }),
    passkey_added: (v) => ({
      subject: 'È stata aggiunta una passkey al tuo account',
      paragraphs: [`Ciao ${v.name},`, `Il ${v.time} è stata aggiunta una passkey chiamata “${v.passkeyName}” al tuo account ${v.username}. Permette di accedere senza password.`],
      action: { label: 'Apri il tuo account', url: v.origin },
      footnotes: ['Se non eri tu, eliminala, cambia la password e controlla le tue sessioni.'],
    }),
  },
  lockdown: {
    text: 'Non eri tu? Blocca il tuo account: tutte le sessioni vengono chiuse, i token API, le password per le app e gli accessi delle app vengono revocati, e serve una nuova password. Il link funziona una sola volta, per 7 giorni.',
    label: 'Non ero io: blocca il mio account',
  },
  from: (c) => `Da: ${c.browser} su ${c.os}, indirizzo IP ${c.ip}`,
};
