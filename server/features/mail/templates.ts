/** E-mail texts in both languages. The recipient's language decides. */
import type { NotificationKind } from '../../../common/api/notifications.js';
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

const REQUEST_STATUS_NAMES: Record<Locale, Record<string, string>> = {
  de: {
    new: 'Neu',
    accepted: 'Angenommen',
    in_progress: 'In Arbeit',
    waiting_for_sales: 'Wartet auf Vertrieb',
    delivered: 'Geliefert',
    closed: 'Abgeschlossen',
    declined: 'Abgelehnt',
  },
  en: {
    new: 'New',
    accepted: 'Accepted',
    in_progress: 'In progress',
    waiting_for_sales: 'Waiting for sales',
    delivered: 'Delivered',
    closed: 'Closed',
    declined: 'Declined',
  },
};

/** A notification about a request, for people who chose (or kept the default of) e-mail for its kind. */
export function requestNotificationMail(
  locale: Locale,
  kind: NotificationKind,
  v: {
    name: string;
    number: number;
    title: string;
    link: string | null;
    actorName?: string | undefined;
    to?: string | undefined;
  },
): Mail {
  const ref = `#${v.number} „${v.title}“`;
  const refEn = `#${v.number} “${v.title}”`;
  const status = v.to ? (REQUEST_STATUS_NAMES[locale][v.to] ?? v.to) : '';
  const by = v.actorName ?? '';
  if (locale === 'de') {
    const lines: Record<typeof kind, [string, string]> = {
      request_created: [`Neue Anfrage ${ref}`, `${by} hat die Anfrage ${ref} gestellt.`],
      request_assigned: [`Anfrage ${ref} ist Ihnen zugewiesen`, `${by} hat Ihnen die Anfrage ${ref} zugewiesen.`],
      request_status_changed: [`Anfrage ${ref}: ${status}`, `${by} hat den Status der Anfrage ${ref} auf „${status}“ gesetzt.`],
      request_commented: [`Neuer Kommentar zu ${ref}`, `${by} hat die Anfrage ${ref} kommentiert.`],
      sla_at_risk: [`SLA gefährdet: ${ref}`, `Die Lösungsfrist der Anfrage ${ref} ist zu 80 % verbraucht.`],
      sla_breached: [`SLA überschritten: ${ref}`, `Die Lösungsfrist der Anfrage ${ref} ist überschritten.`],
    };
    const [subject, body] = lines[kind];
    return {
      subject: `Tandem: ${subject}`,
      text: `Hallo ${v.name},\n\n${body}\n${v.link ? `\n${v.link}\n` : ''}\nSie können diese E-Mails in Ihrem Profil unter „Benachrichtigungen“ abbestellen.\n`,
    };
  }
  const lines: Record<typeof kind, [string, string]> = {
    request_created: [`New request ${refEn}`, `${by} filed the request ${refEn}.`],
    request_assigned: [`Request ${refEn} is assigned to you`, `${by} assigned the request ${refEn} to you.`],
    request_status_changed: [`Request ${refEn}: ${status}`, `${by} set the status of the request ${refEn} to “${status}”.`],
    request_commented: [`New comment on ${refEn}`, `${by} commented on the request ${refEn}.`],
    sla_at_risk: [`SLA at risk: ${refEn}`, `80 % of the resolution time of the request ${refEn} is used up.`],
    sla_breached: [`SLA breached: ${refEn}`, `The resolution time of the request ${refEn} has run out.`],
  };
  const [subject, body] = lines[kind];
  return {
    subject: `Tandem: ${subject}`,
    text: `Hello ${v.name},\n\n${body}\n${v.link ? `\n${v.link}\n` : ''}\nYou can turn these e-mails off in your profile under “Notifications”.\n`,
  };
}

/** A reminder carries a new personal link: links are stored hashed, so the first one cannot be sent again. */
export function surveyReminderMail(
  locale: Locale,
  v: { name: string; organisation: string; title: string; closesOn: string; link: string; mirror: boolean },
): Mail {
  const closes = new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${v.closesOn}T00:00:00Z`),
  );
  if (locale === 'de') {
    return {
      subject: `Erinnerung – ${v.title}: Ihre Meinung zählt`,
      text: `Hallo ${v.name},\n\n${
        v.mirror ? 'Ihre Einschätzung als Marketing' : `Ihre Sicht auf die Zusammenarbeit mit dem Marketing bei ${v.organisation}`
      } fehlt uns noch. Die Befragung dauert wenige Minuten und ist anonym: Ihre Antworten werden ohne Ihren Namen gespeichert, und Ergebnisse erscheinen nur für Gruppen mit genügend Antworten.\n\nZur Befragung (bis ${closes}):\n${v.link}\n\nDies ist ein neuer persönlicher Link; der Link aus der früheren E-Mail funktioniert nicht mehr. Bitte leiten Sie ihn nicht weiter.\n`,
    };
  }
  return {
    subject: `Reminder – ${v.title}: your view counts`,
    text: `Hello ${v.name},\n\nwe are still missing ${
      v.mirror ? 'your view as marketing' : `your view on working with marketing at ${v.organisation}`
    }. The survey takes a few minutes and is anonymous: your answers are stored without your name, and results appear only for groups with enough answers.\n\nTo the survey (until ${closes}):\n${v.link}\n\nThis is a new personal link; the link in the earlier e-mail no longer works. Please do not forward it.\n`,
  };
}
