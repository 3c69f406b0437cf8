/**
 * The title of a survey cycle in a reader's language. A cycle opened without a title stores none, so
 * that each reader (the web in its language, an invitation in the recipient's) names it by its form
 * and opening month, e.g. "Puls November 2026" / "Pulse November 2026".
 */
export type TitleLocale = 'de' | 'en';

const FORM_NAMES: Record<'pulse' | 'trust_check', Record<TitleLocale, string>> = {
  pulse: { de: 'Puls', en: 'Pulse' },
  trust_check: { de: 'Vertrauenscheck', en: 'Trust check' },
};

export interface TitledCycle {
  /** Null (or empty, as stored) when none was given. */
  title: string | null;
  form: 'pulse' | 'trust_check';
  /** YYYY-MM-DD */
  opensOn: string;
}

/** Any language but German reads the English default: the app offers these two. */
export function cycleTitleOf(cycle: TitledCycle, locale: string): string {
  if (cycle.title) return cycle.title;
  const language: TitleLocale = locale.startsWith('de') ? 'de' : 'en';
  // Noon UTC of the first of the month, formatted in UTC: no time zone can move it to another month.
  const month = new Intl.DateTimeFormat(language, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${cycle.opensOn.slice(0, 7)}-01T12:00:00Z`),
  );
  return `${FORM_NAMES[cycle.form][language]} ${month}`;
}
