import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Account, Page } from '../../../../common/api/contracts';
import type { AccountTier } from '../../../../common/roles';
import { apiCreate, apiGet, apiRequest, withQuery } from '../../api/client';

export interface AccountListParams {
  page: number;
  pageSize: number;
  q?: string;
  tier?: AccountTier | '';
  ownerId?: string;
}

export interface AccountInput {
  name: string;
  ownerId: string | null;
  tier: AccountTier;
  annualPotential: number;
}

export interface AccountWithEtag {
  account: Account;
  etag: string;
}

export function useAccounts(params: AccountListParams) {
  return useQuery({
    queryKey: ['accounts', params],
    queryFn: () => apiGet<Page<Account>>(withQuery('/api/accounts', { ...params })),
    placeholderData: keepPreviousData,
  });
}

export async function fetchAccount(id: string): Promise<AccountWithEtag> {
  const { data, etag } = await apiRequest<Account>(`/api/accounts/${id}`);
  return { account: data, etag: etag ?? `"${data.version}"` };
}

export function useCreateAccount() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: AccountInput) => apiCreate<Account>('/api/accounts', input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['accounts'] }),
  });
}

export function useUpdateAccount() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, etag, input }: { id: string; etag: string; input: Partial<AccountInput> }) =>
      (await apiRequest<Account>(`/api/accounts/${id}`, { method: 'PATCH', body: input, ifMatch: etag })).data,
    onSuccess: () => client.invalidateQueries({ queryKey: ['accounts'] }),
  });
}
