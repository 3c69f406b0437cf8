import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page, Team } from '../../../../common/api/contracts';
import type { Cycle } from '../../../../common/api/surveys';
import { apiCreate, apiGet, apiSend, withQuery } from '../../api/client';

export interface CycleInput {
  form: 'pulse' | 'trust_check';
  title?: string;
  audienceTeamIds: string[];
  withMirror: boolean;
  closesOn: string;
}

export function useCycles(params: { page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['survey-cycles', params],
    queryFn: () => apiGet<Page<Cycle>>(withQuery('/api/survey-cycles', { ...params })),
    placeholderData: keepPreviousData,
  });
}

/** The sales teams a cycle can be opened for (organisations have far fewer than 200 teams). */
export function useSalesTeams(enabled: boolean) {
  return useQuery({
    queryKey: ['teams', 'sales', 'all'],
    queryFn: () => apiGet<Page<Team>>('/api/teams?kind=sales&pageSize=200'),
    enabled,
    staleTime: 60_000,
  });
}

export function useOpenCycle() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CycleInput) => apiCreate<Cycle>('/api/survey-cycles', input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['survey-cycles'] }),
  });
}

export function useCloseCycle() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (cycle: Cycle) => apiSend<Cycle>('POST', `/api/survey-cycles/${cycle.id}/close`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['survey-cycles'] }),
  });
}
