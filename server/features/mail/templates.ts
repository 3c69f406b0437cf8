/** E-mail texts in both languages. The recipient's language decides. */
import type { Locale } from '../../../common/roles.js';

interface Mail {
  subject: string;
  text: string;
}

export function invitationMail(locale: Locale, v: { name: string; organisation: string; link: string }): Mail {
  if (locale === 'de') {
    return {
      subject: `Einladung zu Tandem – ${v.organisation}`,
      text: `Hallo ${v.name},\n\nSie wurden zu Tandem (${v.organisation}) eingeladen. Legen Sie hier Ihr Passwort fest:\n${v.link}\n\nDer Link ist 7 Tage gültig.\n`,
    };
  }
  return {
    subject: `Invitation to Tandem – ${v.organisation}`,
    text: `Hello ${v.name},\n\nYou have been invited to Tandem (${v.organisation}). Set your password here:\n${v.link}\n\nThe link is valid for 7 days.\n`,
  };
}

export function passwordResetMail(locale: Locale, v: { name: string; link: string }): Mail {
  if (locale === 'de') {
    return {
      subject: 'Tandem: Passwort zurücksetzen',
      text: `Hallo ${v.name},\n\nüber diesen Link setzen Sie Ihr Passwort zurück:\n${v.link}\n\nDer Link ist eine Stunde gültig und funktioniert nur einmal. Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail.\n`,
    };
  }
  return {
    subject: 'Tandem: reset your password',
    text: `Hello ${v.name},\n\nUse this link to reset your password:\n${v.link}\n\nThe link is valid for one hour and works once. If you did not ask for this, ignore this e-mail.\n`,
  };
}
