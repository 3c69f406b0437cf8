import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

const INTL_LOCALES = { de: 'de-DE', en: 'en-GB' } as const;

/** Number, currency and date formatting in the active language. */
export function useFormat() {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage === 'en' ? 'en' : 'de';
  return useMemo(() => {
    const locale = INTL_LOCALES[language];
    const number = new Intl.NumberFormat(locale);
    const euros = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
    return {
      locale,
      number: (value: number) => number.format(value),
      euros: (value: number) => euros.format(value),
      dateTime: (iso: string) => {
        const parsed = new Date(iso);
        return Number.isNaN(parsed.getTime()) ? iso : dateTime.format(parsed);
      },
      /** A calendar date (YYYY-MM-DD) without shifting it through the time zone. */
      date: (isoDate: string) => {
        const parsed = new Date(`${isoDate}T12:00:00Z`);
        return Number.isNaN(parsed.getTime()) ? isoDate : date.format(parsed);
      },
    };
  }, [language]);
}
