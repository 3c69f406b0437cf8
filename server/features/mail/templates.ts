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

export function surveyInvitationMail(
  locale: Locale,
  v: { name: string; organisation: string; title: string; closesOn: string; link: string; mirror: boolean },
): Mail {
  const closes = new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${v.closesOn}T00:00:00Z`),
  );
  if (locale === 'de') {
    return {
      subject: `${v.title}: Ihre Meinung zählt`,
      text: `Hallo ${v.name},\n\n${
        v.mirror
          ? 'wie sieht das Marketing seine Zusammenarbeit mit dem Vertrieb? Ihre Einschätzung zeigt, wo Selbst- und Fremdbild auseinanderliegen.'
          : `wie erleben Sie die Zusammenarbeit mit dem Marketing bei ${v.organisation}?`
      } Die Befragung dauert wenige Minuten und ist anonym: Ihre Antworten werden ohne Ihren Namen gespeichert, und Ergebnisse erscheinen nur für Gruppen mit genügend Antworten.\n\nZur Befragung (bis ${closes}):\n${v.link}\n\nDer Link ist persönlich; bitte leiten Sie ihn nicht weiter.\n`,
    };
  }
  return {
    subject: `${v.title}: your view counts`,
    text: `Hello ${v.name},\n\n${
      v.mirror
        ? 'how does marketing see its work with sales? Your view shows where our self-image and sales’ view differ.'
        : `how do you experience working with marketing at ${v.organisation}?`
    } The survey takes a few minutes and is anonymous: your answers are stored without your name, and results appear only for groups with enough answers.\n\nTo the survey (until ${closes}):\n${v.link}\n\nThe link is personal; please do not forward it.\n`,
  };
}
