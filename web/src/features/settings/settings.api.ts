import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  BusinessCalendarBody,
  BusinessCalendarSettings,
  PublicHoliday,
  RequestPriority,
  SlaPolicy,
  SlaPolicyBody,
} from '../../../../common/api/contracts';
import { apiGet, apiRequest, etagOf, withQuery } from '../../api/client';

const POLICIES_KEY = ['settings', 'sla-policies'] as const;
const CALENDAR_KEY = ['settings', 'business-calendar'] as const;

/**
 * Mirrors SLA_MAX_MINUTES in common/api/contracts.ts (importing it would pull zod into the browser
 * bundle); the server checks again.
 */
export const SLA_MAX_MINUTES = 120_000;

export function useSlaPolicies() {
  return useQuery({ queryKey: POLICIES_KEY, queryFn: () => apiGet<SlaPolicy[]>('/api/sla-policies') });
}

function policyPath(policy: { typeId: string; priority: RequestPriority }) {
  return `/api/sla-policies/${policy.typeId}/${policy.priority}`;
}

/** Replaces one policy in the cached list, so the table shows the answer before the refetch lands. */
function storePolicy(client: ReturnType<typeof useQueryClient>, changed: SlaPolicy) {
  client.setQueryData<SlaPolicy[]>(POLICIES_KEY, (list) =>
    list?.map((p) => (p.typeId === changed.typeId && p.priority === changed.priority ? changed : p)),
  );
  return client.invalidateQueries({ queryKey: POLICIES_KEY });
}

/** Sets a policy's targets; the version read is the If-Match ("0" creates a policy over the default). */
export function useSetSlaPolicy() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ policy, input }: { policy: SlaPolicy; input: SlaPolicyBody }) =>
      (await apiRequest<SlaPolicy>(policyPath(policy), { method: 'PUT', body: input, ifMatch: etagOf(policy.version) })).data,
    onSuccess: (changed) => storePolicy(client, changed),
  });
}

export function useResetSlaPolicy() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (policy: SlaPolicy) =>
      (await apiRequest<SlaPolicy>(policyPath(policy), { method: 'DELETE', ifMatch: etagOf(policy.version) })).data,
    onSuccess: (changed) => storePolicy(client, changed),
  });
}

/** Fetches the policies again and answers the current state of one, for a form reopened after a 412. */
export async function refetchSlaPolicy(
  client: ReturnType<typeof useQueryClient>,
  policy: { typeId: string; priority: RequestPriority },
): Promise<SlaPolicy | undefined> {
  const list = await client.fetchQuery({
    queryKey: POLICIES_KEY,
    queryFn: () => apiGet<SlaPolicy[]>('/api/sla-policies'),
    staleTime: 0,
  });
  return list.find((p) => p.typeId === policy.typeId && p.priority === policy.priority);
}

export function useBusinessCalendar() {
  return useQuery({
    queryKey: CALENDAR_KEY,
    queryFn: () => apiGet<BusinessCalendarSettings>('/api/settings/business-calendar'),
  });
}

export function useSaveBusinessCalendar() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ version, input }: { version: number; input: BusinessCalendarBody }) =>
      (
        await apiRequest<BusinessCalendarSettings>('/api/settings/business-calendar', {
          method: 'PUT',
          body: input,
          ifMatch: etagOf(version),
        })
      ).data,
    onSuccess: (saved) => {
      client.setQueryData(CALENDAR_KEY, saved);
      // The holidays follow the federal state and the public-holiday switch just saved.
      return client.invalidateQueries({ queryKey: ['settings', 'holidays'] });
    },
  });
}

export function usePublicHolidays(year: number) {
  return useQuery({
    queryKey: ['settings', 'holidays', year],
    queryFn: () => apiGet<PublicHoliday[]>(withQuery('/api/settings/business-calendar/holidays', { year })),
  });
}
