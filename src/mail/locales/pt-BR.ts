import type { LanguageCatalog } from '../catalog.js';

/** The mails in Brazilian Portuguese ("você", as in the dashboard). */
export const ptBR: LanguageCatalog = {
  templates: {
    password_reset: (v) => ({
      subject: 'Redefina sua senha',
      paragraphs: [
        `Olá, ${v.name},`,
        `Alguém (esperamos que você) pediu para redefinir a senha da sua conta ${v.username}.`,
        `O link funciona uma única vez, durante ${v.minutes} minutos.`,
      ],
      action: { label: 'Escolher uma nova senha', url: v.link },
      footnotes: ['Se não foi você que pediu, ignore este e-mail: sua senha continua a mesma.'],
    }),
    email_confirm: (v) => ({
      subject: 'Confirme seu novo endereço de e-mail',
      paragraphs: [
        `Olá, ${v.name},`,
        `Confirme que ${v.newEmail} é o novo endereço de e-mail da sua conta ${v.username}.`,
        `O link é válido por ${v.hours} horas.`,
      ],
      action: { label: 'Confirmar o endereço', url: v.link },
      footnotes: ['Se não foi você que pediu, ignore este e-mail: nada muda.'],
    }),
    email_changed: (v) => ({
      subject: 'Seu endereço de e-mail foi alterado',
      paragraphs: [
        `Olá, ${v.name},`,
        `O endereço de e-mail da sua conta ${v.username} foi alterado para ${v.newEmail} em ${v.time}.`,
        `Se não foi você, desfaça a alteração em até ${v.days} dias: este endereço volta a valer e todas as sessões são encerradas.`,
      ],
      action: { label: 'Desfazer a alteração', url: v.link },
      footnotes: ['Depois de desfazer, altere sua senha.'],
    }),
    recovery_email_confirm: (v) => ({
      subject: 'Confirme seu e-mail de recuperação',
      paragraphs: [
        `Olá, ${v.name},`,
        `Confirme que ${v.newEmail} é o e-mail de recuperação da sua conta ${v.username}.`,
        `Depois da confirmação, os links para redefinir a senha vão para ele. O link é válido por ${v.hours} horas.`,
      ],
      action: { label: 'Confirmar o endereço', url: v.link },
      footnotes: ['Se não foi você que pediu, ignore este e-mail: nada muda.'],
    }),
    recovery_email_changed: (v) => ({
      subject: 'Seu e-mail de recuperação foi alterado',
      paragraphs: [
        `Olá, ${v.name},`,
        v.recoveryEmail
          ? `O e-mail de recuperação da sua conta ${v.username} passou a ser ${v.recoveryEmail} em ${v.time}. Os links para redefinir a senha agora vão para lá.`
          : `O e-mail de recuperação da sua conta ${v.username} foi removido em ${v.time}. Os links para redefinir a senha agora vêm para este endereço.`,
        `Se não foi você, desfaça a alteração em até ${v.days} dias: o endereço de recuperação anterior volta a valer e todas as sessões são encerradas.`,
      ],
      action: { label: 'Desfazer a alteração', url: v.link },
      footnotes: ['Depois de desfazer, altere sua senha.'],
    }),
    password_changed: (v) => ({
      subject: 'Sua senha foi alterada',
      paragraphs: [`Olá, ${v.name},`, `A senha da sua conta ${v.username} foi alterada em ${v.time}.`],
      action: { label: 'Abrir sua conta', url: v.origin },
      footnotes: ['Se não foi você, redefina sua senha imediatamente e confira suas sessões.'],
    }),
    new_sign_in: (v) => ({
      subject: 'Novo login na sua conta',
      paragraphs: [
        `Olá, ${v.name},`,
        `Houve um login na sua conta ${v.username} em ${v.time} a partir de um navegador, sistema ou rede que nunca tínhamos visto:`,
        `${v.browser} em ${v.os}, endereço IP ${v.ip}`,
        'Se foi você, não é preciso fazer nada. Se não foi, altere sua senha e encerre essa sessão na sua conta.',
      ],
      action: { label: 'Conferir suas sessões', url: v.origin },
      footnotes: ['Estes avisos são sempre enviados: é assim que você descobre que outra pessoa entrou.'],
    }),
    twofactor_disabled: (v) => ({
      subject: 'A autenticação de dois fatores foi desativada',
      paragraphs: [`Olá, ${v.name},`, `A autenticação de dois fatores da sua conta ${v.username} foi desativada em ${v.time}.`],
      action: { label: 'Abrir sua conta', url: v.origin },
      footnotes: ['Se não foi você, altere sua senha imediatamente e confira suas sessões.'],
    }),
    twofactor_reset: (v) => ({
      subject: 'Um administrador redefiniu a autenticação de dois fatores',
      paragraphs: [
        `Olá, ${v.name},`,
        `Um administrador redefiniu a autenticação de dois fatores da sua conta ${v.username} em ${v.time}.`,
        'Até você configurá-la de novo, sua senha basta para entrar.',
      ],
      action: { label: 'Configurar de novo', url: v.origin },
    }),
    token_created: (v) => ({
      subject: 'Um novo token de API foi criado',
      paragraphs: [`Olá, ${v.name},`, `Um token de API chamado “${v.tokenName}” foi criado na sua conta ${v.username} em ${v.time}.`],
      action: { label: 'Abrir sua conta', url: v.origin },
      footnotes: ['Se não foi você, revogue-o e altere sua senha.'],
    }),
    app_password_created: (v) => ({
      subject: 'Uma nova senha de app foi criada',
      paragraphs: [`Olá, ${v.name},`, `Uma senha de app chamada “${v.appPasswordName}” para ${v.appName} foi criada na sua conta ${v.username} em ${v.time}.`],
      action: { label: 'Abrir sua conta', url: v.origin },
      footnotes: ['Se não foi você, revogue-a e altere sua senha.'],
    }),
    account_deleted: (v) => ({
      subject: 'Sua conta foi excluída',
      paragraphs: [
        `Olá, ${v.name},`,
        `Sua conta ${v.username} foi excluída em ${v.time}, com as sessões, tokens, senhas de app, participações e imagens dela.`,
      ],
      action: { label: 'Abrir o Userhub', url: v.origin },
      footnotes: ['Se você não esperava por isso, fale com o seu administrador.'],
    }),
    invitation: (v) => ({
      subject: 'Escolha a senha da sua nova conta',
      paragraphs: [
        `Olá, ${v.name},`,
        v.invitedBy ? `${v.invitedBy} criou uma conta para você: seu nome de usuário é ${v.username}.` : `Uma conta foi criada para você: seu nome de usuário é ${v.username}.`,
        `Escolha sua senha para começar a usá-la. O link funciona uma única vez, durante ${v.days} dias.`,
      ],
      action: { label: 'Escolher sua senha', url: v.link },
      footnotes: ['Se você não esperava por isso, ignore este e-mail: sem uma senha, ninguém consegue entrar na conta.'],
    }),
    passkey_added: (v) => ({
      subject: 'Uma chave de acesso foi adicionada à sua conta',
      paragraphs: [`Olá, ${v.name},`, `Uma chave de acesso chamada “${v.passkeyName}” foi adicionada à sua conta ${v.username} em ${v.time}. Ela permite entrar sem a sua senha.`],
      action: { label: 'Abrir sua conta', url: v.origin },
      footnotes: ['Se não foi você, exclua-a, altere sua senha e confira suas sessões.'],
    }),
  },
  lockdown: {
    text: 'Não foi você? Bloqueie sua conta: isso encerra todas as sessões, revoga seus tokens de API, senhas de app e acessos de apps, e pede uma nova senha. O link funciona uma única vez, durante 7 dias.',
    label: 'Não fui eu: bloquear minha conta',
  },
  from: (c) => `Origem: ${c.browser} em ${c.os}, endereço IP ${c.ip}`,
};
