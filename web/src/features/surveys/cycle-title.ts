import { useTranslation } from 'react-i18next';
import { cycleTitleOf } from '../../../../common/api/cycle-title';
import type { Cycle } from '../../../../common/api/surveys';

/** Names cycles in the active language; a cycle without a title is named by form and month. */
export function useCycleTitle(): (cycle: Pick<Cycle, 'title' | 'form' | 'opensOn'>) => string {
  const { i18n } = useTranslation();
  return (cycle) => cycleTitleOf(cycle, i18n.language);
}
