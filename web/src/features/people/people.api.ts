import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page, Person } from '../../../../common/api/contracts';
import type { Locale, PersonStatus, Role } from '../../../../common/roles';
import { apiCreate, apiGet, apiRequest, apiSend, etagOf, withQuery } from '../../api/client';

export interface PeopleListParams {
  page: number;
  pageSize: number;
  q?: string;
  role?: Role | '';
  teamId?: string;
  status?: PersonStatus | '';
}

export interface PersonCreateInput {
  email: string;
  name: string;
  role: Role;
  teamId: string | null;
  startDate: string | null;
  locale: Locale;
  sendInvitation: boolean;
}

export type PersonUpdateInput = Partial<Omit<PersonCreateInput, 'email' | 'sendInvitation'>>;

export interface PersonWithEtag {
  person: Person;
  etag: string;
}

export function usePeople(params: PeopleListParams, enabled = true) {
  return useQuery({
    queryKey: ['people', params],
    queryFn: () => apiGet<Page<Person>>(withQuery('/api/people', { ...params })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export async function fetchPerson(id: string): Promise<PersonWithEtag> {
  const { data, etag } = await apiRequest<Person>(`/api/people/${id}`);
  return { person: data, etag: etag ?? etagOf(data.version) };
}

function useInvalidatePeople() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: ['people'] });
    void client.invalidateQueries({ queryKey: ['teams'] });
  };
}

export function useCreatePerson() {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: (input: PersonCreateInput) => apiCreate<Person>('/api/people', input),
    onSuccess: invalidate,
  });
}

export function useUpdatePerson() {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: async ({ id, etag, input }: { id: string; etag: string; input: PersonUpdateInput }) =>
      (await apiRequest<Person>(`/api/people/${id}`, { method: 'PATCH', body: input, ifMatch: etag })).data,
    onSuccess: invalidate,
  });
}

export type PersonAction = 'deactivate' | 'reactivate' | 'invite';

export function usePersonAction() {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: PersonAction }) => apiSend<unknown>('POST', `/api/people/${id}/${action}`),
    onSuccess: invalidate,
  });
}
