import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestReportRow } from '../../../../common/api/reports';
import { useFormat } from '../../i18n/format';

/** Report figures in the active language: shares, business hours, ratings, months and group names. */
export function useReportFormat() {
  const { t, i18n } = useTranslation();
  const { locale } = useFormat();
  const language = i18n.resolvedLanguage === 'en' ? 'en' : 'de';
  return useMemo(() => {
    const count = new Intl.NumberFormat(locale);
    const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
    const hours = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    const rating = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 2 });
    const month = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
    const none = '–';
    const monthName = (key: string) => {
      const [year, number] = key.split('-').map(Number) as [number, number];
      return month.format(new Date(Date.UTC(year, number - 1, 15)));
    };
    return {
      count: (value: number) => count.format(value),
      share: (value: number | null) => (value === null ? none : percent.format(value)),
      hours: (value: number | null) => (value === null ? none : t('reports.hours', { value: hours.format(value) })),
      rating: (value: number | null, ratings: number) =>
        value === null ? none : t('reports.ratingValue', { value: rating.format(value), ratings: count.format(ratings) }),
      month: monthName,
      group: (row: RequestReportRow) => {
        if (/^\d{4}-\d{2}$/.test(row.group.key) && row.group.name === null) return monthName(row.group.key);
        if (row.group.name === null) return t('reports.noTeam');
        return row.group.name[language];
      },
    };
  }, [locale, language, t]);
}
export type ReportFormat = ReturnType<typeof useReportFormat>;
