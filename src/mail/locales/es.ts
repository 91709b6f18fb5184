import type { LanguageCatalog } from '../catalog.js';

/** The mails in Spanish. */
export const es: LanguageCatalog = {
  templates: {
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
  },
  lockdown: {
    text: '¿No fue usted? Bloquee su cuenta: esto cierra todas las sesiones, revoca sus tokens de API, contraseñas de aplicación y accesos de aplicaciones, y pide una contraseña nueva. El enlace funciona una vez, durante 7 días.',
    label: 'No fui yo: bloquear mi cuenta',
  },
  from: (c) => `Desde: ${c.browser} en ${c.os}, dirección IP ${c.ip}`,
};
