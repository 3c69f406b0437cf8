import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RequestTypeSetting } from '../../../../common/api/request-types';
import { apiCreate, apiGet, apiRequest, etagOf } from '../../api/client';

/**
 * Mirrors REQUEST_TYPE_NAME_MAX in common/api/request-types.ts (importing it would pull zod into the
 * browser bundle); the server checks again.
 */
export const REQUEST_TYPE_NAME_MAX = 80;

/** The same key the request queue's type filter reads, so both see a change at once. */
const ALL_TYPES_KEY = ['request-types', { includeInactive: true }] as const;

export interface RequestTypeNames {
  nameDe: string;
  nameEn: string;
}

export type RequestTypeChange = Partial<RequestTypeNames> & { active?: boolean };

/** Every type, the deactivated ones too, in the server's stable order. */
export function useAllRequestTypes() {
  return useQuery({
    queryKey: ALL_TYPES_KEY,
    queryFn: () => apiGet<RequestTypeSetting[]>('/api/request-types?includeInactive=true'),
  });
}

/** A fresh copy of one type, for an editor that met a newer version (412). */
export async function refetchRequestType(
  client: ReturnType<typeof useQueryClient>,
  typeId: string,
): Promise<RequestTypeSetting | undefined> {
  const all = await client.fetchQuery({
    queryKey: ALL_TYPES_KEY,
    queryFn: () => apiGet<RequestTypeSetting[]>('/api/request-types?includeInactive=true'),
    staleTime: 0,
  });
  return all.find((type) => type.id === typeId);
}

/**
 * Types show in the new-request form, the queue's filter, on every request and in the SLA settings:
 * after a change all of them read again.
 */
function refreshEverywhere(client: ReturnType<typeof useQueryClient>) {
  return Promise.all([
    client.invalidateQueries({ queryKey: ['request-types'] }),
    client.invalidateQueries({ queryKey: ['requests'] }),
    client.invalidateQueries({ queryKey: ['settings', 'sla-policies'] }),
  ]);
}

export function useCreateRequestType() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: RequestTypeNames) => apiCreate<RequestTypeSetting>('/api/request-types', input),
    onSuccess: () => refreshEverywhere(client),
  });
}

/** Renames, deactivates or reactivates; the version last read goes along as If-Match. */
export function useUpdateRequestType() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ type, change }: { type: RequestTypeSetting; change: RequestTypeChange }) =>
      (
        await apiRequest<RequestTypeSetting>(`/api/request-types/${type.id}`, {
          method: 'PATCH',
          body: change,
          ifMatch: etagOf(type.version),
        })
      ).data,
    onSuccess: () => refreshEverywhere(client),
  });
}
