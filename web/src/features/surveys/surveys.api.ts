import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page, Team } from '../../../../common/api/contracts';
import type {
  Cycle,
  CycleComments,
  CycleResults,
  CycleUpdateBody,
  ResultsQuery,
  SurveySchedule,
  SurveyScheduleBody,
} from '../../../../common/api/surveys';
import { apiCreate, apiGet, apiRequest, apiSend, etagOf, withQuery } from '../../api/client';

export interface CycleInput {
  form: 'pulse' | 'trust_check';
  title?: string;
  audienceTeamIds: string[];
  withMirror: boolean;
  /** Omitted: opens today. */
  opensOn?: string;
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

export function useCycle(id: string) {
  return useQuery({
    queryKey: ['survey-cycles', 'detail', id],
    queryFn: () => apiGet<Cycle>(`/api/survey-cycles/${id}`),
  });
}

/** `enabled` is false once the cycle is known not to have opened: it has no results yet. */
export function useCycleResults(id: string, filter: ResultsQuery, enabled = true) {
  return useQuery({
    queryKey: ['survey-results', id, filter],
    queryFn: () => apiGet<CycleResults>(withQuery(`/api/survey-cycles/${id}/results`, { ...filter })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCycleComments(id: string, filter: ResultsQuery, enabled = true) {
  return useQuery({
    queryKey: ['survey-comments', id, filter],
    queryFn: () => apiGet<CycleComments>(withQuery(`/api/survey-cycles/${id}/comments`, { ...filter })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Changes a cycle that has not opened yet, against the version it was read at. */
export function useUpdateCycle() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ cycle, body }: { cycle: Cycle; body: CycleUpdateBody }) =>
      (
        await apiRequest<Cycle>(`/api/survey-cycles/${cycle.id}`, {
          method: 'PATCH',
          body,
          ifMatch: etagOf(cycle.version),
        })
      ).data,
    // Also on a refusal: the cycle may have opened or changed meanwhile, and the list should say so.
    onSettled: () => client.invalidateQueries({ queryKey: ['survey-cycles'] }),
  });
}

/** Cancels a cycle that has not opened yet. */
export function useCancelCycle() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (cycle: Cycle) => apiSend<unknown>('DELETE', `/api/survey-cycles/${cycle.id}`),
    onSettled: () => client.invalidateQueries({ queryKey: ['survey-cycles'] }),
  });
}

export function useSendReminders(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiSend<{ reminded: number | null }>('POST', `/api/survey-cycles/${id}/reminders`),
    // The cycle's reminder count changes, also when the server refuses because another tab sent one.
    onSettled: () => client.invalidateQueries({ queryKey: ['survey-cycles'] }),
  });
}

export function useSchedules(enabled: boolean) {
  return useQuery({
    queryKey: ['survey-schedules'],
    queryFn: () => apiGet<{ items: SurveySchedule[] }>('/api/survey-schedules'),
    enabled,
  });
}

/** Saves one form's schedule against the version it was read at, so that a parallel edit is not lost. */
export function useSaveSchedule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ schedule, body }: { schedule: SurveySchedule; body: SurveyScheduleBody }) =>
      (
        await apiRequest<SurveySchedule>(`/api/survey-schedules/${schedule.form}`, {
          method: 'PUT',
          body,
          ifMatch: etagOf(schedule.version),
        })
      ).data,
    onSettled: () => client.invalidateQueries({ queryKey: ['survey-schedules'] }),
  });
}
