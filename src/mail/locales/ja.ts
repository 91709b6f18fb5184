import type { LanguageCatalog } from '../catalog.js';

/** The mails in Japanese. */
export const ja: LanguageCatalog = {
  templates: {
    password_reset: (v) => ({
      subject: 'パスワードの再設定',
      paragraphs: [
        `${v.name} 様`,
        `アカウント ${v.username} のパスワード再設定のリクエストを受け付けました。`,
        `このリンクは 1 回だけ、${v.minutes} 分間有効です。`,
      ],
      action: { label: '新しいパスワードを設定', url: v.link },
      footnotes: ['お心当たりがない場合は、このメールを無視してください。パスワードは変更されません。'],
    }),
    email_confirm: (v) => ({
      subject: '新しいメールアドレスの確認',
      paragraphs: [
        `${v.name} 様`,
        `${v.newEmail} がアカウント ${v.username} の新しいメールアドレスであることを確認してください。`,
        `このリンクの有効期間は ${v.hours} 時間です。`,
      ],
      action: { label: 'アドレスを確認', url: v.link },
      footnotes: ['お心当たりがない場合は、このメールを無視してください。何も変更されません。'],
    }),
    email_changed: (v) => ({
      subject: 'メールアドレスが変更されました',
      paragraphs: [
        `${v.name} 様`,
        `${v.time} に、アカウント ${v.username} のメールアドレスが ${v.newEmail} に変更されました。`,
        `お心当たりがない場合は、${v.days} 日以内に変更を取り消してください。このアドレスに戻り、すべてのセッションがログアウトされます。`,
      ],
      action: { label: '変更を取り消す', url: v.link },
      footnotes: ['変更を取り消した後、パスワードを変更してください。'],
    }),
    recovery_email_confirm: (v) => ({
      subject: '再設定用メールアドレスの確認',
      paragraphs: [
        `${v.name} 様`,
        `${v.newEmail} がアカウント ${v.username} の再設定用メールアドレスであることを確認してください。`,
        `確認後は、パスワード再設定のリンクがこのアドレスに送信されます。このリンクの有効期間は ${v.hours} 時間です。`,
      ],
      action: { label: 'アドレスを確認', url: v.link },
      footnotes: ['お心当たりがない場合は、このメールを無視してください。何も変更されません。'],
    }),
    recovery_email_changed: (v) => ({
      subject: '再設定用メールアドレスが変更されました',
      paragraphs: [
        `${v.name} 様`,
        v.recoveryEmail
          ? `${v.time} に、アカウント ${v.username} の再設定用メールアドレスが ${v.recoveryEmail} に設定されました。今後、パスワード再設定のリンクはそのアドレスに送信されます。`
          : `${v.time} に、アカウント ${v.username} の再設定用メールアドレスが削除されました。今後、パスワード再設定のリンクはこのアドレスに送信されます。`,
        `お心当たりがない場合は、${v.days} 日以内に変更を取り消してください。以前の再設定用アドレスに戻り、すべてのセッションがログアウトされます。`,
      ],
      action: { label: '変更を取り消す', url: v.link },
      footnotes: ['変更を取り消した後、パスワードを変更してください。'],
    }),
    password_changed: (v) => ({
      subject: 'パスワードが変更されました',
      paragraphs: [`${v.name} 様`, `${v.time} に、アカウント ${v.username} のパスワードが変更されました。`],
      action: { label: 'アカウントを開く', url: v.origin },
      footnotes: ['お心当たりがない場合は、直ちにパスワードを再設定し、セッションを確認してください。'],
    }),
    new_sign_in: (v) => ({
      subject: 'アカウントへの新しいログイン',
      paragraphs: [
        `${v.name} 様`,
        `${v.time} に、これまでに確認されていないブラウザ、システム、またはネットワークから、アカウント ${v.username} へのログインがありました。`,
        `${v.browser}（${v.os}）、IP アドレス ${v.ip}`,
        'ご本人によるものであれば、対応は不要です。お心当たりがない場合は、パスワードを変更し、アカウントでそのセッションを終了してください。',
      ],
      action: { label: 'セッションを確認', url: v.origin },
      footnotes: ['この通知は常に送信されます。他の人がアクセスしたことに気付くための通知です。'],
    }),
    twofactor_disabled: (v) => ({
      subject: '2 要素認証が無効になりました',
      paragraphs: [`${v.name} 様`, `${v.time} に、アカウント ${v.username} の 2 要素認証が無効になりました。`],
      action: { label: 'アカウントを開く', url: v.origin },
      footnotes: ['お心当たりがない場合は、直ちにパスワードを変更し、セッションを確認してください。'],
    }),
    twofactor_reset: (v) => ({
      subject: '管理者が 2 要素認証をリセットしました',
      paragraphs: [
        `${v.name} 様`,
        `${v.time} に、管理者がアカウント ${v.username} の 2 要素認証をリセットしました。`,
        '再び設定するまでは、パスワードだけでログインできる状態です。',
      ],
      action: { label: 'もう一度設定する', url: v.origin },
    }),
    token_created: (v) => ({
      subject: '新しい API トークンが作成されました',
      paragraphs: [`${v.name} 様`, `${v.time} に、アカウント ${v.username} で API トークン「${v.tokenName}」が作成されました。`],
      action: { label: 'アカウントを開く', url: v.origin },
      footnotes: ['お心当たりがない場合は、このトークンを無効にし、パスワードを変更してください。'],
    }),
    app_password_created: (v) => ({
      subject: '新しいアプリ パスワードが作成されました',
      paragraphs: [`${v.name} 様`, `${v.time} に、アカウント ${v.username} で ${v.appName} 用のアプリ パスワード「${v.appPasswordName}」が作成されました。`],
      action: { label: 'アカウントを開く', url: v.origin },
      footnotes: ['お心当たりがない場合は、このアプリ パスワードを無効にし、パスワードを変更してください。'],
    }),
    account_deleted: (v) => ({
      subject: 'アカウントが削除されました',
      paragraphs: [
        `${v.name} 様`,
        `${v.time} に、アカウント ${v.username} が、そのセッション、トークン、アプリ パスワード、メンバーシップ、画像とともに削除されました。`,
      ],
      action: { label: 'Userhub を開く', url: v.origin },
      footnotes: ['お心当たりがない場合は、管理者にお問い合わせください。'],
    }),
    invitation: (v) => ({
      subject: '新しいアカウントのパスワードを設定してください',
      paragraphs: [
        `${v.name} 様`,
        v.invitedBy ? `${v.invitedBy} さんがあなたのアカウントを作成しました。ユーザー名は ${v.username} です。` : `あなたのアカウントが作成されました。ユーザー名は ${v.username} です。`,
        `パスワードを設定すると、利用を開始できます。このリンクは 1 回だけ、${v.days} 日間有効です。`,
      ],
      action: { label: 'パスワードを設定', url: v.link },
      footnotes: ['お心当たりがない場合は、このメールを無視してください。パスワードが設定されない限り、誰もこのアカウントにログインできません。'],
    }),
    passkey_added: (v) => ({
      subject: 'アカウントにパスキーが追加されました',
      paragraphs: [`${v.name} 様`, `${v.time} に、アカウント ${v.username} にパスキー「${v.passkeyName}」が追加されました。このパスキーを使うと、パスワードなしでログインできます。`],
      action: { label: 'アカウントを開く', url: v.origin },
      footnotes: ['お心当たりがない場合は、このパスキーを削除し、パスワードを変更して、セッションを確認してください。'],
    }),
  },
  lockdown: {
    text: 'お心当たりがない場合は、アカウントをロックしてください。すべてのセッションが終了し、API トークン、アプリ パスワード、アプリのアクセス権が無効になり、新しいパスワードの設定が必要になります。このリンクは 1 回だけ、7 日間有効です。',
    label: '自分ではない: アカウントをロック',
  },
  from: (c) => `アクセス元: ${c.browser}（${c.os}）、IP アドレス ${c.ip}`,
};
