import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import type { BreakdownAttribute } from '../../../../common/api/surveys';
import { useFormat } from '../../i18n/format';

/** Figures of the results page: means with one decimal, indices as whole signed points, shares in percent. */
export function useResultsFormat() {
  const { locale } = useFormat();
  return useMemo(() => {
    const decimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    const signed = new Intl.NumberFormat(locale, { maximumFractionDigits: 0, signDisplay: 'exceptZero' });
    const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
    return {
      mean: (value: number) => decimal.format(value),
      index: (value: number) => whole.format(value),
      inps: (value: number) => signed.format(value),
      share: (value: number) => percent.format(value),
      count: (value: number) => whole.format(value),
    };
  }, [locale]);
}

// Atoms widened at opening carry '*'; people without a team 'none'; see server/features/surveys/atoms.ts.
const WIDENED = '*';

/** The readable name of a group value: team names come from the team list, the rest is translated. */
export function groupLabel(t: TFunction, attribute: BreakdownAttribute, value: string, teamNames: Map<string, string>) {
  if (value === WIDENED) return t('surveys.results.groups.widened');
  switch (attribute) {
    case 'team':
      if (value === 'none') return t('surveys.results.groups.noTeam');
      return teamNames.get(value) ?? t('surveys.results.groups.unknownTeam');
    case 'region':
      return value === '' ? t('surveys.results.groups.noRegion') : value;
    case 'tenureBand':
      return t(`surveys.results.groups.tenure.${value}`, { defaultValue: value });
    case 'role':
      return t(`roles.${value}`, { defaultValue: value });
  }
}
