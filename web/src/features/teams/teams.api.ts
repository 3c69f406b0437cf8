import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page, Team } from '../../../../common/api/contracts';
import type { TeamKind } from '../../../../common/roles';
import { apiCreate, apiGet, apiRequest, etagOf, withQuery } from '../../api/client';

export interface TeamListParams {
  page: number;
  pageSize: number;
  q?: string;
  kind?: TeamKind | '';
}

export interface TeamInput {
  name: string;
  kind: TeamKind;
  region: string;
}

export function useTeams(params: TeamListParams) {
  return useQuery({
    queryKey: ['teams', params],
    queryFn: () => apiGet<Page<Team>>(withQuery('/api/teams', { ...params })),
    placeholderData: keepPreviousData,
  });
}

/** Every team, for filters and pickers (organisations have far fewer than 200 teams). */
export function useAllTeams(enabled = true) {
  return useQuery({
    queryKey: ['teams', 'all'],
    queryFn: () => apiGet<Page<Team>>('/api/teams?pageSize=200'),
    enabled,
    staleTime: 60_000,
  });
}

export function useCreateTeam() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: TeamInput) => apiCreate<Team>('/api/teams', input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['teams'] }),
  });
}

export function useUpdateTeam() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ team, input }: { team: Team; input: Partial<TeamInput> }) =>
      (await apiRequest<Team>(`/api/teams/${team.id}`, { method: 'PATCH', body: input, ifMatch: etagOf(team.version) })).data,
    onSuccess: () => client.invalidateQueries({ queryKey: ['teams'] }),
  });
}
