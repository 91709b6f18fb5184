import type { LanguageCatalog } from '../catalog.js';

/**
 * A count with its noun as Arabic grammar wants it after "لمدة" or "خلال": one and two have their
 * own words, 3–10 take the plural, 11–99 the singular (accusative), 100 and so on the singular.
 */
const count = (n: number, one: string, two: string, plural: string, accusative: string, singular: string) => {
  if (n === 1) return one;
  if (n === 2) return two;
  const rest = n % 100;
  if (rest >= 3 && rest <= 10) return `${n} ${plural}`;
  if (rest >= 11) return `${n} ${accusative}`;
  return `${n} ${singular}`;
};
const minutes = (n: number) => count(n, 'دقيقة واحدة', 'دقيقتين', 'دقائق', 'دقيقة', 'دقيقة');
const hours = (n: number) => count(n, 'ساعة واحدة', 'ساعتين', 'ساعات', 'ساعة', 'ساعة');
const days = (n: number) => count(n, 'يوم واحد', 'يومين', 'أيام', 'يومًا', 'يوم');

/** The mails in Arabic (Modern Standard Arabic). */
export const ar: LanguageCatalog = {
  templates: {
    password_reset: (v) => ({
      subject: 'إعادة تعيين كلمة المرور',
      paragraphs: [
        `مرحبًا ${v.name}،`,
        `طلب أحدهم (ونأمل أن تكون أنت) إعادة تعيين كلمة مرور حسابك ${v.username}.`,
        `يعمل الرابط مرة واحدة فقط، ولمدة ${minutes(v.minutes)}.`,
      ],
      action: { label: 'اختيار كلمة مرور جديدة', url: v.link },
      footnotes: ['إذا لم تطلب ذلك، فتجاهل هذه الرسالة: ستبقى كلمة مرورك كما هي.'],
    }),
    email_confirm: (v) => ({
      subject: 'تأكيد عنوان بريدك الإلكتروني الجديد',
      paragraphs: [
        `مرحبًا ${v.name}،`,
        `يُرجى تأكيد أن ${v.newEmail} هو عنوان البريد الإلكتروني الجديد لحسابك ${v.username}.`,
        `الرابط صالح لمدة ${hours(v.hours)}.`,
      ],
      action: { label: 'تأكيد العنوان', url: v.link },
      footnotes: ['إذا لم تطلب ذلك، فتجاهل هذه الرسالة: لن يتغير شيء.'],
    }),
    email_changed: (v) => ({
      subject: 'تم تغيير عنوان بريدك الإلكتروني',
      paragraphs: [
        `مرحبًا ${v.name}،`,
        `تم تغيير عنوان البريد الإلكتروني لحسابك ${v.username} إلى ${v.newEmail} في ${v.time}.`,
        `إذا لم تكن أنت من أجرى هذا التغيير، فتراجع عنه خلال ${days(v.days)}: سيُستعاد هذا العنوان ويُسجَّل الخروج من جميع الجلسات.`,
      ],
      action: { label: 'التراجع عن التغيير', url: v.link },
      footnotes: ['بعد التراجع عن التغيير، غيّر كلمة مرورك.'],
    }),
    recovery_email_confirm: (v) => ({
      subject: 'تأكيد عنوان البريد الإلكتروني للاسترداد',
      paragraphs: [
        `مرحبًا ${v.name}،`,
        `يُرجى تأكيد أن ${v.newEmail} هو عنوان البريد الإلكتروني للاسترداد الخاص بحسابك ${v.username}.`,
        `بعد تأكيده، ستُرسل إليه روابط إعادة تعيين كلمة المرور. الرابط صالح لمدة ${hours(v.hours)}.`,
      ],
      action: { label: 'تأكيد العنوان', url: v.link },
      footnotes: ['إذا لم تطلب ذلك، فتجاهل هذه الرسالة: لن يتغير شيء.'],
    }),
    recovery_email_changed: (v) => ({
      subject: 'تم تغيير عنوان البريد الإلكتروني للاسترداد',
      paragraphs: [
        `مرحبًا ${v.name}،`,
        v.recoveryEmail
          ? `تم تعيين عنوان البريد الإلكتروني للاسترداد لحسابك ${v.username} إلى ${v.recoveryEmail} في ${v.time}. وتُرسل روابط إعادة تعيين كلمة المرور إليه الآن.`
          : `تمت إزالة عنوان البريد الإلكتروني للاسترداد لحسابك ${v.username} في ${v.time}. وتُرسل روابط إعادة تعيين كلمة المرور الآن إلى هذا العنوان.`,
        `إذا لم تكن أنت من أجرى هذا التغيير، فتراجع عنه خلال ${days(v.days)}: سيُستعاد عنوان الاسترداد السابق ويُسجَّل الخروج من جميع الجلسات.`,
      ],
      action: { label: 'التراجع عن التغيير', url: v.link },
      footnotes: ['بعد التراجع عن التغيير، غيّر كلمة مرورك.'],
    }),
    password_changed: (v) => ({
      subject: 'تم تغيير كلمة مرورك',
      paragraphs: [`مرحبًا ${v.name}،`, `تم تغيير كلمة مرور حسابك ${v.username} في ${v.time}.`],
      action: { label: 'فتح حسابك', url: v.origin },
      footnotes: ['إذا لم تكن أنت من أجرى هذا التغيير، فأعد تعيين كلمة مرورك فورًا وتحقّق من جلساتك.'],
    }),
    new_sign_in: (v) => ({
      subject: 'تسجيل دخول جديد إلى حسابك',
      paragraphs: [
        `مرحبًا ${v.name}،`,
        `تم تسجيل الدخول إلى حسابك ${v.username} في ${v.time} من متصفح أو نظام أو شبكة لم نرها من قبل:`,
        `${v.browser} على ${v.os}، عنوان IP ${v.ip}`,
        'إذا كنت أنت، فلا حاجة إلى أي إجراء. وإن لم تكن أنت، فغيّر كلمة مرورك وأنهِ تلك الجلسة من حسابك.',
      ],
      action: { label: 'مراجعة جلساتك', url: v.origin },
      footnotes: ['تُرسل هذه الإشعارات دائمًا: فهي وسيلتك لمعرفة أن شخصًا آخر قد دخل إلى حسابك.'],
    }),
    twofactor_disabled: (v) => ({
      subject: 'تم إيقاف المصادقة الثنائية',
      paragraphs: [`مرحبًا ${v.name}،`, `تم إيقاف المصادقة الثنائية لحسابك ${v.username} في ${v.time}.`],
      action: { label: 'فتح حسابك', url: v.origin },
      footnotes: ['إذا لم تكن أنت من أجرى هذا التغيير، فغيّر كلمة مرورك فورًا وتحقّق من جلساتك.'],
    }),
    twofactor_reset: (v) => ({
      subject: 'أعاد المسؤول تعيين المصادقة الثنائية',
      paragraphs: [
        `مرحبًا ${v.name}،`,
        `أعاد المسؤول تعيين المصادقة الثنائية لحسابك ${v.username} في ${v.time}.`,
        'إلى أن تُعدّها من جديد، تكفي كلمة مرورك وحدها لتسجيل الدخول.',
      ],
      action: { label: 'إعدادها من جديد', url: v.origin },
    }),
    token_created: (v) => ({
      subject: 'تم إنشاء رمز API مميز جديد',
      paragraphs: [`مرحبًا ${v.name}،`, `تم إنشاء رمز API مميز باسم «${v.tokenName}» لحسابك ${v.username} في ${v.time}.`],
      action: { label: 'فتح حسابك', url: v.origin },
      footnotes: ['إذا لم تكن أنت من أنشأه، فأبطله وغيّر كلمة مرورك.'],
    }),
    app_password_created: (v) => ({
      subject: 'تم إنشاء كلمة مرور تطبيق جديدة',
      paragraphs: [`مرحبًا ${v.name}،`, `تم إنشاء كلمة مرور تطبيق باسم «${v.appPasswordName}» لتطبيق ${v.appName} لحسابك ${v.username} في ${v.time}.`],
      action: { label: 'فتح حسابك', url: v.origin },
      footnotes: ['إذا لم تكن أنت من أنشأها، فأبطلها وغيّر كلمة مرورك.'],
    }),
    account_deleted: (v) => ({
      subject: 'تم حذف حسابك',
      paragraphs: [
        `مرحبًا ${v.name}،`,
        `تم حذف حسابك ${v.username} في ${v.time}، مع جلساته ورموزه المميزة وكلمات مرور تطبيقاته وعضوياته وصوره.`,
      ],
      action: { label: 'فتح Userhub', url: v.origin },
      footnotes: ['إذا لم تكن تتوقع ذلك، فتواصل مع المسؤول.'],
    }),
    invitation: (v) => ({
      subject: 'اختر كلمة مرور حسابك الجديد',
      paragraphs: [
        `مرحبًا ${v.name}،`,
        v.invitedBy ? `أنشأ ${v.invitedBy} حسابًا لك: اسم المستخدم الخاص بك هو ${v.username}.` : `تم إنشاء حساب لك: اسم المستخدم الخاص بك هو ${v.username}.`,
        `اختر كلمة مرورك لتبدأ استخدامه. يعمل الرابط مرة واحدة فقط، ولمدة ${days(v.days)}.`,
      ],
      action: { label: 'اختيار كلمة المرور', url: v.link },
      footnotes: ['إذا لم تكن تتوقع ذلك، فتجاهل هذه الرسالة: لا يمكن لأحد تسجيل الدخول إلى الحساب دون كلمة مرور.'],
    }),
    passkey_added: (v) => ({
      subject: 'تمت إضافة مفتاح مرور إلى حسابك',
      paragraphs: [`مرحبًا ${v.name}،`, `تمت إضافة مفتاح مرور باسم «${v.passkeyName}» إلى حسابك ${v.username} في ${v.time}. ويمكن استخدامه لتسجيل دخولك دون كلمة المرور.`],
      action: { label: 'فتح حسابك', url: v.origin },
      footnotes: ['إذا لم تكن أنت من أضافه، فاحذفه وغيّر كلمة مرورك وتحقّق من جلساتك.'],
    }),
  },
  lockdown: {
    text: 'لم تكن أنت؟ اقفل حسابك: سيؤدي ذلك إلى إنهاء جميع الجلسات، وإبطال رموز API المميزة وكلمات مرور التطبيقات وأذونات وصول التطبيقات، وطلب كلمة مرور جديدة. يعمل الرابط مرة واحدة فقط، ولمدة 7 أيام.',
    label: 'لم أكن أنا: اقفل حسابي',
  },
  from: (c) => `المصدر: ${c.browser} على ${c.os}، عنوان IP ${c.ip}`,
};
