import type { LanguageCatalog } from '../catalog.js';

/** A count in the accusative ("przez 30 minut", "masz 7 dni"): one, few (2–4, not 12–14), many. */
const count = (n: number, one: string, few: string, many: string) => {
  const form = n === 1 ? one : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? few : many;
  return `${n} ${form}`;
};
const minutes = (n: number) => count(n, 'minutę', 'minuty', 'minut');
const hours = (n: number) => count(n, 'godzinę', 'godziny', 'godzin');
const days = (n: number) => count(n, 'dzień', 'dni', 'dni');

/** The mails in Polish. */
export const pl: LanguageCatalog = {
  templates: {
    password_reset: (v) => ({
      subject: 'Resetowanie hasła',
      paragraphs: [
        `Dzień dobry ${v.name},`,
        `Ktoś (miejmy nadzieję, że Ty) poprosił o zresetowanie hasła do Twojego konta ${v.username}.`,
        `Link działa jednorazowo przez ${minutes(v.minutes)}.`,
      ],
      action: { label: 'Ustaw nowe hasło', url: v.link },
      footnotes: ['Jeśli to nie Ty, zignoruj tę wiadomość: Twoje hasło pozostanie bez zmian.'],
    }),
    email_confirm: (v) => ({
      subject: 'Potwierdź nowy adres e-mail',
      paragraphs: [
        `Dzień dobry ${v.name},`,
        `Potwierdź, że ${v.newEmail} to nowy adres e-mail Twojego konta ${v.username}.`,
        `Link jest ważny przez ${hours(v.hours)}.`,
      ],
      action: { label: 'Potwierdź adres', url: v.link },
      footnotes: ['Jeśli to nie Ty, zignoruj tę wiadomość: nic się nie zmieni.'],
    }),
    email_changed: (v) => ({
      subject: 'Adres e-mail Twojego konta został zmieniony',
      paragraphs: [
        `Dzień dobry ${v.name},`,
        `Adres e-mail Twojego konta ${v.username} został dnia ${v.time} zmieniony na ${v.newEmail}.`,
        `Jeśli to nie Ty, masz ${days(v.days)} na cofnięcie zmiany: ten adres zostanie przywrócony, a wszystkie sesje zostaną wylogowane.`,
      ],
      action: { label: 'Cofnij zmianę', url: v.link },
      footnotes: ['Po cofnięciu zmiany zmień hasło.'],
    }),
    recovery_email_confirm: (v) => ({
      subject: 'Potwierdź pomocniczy adres e-mail',
      paragraphs: [
        `Dzień dobry ${v.name},`,
        `Potwierdź, że ${v.newEmail} to pomocniczy adres e-mail Twojego konta ${v.username}.`,
        `Po potwierdzeniu będą na niego trafiać linki do resetowania hasła. Link jest ważny przez ${hours(v.hours)}.`,
      ],
      action: { label: 'Potwierdź adres', url: v.link },
      footnotes: ['Jeśli to nie Ty, zignoruj tę wiadomość: nic się nie zmieni.'],
    }),
    recovery_email_changed: (v) => ({
      subject: 'Pomocniczy adres e-mail został zmieniony',
      paragraphs: [
        `Dzień dobry ${v.name},`,
        v.recoveryEmail
          ? `Pomocniczy adres e-mail Twojego konta ${v.username} został dnia ${v.time} zmieniony na ${v.recoveryEmail}. Linki do resetowania hasła trafiają teraz na ten adres.`
          : `Pomocniczy adres e-mail Twojego konta ${v.username} został usunięty dnia ${v.time}. Linki do resetowania hasła trafiają teraz na ten adres.`,
        `Jeśli to nie Ty, masz ${days(v.days)} na cofnięcie zmiany: poprzedni adres pomocniczy zostanie przywrócony, a wszystkie sesje zostaną wylogowane.`,
      ],
      action: { label: 'Cofnij zmianę', url: v.link },
      footnotes: ['Po cofnięciu zmiany zmień hasło.'],
    }),
    password_changed: (v) => ({
      subject: 'Hasło zostało zmienione',
      paragraphs: [`Dzień dobry ${v.name},`, `Hasło do Twojego konta ${v.username} zostało zmienione dnia ${v.time}.`],
      action: { label: 'Otwórz swoje konto', url: v.origin },
      footnotes: ['Jeśli to nie Ty, natychmiast zresetuj hasło i sprawdź swoje sesje.'],
    }),
    new_sign_in: (v) => ({
      subject: 'Nowe logowanie na Twoje konto',
      paragraphs: [
        `Dzień dobry ${v.name},`,
        `Dnia ${v.time} zalogowano się na Twoje konto ${v.username} z przeglądarki, systemu lub sieci, których wcześniej nie widzieliśmy:`,
        `${v.browser} w systemie ${v.os}, adres IP ${v.ip}`,
        'Jeśli to Ty, nie musisz nic robić. Jeśli nie, zmień hasło i zakończ tę sesję na swoim koncie.',
      ],
      action: { label: 'Przejrzyj swoje sesje', url: v.origin },
      footnotes: ['Te powiadomienia są wysyłane zawsze: dzięki nim dowiesz się, że ktoś inny uzyskał dostęp.'],
    }),
    twofactor_disabled: (v) => ({
      subject: 'Uwierzytelnianie dwuskładnikowe zostało wyłączone',
      paragraphs: [`Dzień dobry ${v.name},`, `Uwierzytelnianie dwuskładnikowe na Twoim koncie ${v.username} zostało wyłączone dnia ${v.time}.`],
      action: { label: 'Otwórz swoje konto', url: v.origin },
      footnotes: ['Jeśli to nie Ty, natychmiast zmień hasło i sprawdź swoje sesje.'],
    }),
    twofactor_reset: (v) => ({
      subject: 'Administrator zresetował uwierzytelnianie dwuskładnikowe',
      paragraphs: [
        `Dzień dobry ${v.name},`,
        `Dnia ${v.time} administrator zresetował uwierzytelnianie dwuskładnikowe na Twoim koncie ${v.username}.`,
        'Dopóki nie skonfigurujesz go ponownie, do zalogowania wystarczy samo hasło.',
      ],
      action: { label: 'Skonfiguruj je ponownie', url: v.origin },
    }),
    token_created: (v) => ({
      subject: 'Utworzono nowy token API',
      paragraphs: [`Dzień dobry ${v.name},`, `Dnia ${v.time} dla Twojego konta ${v.username} utworzono token API o nazwie „${v.tokenName}”.`],
      action: { label: 'Otwórz swoje konto', url: v.origin },
      footnotes: ['Jeśli to nie Ty, unieważnij go i zmień hasło.'],
    }),
    app_password_created: (v) => ({
      subject: 'Utworzono nowe hasło do aplikacji',
      paragraphs: [`Dzień dobry ${v.name},`, `Dnia ${v.time} dla Twojego konta ${v.username} utworzono hasło do aplikacji ${v.appName} o nazwie „${v.appPasswordName}”.`],
      action: { label: 'Otwórz swoje konto', url: v.origin },
      footnotes: ['Jeśli to nie Ty, unieważnij je i zmień hasło.'],
    }),
    account_deleted: (v) => ({
      subject: 'Twoje konto zostało usunięte',
      paragraphs: [
        `Dzień dobry ${v.name},`,
        `Twoje konto ${v.username} zostało usunięte dnia ${v.time} wraz z sesjami, tokenami, hasłami do aplikacji, członkostwami i obrazami.`,
      ],
      action: { label: 'Otwórz Userhub', url: v.origin },
      footnotes: ['Jeśli to dla Ciebie zaskoczenie, skontaktuj się z administratorem.'],
    }),
    invitation: (v) => ({
      subject: 'Ustaw hasło do nowego konta',
      paragraphs: [
        `Dzień dobry ${v.name},`,
        v.invitedBy ? `${v.invitedBy} zaprasza Cię do Userhub: utworzono dla Ciebie konto, a Twoja nazwa użytkownika to ${v.username}.` : `Utworzono dla Ciebie konto: Twoja nazwa użytkownika to ${v.username}.`,
        `Aby zacząć z niego korzystać, ustaw hasło. Link działa jednorazowo przez ${days(v.days)}.`,
      ],
      action: { label: 'Ustaw hasło', url: v.link },
      footnotes: ['Jeśli się tego nie spodziewasz, zignoruj tę wiadomość: bez hasła nikt nie może zalogować się na to konto.'],
    }),
    passkey_added: (v) => ({
      subject: 'Do Twojego konta dodano klucz dostępu',
      paragraphs: [`Dzień dobry ${v.name},`, `Dnia ${v.time} do Twojego konta ${v.username} dodano klucz dostępu o nazwie „${v.passkeyName}”. Pozwala on zalogować się bez hasła.`],
      action: { label: 'Otwórz swoje konto', url: v.origin },
      footnotes: ['Jeśli to nie Ty, usuń go, zmień hasło i sprawdź swoje sesje.'],
    }),
  },
  lockdown: {
    text: 'To nie Ty? Zablokuj konto: spowoduje to zakończenie wszystkich sesji, unieważnienie tokenów API, haseł do aplikacji i dostępów aplikacji oraz konieczność ustawienia nowego hasła. Link działa jednorazowo przez 7 dni.',
    label: 'To nie ja: zablokuj moje konto',
  },
  from: (c) => `Skąd: ${c.browser} w systemie ${c.os}, adres IP ${c.ip}`,
};
