import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MySurvey, MySurveyLink } from '../../../../common/api/my-surveys';
import { apiGet, apiSend } from '../../api/client';

export function useMySurveys() {
  return useQuery({
    queryKey: ['my-surveys'],
    queryFn: async () => (await apiGet<{ items: MySurvey[] }>('/api/my-surveys')).items,
  });
}

/** A fresh personal link; the e-mailed one stops working, as after a reminder. */
export function useIssueMySurveyLink() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (cycleId: string) => apiSend<MySurveyLink>('POST', `/api/my-surveys/${cycleId}/link`),
    // Closed or answered meanwhile: the list is out of date.
    onError: () => client.invalidateQueries({ queryKey: ['my-surveys'] }),
  });
}
