import type { LanguageCatalog } from '../catalog.js';

/** The mails in Dutch ("je", as in the dashboard). */
export const nl: LanguageCatalog = {
  templates: {
    password_reset: (v) => ({
      subject: 'Stel je wachtwoord opnieuw in',
      paragraphs: [
        `Hallo ${v.name},`,
        `Iemand (hopelijk jij) heeft gevraagd om het wachtwoord van je account ${v.username} opnieuw in te stellen.`,
        `De link werkt één keer en ${v.minutes} minuten lang.`,
      ],
      action: { label: 'Kies een nieuw wachtwoord', url: v.link },
      footnotes: ['Heb je dit niet gevraagd? Negeer dan deze e-mail: je wachtwoord blijft zoals het is.'],
    }),
    email_confirm: (v) => ({
      subject: 'Bevestig je nieuwe e-mailadres',
      paragraphs: [
        `Hallo ${v.name},`,
        `Bevestig dat ${v.newEmail} het nieuwe e-mailadres van je account ${v.username} is.`,
        `De link is ${v.hours} uur geldig.`,
      ],
      action: { label: 'Het adres bevestigen', url: v.link },
      footnotes: ['Heb je dit niet gevraagd? Negeer dan deze e-mail: er verandert niets.'],
    }),
    email_changed: (v) => ({
      subject: 'Je e-mailadres is gewijzigd',
      paragraphs: [
        `Hallo ${v.name},`,
        `Het e-mailadres van je account ${v.username} is op ${v.time} gewijzigd in ${v.newEmail}.`,
        `Was jij dit niet? Maak de wijziging dan binnen ${v.days} dagen ongedaan: dit adres komt terug en elke sessie wordt uitgelogd.`,
      ],
      action: { label: 'De wijziging ongedaan maken', url: v.link },
      footnotes: ['Wijzig daarna je wachtwoord.'],
    }),
    recovery_email_confirm: (v) => ({
      subject: 'Bevestig je herstel-e-mailadres',
      paragraphs: [
        `Hallo ${v.name},`,
        `Bevestig dat ${v.newEmail} het herstel-e-mailadres van je account ${v.username} is.`,
        `Zodra het is bevestigd, gaan links om je wachtwoord opnieuw in te stellen daarheen. De link is ${v.hours} uur geldig.`,
      ],
      action: { label: 'Het adres bevestigen', url: v.link },
      footnotes: ['Heb je dit niet gevraagd? Negeer dan deze e-mail: er verandert niets.'],
    }),
    recovery_email_changed: (v) => ({
      subject: 'Je herstel-e-mailadres is gewijzigd',
      paragraphs: [
        `Hallo ${v.name},`,
        v.recoveryEmail
          ? `Het herstel-e-mailadres van je account ${v.username} is op ${v.time} ingesteld op ${v.recoveryEmail}. Links om je wachtwoord opnieuw in te stellen gaan nu daarheen.`
          : `Het herstel-e-mailadres van je account ${v.username} is op ${v.time} verwijderd. Links om je wachtwoord opnieuw in te stellen komen nu naar dit adres.`,
        `Was jij dit niet? Maak de wijziging dan binnen ${v.days} dagen ongedaan: het vorige herstel-e-mailadres komt terug en elke sessie wordt uitgelogd.`,
      ],
      action: { label: 'De wijziging ongedaan maken', url: v.link },
      footnotes: ['Wijzig daarna je wachtwoord.'],
    }),
    password_changed: (v) => ({
      subject: 'Je wachtwoord is gewijzigd',
      paragraphs: [`Hallo ${v.name},`, `Het wachtwoord van je account ${v.username} is op ${v.time} gewijzigd.`],
      action: { label: 'Je account openen', url: v.origin },
      footnotes: ['Was jij dit niet? Stel je wachtwoord dan meteen opnieuw in en controleer je sessies.'],
    }),
    new_sign_in: (v) => ({
      subject: 'Nieuwe inlog op je account',
      paragraphs: [
        `Hallo ${v.name},`,
        `Op ${v.time} is er op je account ${v.username} ingelogd vanaf een browser, systeem of netwerk dat we nog niet kenden:`,
        `${v.browser} op ${v.os}, IP-adres ${v.ip}`,
        'Was jij dit, dan hoef je niets te doen. Zo niet, wijzig dan je wachtwoord en beëindig die sessie in je account.',
      ],
      action: { label: 'Je sessies bekijken', url: v.origin },
      footnotes: ['Deze meldingen worden altijd verstuurd: zo merk je dat iemand anders is binnengekomen.'],
    }),
    twofactor_disabled: (v) => ({
      subject: 'Tweefactorauthenticatie is uitgeschakeld',
      paragraphs: [`Hallo ${v.name},`, `Tweefactorauthenticatie van je account ${v.username} is op ${v.time} uitgeschakeld.`],
      action: { label: 'Je account openen', url: v.origin },
      footnotes: ['Was jij dit niet? Wijzig dan meteen je wachtwoord en controleer je sessies.'],
    }),
    twofactor_reset: (v) => ({
      subject: 'Een beheerder heeft je tweefactorauthenticatie gereset',
      paragraphs: [
        `Hallo ${v.name},`,
        `Een beheerder heeft op ${v.time} de tweefactorauthenticatie van je account ${v.username} gereset.`,
        'Tot je die opnieuw instelt, log je in met alleen je wachtwoord.',
      ],
      action: { label: 'Opnieuw instellen', url: v.origin },
    }),
    token_created: (v) => ({
      subject: 'Er is een nieuw API-token aangemaakt',
      paragraphs: [`Hallo ${v.name},`, `Op ${v.time} is er een API-token met de naam ‘${v.tokenName}’ aangemaakt voor je account ${v.username}.`],
      action: { label: 'Je account openen', url: v.origin },
      footnotes: ['Was jij dit niet? Trek het dan in en wijzig je wachtwoord.'],
    }),
    app_password_created: (v) => ({
      subject: 'Er is een nieuw app-wachtwoord aangemaakt',
      paragraphs: [`Hallo ${v.name},`, `Op ${v.time} is er een app-wachtwoord met de naam ‘${v.appPasswordName}’ voor ${v.appName} aangemaakt voor je account ${v.username}.`],
      action: { label: 'Je account openen', url: v.origin },
      footnotes: ['Was jij dit niet? Trek het dan in en wijzig je wachtwoord.'],
    }),
    account_deleted: (v) => ({
      subject: 'Je account is verwijderd',
      paragraphs: [
        `Hallo ${v.name},`,
        `Je account ${v.username} is op ${v.time} verwijderd, met de sessies, tokens, app-wachtwoorden, lidmaatschappen en afbeeldingen ervan.`,
      ],
      action: { label: 'Userhub openen', url: v.origin },
      footnotes: ['Had je dit niet verwacht? Neem dan contact op met je beheerder.'],
    }),
    invitation: (v) => ({
      subject: 'Kies het wachtwoord van je nieuwe account',
      paragraphs: [
        `Hallo ${v.name},`,
        v.invitedBy ? `${v.invitedBy} heeft een account voor je aangemaakt: je gebruikersnaam is ${v.username}.` : `Er is een account voor je aangemaakt: je gebruikersnaam is ${v.username}.`,
        `Kies je wachtwoord om het te gaan gebruiken. De link werkt één keer en ${v.days} dagen lang.`,
      ],
      action: { label: 'Kies je wachtwoord', url: v.link },
      footnotes: ['Had je dit niet verwacht? Negeer dan deze e-mail: zonder wachtwoord kan niemand op het account inloggen.'],
    }),
    passkey_added: (v) => ({
      subject: 'Er is een toegangssleutel aan je account toegevoegd',
      paragraphs: [`Hallo ${v.name},`, `Op ${v.time} is er een toegangssleutel met de naam ‘${v.passkeyName}’ aan je account ${v.username} toegevoegd. Daarmee kun je inloggen zonder je wachtwoord.`],
      action: { label: 'Je account openen', url: v.origin },
      footnotes: ['Was jij dit niet? Verwijder hem dan, wijzig je wachtwoord en controleer je sessies.'],
    }),
  },
  lockdown: {
    text: 'Was jij dit niet? Vergrendel je account: elke sessie wordt beëindigd, je API-tokens, app-wachtwoorden en app-toegang worden ingetrokken, en er is een nieuw wachtwoord nodig. De link werkt één keer, 7 dagen lang.',
    label: 'Dit was ik niet: mijn account vergrendelen',
  },
  from: (c) => `Vanaf: ${c.browser} op ${c.os}, IP-adres ${c.ip}`,
};
