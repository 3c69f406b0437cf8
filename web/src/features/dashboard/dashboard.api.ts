import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Page } from '../../../../common/api/contracts';
import type { Dashboard, DashboardQuery } from '../../../../common/api/dashboard';
import type { Cycle, CycleComments, CycleResults, ResultsQuery } from '../../../../common/api/surveys';
import { apiGet, withQuery } from '../../api/client';

export function useDashboard(query: DashboardQuery) {
  return useQuery({
    queryKey: ['dashboard', query],
    queryFn: () => apiGet<Dashboard>(withQuery('/api/dashboard', { ...query })),
    placeholderData: keepPreviousData,
  });
}

/** The cycles to pick from, newest first; an organisation runs far fewer than 100 in the trend's span. */
export function useDashboardCycles() {
  return useQuery({
    queryKey: ['survey-cycles', { page: 1, pageSize: 100 }],
    queryFn: () => apiGet<Page<Cycle>>(withQuery('/api/survey-cycles', { page: 1, pageSize: 100 })),
    staleTime: 60_000,
  });
}

/** The cycle's unfiltered breakdowns: the groups a filter can offer, withheld ones included. */
export function useFilterGroups(cycleId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['survey-results', cycleId, {}],
    queryFn: () => apiGet<CycleResults>(`/api/survey-cycles/${cycleId}/results`),
    enabled: enabled && cycleId !== undefined,
    staleTime: 60_000,
  });
}

export function useDashboardComments(cycleId: string | undefined, filter: ResultsQuery) {
  return useQuery({
    queryKey: ['survey-comments', cycleId, filter],
    queryFn: () => apiGet<CycleComments>(withQuery(`/api/survey-cycles/${cycleId}/comments`, { ...filter })),
    enabled: cycleId !== undefined,
  });
}

/** Download links of the aggregate results: with commas, or with semicolons for German spreadsheets. */
export function dashboardCsvHref(query: DashboardQuery, separator: 'comma' | 'semicolon') {
  return withQuery('/api/dashboard/export.csv', {
    ...query,
    separator: separator === 'semicolon' ? 'semicolon' : undefined,
  });
}
