import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CommentVisibility,
  Page,
  Person,
  RequestComment,
  RequestDetail,
  RequestPriority,
  RequestStatus,
  RequestSummary,
  RequestType,
  RequestWatchers,
} from '../../../../common/api/contracts';
import { apiCreate, apiGet, apiRequest, etagOf, withQuery } from '../../api/client';

export interface RequestListParams {
  page: number;
  pageSize: number;
  statuses: RequestStatus[];
  typeId?: string;
  assigneeId?: string;
  teamId?: string;
  q?: string;
  mine?: boolean;
  sort: 'created' | 'due' | 'sla';
}

export interface RequestInput {
  typeId: string;
  title: string;
  description: string;
  accountId: string | null;
  dueOn: string | null;
  priority: RequestPriority;
}

export interface RequestWithEtag {
  request: RequestDetail;
  etag: string;
}

function listPath({ statuses, mine, ...rest }: RequestListParams): string {
  const path = withQuery('/api/requests', { ...rest, mine: mine ? 'true' : undefined });
  if (statuses.length === 0) return path;
  // Several statuses travel as a repeated parameter.
  const repeated = statuses.map((status) => `status=${encodeURIComponent(status)}`).join('&');
  return `${path}${path.includes('?') ? '&' : '?'}${repeated}`;
}

export function useRequests(params: RequestListParams) {
  return useQuery({
    queryKey: ['requests', 'list', params],
    queryFn: () => apiGet<Page<RequestSummary>>(listPath(params)),
    placeholderData: keepPreviousData,
  });
}

/**
 * The active types; with includeInactive also the deactivated ones, which only those who see every
 * request may ask for (their queue still holds requests of such types).
 */
export function useRequestTypes({ includeInactive = false }: { includeInactive?: boolean } = {}) {
  return useQuery({
    queryKey: ['request-types', { includeInactive }],
    queryFn: () => apiGet<RequestType[]>(withQuery('/api/request-types', { includeInactive: includeInactive || undefined })),
    staleTime: 5 * 60_000,
  });
}

export function useRequest(id: string) {
  return useQuery({
    queryKey: ['requests', 'detail', id],
    queryFn: async (): Promise<RequestWithEtag> => {
      const { data, etag } = await apiRequest<RequestDetail>(`/api/requests/${id}`);
      return { request: data, etag: etag ?? etagOf(data.version) };
    },
  });
}

/** Every change answers the whole request; it replaces the cached detail and the lists refresh. */
function useStoreRequest() {
  const client = useQueryClient();
  return (request: RequestDetail, etag: string | null) => {
    client.setQueryData<RequestWithEtag>(['requests', 'detail', request.id], { request, etag: etag ?? etagOf(request.version) });
    void client.invalidateQueries({ queryKey: ['requests', 'list'] });
  };
}

export function useCreateRequest() {
  const store = useStoreRequest();
  return useMutation({
    mutationFn: (input: RequestInput) => apiCreate<RequestDetail>('/api/requests', input),
    onSuccess: (request) => store(request, null),
  });
}

export function useTransition(id: string) {
  const store = useStoreRequest();
  return useMutation({
    mutationFn: ({ etag, to, reason }: { etag: string; to: RequestStatus; reason?: string }) =>
      apiRequest<RequestDetail>(`/api/requests/${id}/transitions`, {
        method: 'POST',
        body: reason ? { to, reason } : { to },
        ifMatch: etag,
      }),
    onSuccess: ({ data, etag }) => store(data, etag),
  });
}

export function useAssign(id: string) {
  const store = useStoreRequest();
  return useMutation({
    mutationFn: ({ etag, assigneeId }: { etag: string; assigneeId: string | null }) =>
      apiRequest<RequestDetail>(`/api/requests/${id}/assignment`, { method: 'PATCH', body: { assigneeId }, ifMatch: etag }),
    onSuccess: ({ data, etag }) => store(data, etag),
  });
}

export function useComment(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { body: string; visibility: CommentVisibility }) =>
      apiCreate<RequestComment>(`/api/requests/${id}/comments`, input),
    // A comment may also move the request (the requester answering resumes the work): reload it.
    onSuccess: () => client.invalidateQueries({ queryKey: ['requests'] }),
  });
}

export function useWatch(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (watch: boolean) =>
      apiRequest<RequestWatchers>(`/api/requests/${id}/watchers/me`, { method: watch ? 'POST' : 'DELETE' }),
    onSuccess: ({ data }) =>
      client.setQueryData<RequestWithEtag>(['requests', 'detail', id], (previous) =>
        previous ? { ...previous, request: { ...previous.request, watching: data.watching, watchers: data.watchers } } : previous,
      ),
  });
}

/** Who can be assigned: active and invited marketers and marketing leads (needs people.read). */
export function useMarketers(enabled: boolean) {
  return useQuery({
    queryKey: ['people', 'marketers'],
    queryFn: async () => {
      const [marketers, leads] = await Promise.all(
        (['marketer', 'marketing_lead'] as const).map((role) =>
          apiGet<Page<Person>>(withQuery('/api/people', { role, page: 1, pageSize: 200 })),
        ),
      );
      return [...(marketers?.items ?? []), ...(leads?.items ?? [])]
        .filter((person) => person.status !== 'deactivated')
        .sort((a, b) => a.name.localeCompare(b.name));
    },
    enabled,
    staleTime: 60_000,
  });
}
