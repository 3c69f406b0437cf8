import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CONSTRUCTS, type ConstructId } from '../../../../common/instrument/items';
import { useFormat } from '../../i18n/format';

/**
 * Figures of the dashboard in the active language: driver scores (1–5) with one decimal, the trust
 * index (0–100) and iNPS (−100…+100) in whole points, changes with a sign, shares in percent.
 */
export function useDashboardFormat() {
  const { i18n } = useTranslation();
  const { locale, date } = useFormat();
  const language: 'de' | 'en' = i18n.resolvedLanguage === 'en' ? 'en' : 'de';
  return useMemo(() => {
    const decimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const signedDecimal = new Intl.NumberFormat(locale, {
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
      signDisplay: 'exceptZero',
    });
    const twoDecimals = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    const signed = new Intl.NumberFormat(locale, { maximumFractionDigits: 0, signDisplay: 'exceptZero' });
    const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
    const month = new Intl.DateTimeFormat(locale, { month: 'short', year: '2-digit', timeZone: 'UTC' });
    return {
      language,
      date,
      score: (value: number) => decimal.format(value),
      scoreChange: (value: number) => signedDecimal.format(value),
      index: (value: number) => whole.format(value),
      inps: (value: number) => signed.format(value),
      pointsChange: (value: number) => signed.format(value),
      share: (value: number) => percent.format(value),
      coefficient: (value: number) => twoDecimals.format(value),
      count: (value: number) => whole.format(value),
      month: (isoDate: string) => month.format(new Date(`${isoDate}T12:00:00Z`)),
      construct: (id: string) => CONSTRUCTS[id as ConstructId]?.name[language] ?? id,
    };
  }, [locale, language, date]);
}
export type DashboardFormat = ReturnType<typeof useDashboardFormat>;
