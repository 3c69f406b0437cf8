import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AssetDetail,
  AssetLanguage,
  AssetReuse,
  AssetSummary,
  AssetTagCount,
  Attachment,
  Suggestions,
} from '../../../../common/api/assets';
import type { Page } from '../../../../common/api/contracts';
import { ApiError, apiCreate, apiGet, apiRequest, withQuery } from '../../api/client';

export interface AssetListParams {
  page: number;
  pageSize: number;
  q?: string;
  tag?: string;
  language?: AssetLanguage;
}

export interface PublishInput {
  requestId?: string;
  kind: 'link' | 'file';
  url?: string;
  attachmentId?: string;
  title: string;
  description: string;
  tags: string[];
  language: AssetLanguage;
}

export function useAssets(params: AssetListParams) {
  return useQuery({
    queryKey: ['assets', 'list', params],
    queryFn: () => apiGet<Page<AssetSummary>>(withQuery('/api/assets', { ...params })),
    placeholderData: keepPreviousData,
  });
}

export function useAssetTags() {
  return useQuery({
    queryKey: ['assets', 'tags'],
    queryFn: () => apiGet<AssetTagCount[]>('/api/asset-tags'),
    staleTime: 60_000,
  });
}

export function useAsset(id: string) {
  return useQuery({ queryKey: ['assets', 'detail', id], queryFn: () => apiGet<AssetDetail>(`/api/assets/${id}`) });
}

/** The server looks at the first words only; the start of a long description keeps the address short. */
const SUGGESTION_TEXT_MAX = 600;

/** Suggestions for the text of a request being typed; nothing is asked for until there is some text. */
export function useSuggestions(text: string) {
  const sent = text.trim().slice(0, SUGGESTION_TEXT_MAX);
  return useQuery({
    queryKey: ['assets', 'suggestions', sent],
    queryFn: () => apiGet<Suggestions>(withQuery('/api/suggestions', { text: sent })),
    enabled: sent.length >= 3,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function usePublishAsset() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: PublishInput) => apiCreate<AssetDetail>('/api/assets', input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['assets'] }),
  });
}

/** Counting is idempotent on the server: one person counts once per asset, however often this runs. */
export function useReuse() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ assetId, via }: { assetId: string; via: 'used' | 'opened' | 'suggestion' }) =>
      apiRequest<AssetReuse>(`/api/assets/${assetId}/reuses`, { method: 'POST', body: { via } }),
    onSuccess: ({ data }, { assetId }) => {
      client.setQueryData<AssetDetail>(['assets', 'detail', assetId], (previous) =>
        previous ? { ...previous, ...data } : previous,
      );
      void client.invalidateQueries({ queryKey: ['assets', 'list'] });
    },
  });
}

/** A file to upload with the Idempotency-Key of its choice: sending it again stores it once. */
export interface FileUpload {
  file: File;
  idempotencyKey: string;
}

/** Like apiCreate: a dropped connection is retried once with the same key, so the file is stored once. */
export async function uploadFile(path: string, { file, idempotencyKey }: FileUpload): Promise<Attachment> {
  const formData = new FormData();
  formData.append('file', file);
  const options = { method: 'POST' as const, formData, idempotencyKey };
  try {
    return (await apiRequest<Attachment>(path, options)).data;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'network_error') return (await apiRequest<Attachment>(path, options)).data;
    throw error;
  }
}

export function useRequestAttachments(requestId: string) {
  return useQuery({
    queryKey: ['attachments', requestId],
    queryFn: () => apiGet<Attachment[]>(`/api/requests/${requestId}/attachments`),
  });
}

export function useUploadAttachment(requestId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (upload: FileUpload) => uploadFile(`/api/requests/${requestId}/attachments`, upload),
    onSuccess: () => client.invalidateQueries({ queryKey: ['attachments', requestId] }),
  });
}

export function useDeleteAttachment(requestId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (attachmentId: string) => apiRequest<void>(`/api/attachments/${attachmentId}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['attachments', requestId] }),
  });
}
