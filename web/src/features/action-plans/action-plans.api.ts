import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ActionPlan,
  ActionPlanCreateBody,
  ActionPlanOwnerOption,
  ActionPlanPage,
  ActionPlanStatus,
  ActionPlanUpdateBody,
} from '../../../../common/api/action-plans';
import type { DriverId } from '../../../../common/instrument/items';
import { apiCreate, apiGet, apiRequest, etagOf, withQuery } from '../../api/client';

export interface ActionPlanListParams {
  page: number;
  pageSize: number;
  cycleId?: string | undefined;
  driverId?: DriverId | undefined;
  /** A team id or 'organisation'. */
  scope?: string | undefined;
  status?: ActionPlanStatus | undefined;
}

export function useActionPlans(params: ActionPlanListParams) {
  return useQuery({
    queryKey: ['action-plans', 'list', params],
    queryFn: () => apiGet<ActionPlanPage>(withQuery('/api/action-plans', { ...params })),
    placeholderData: keepPreviousData,
  });
}

export function useOwnerOptions(enabled: boolean) {
  return useQuery({
    queryKey: ['action-plans', 'owner-options'],
    queryFn: () => apiGet<ActionPlanOwnerOption[]>('/api/action-plans/owner-options'),
    enabled,
    staleTime: 60_000,
  });
}

/** Every change answers the whole plan; the lists refresh around it. */
function useRefresh() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['action-plans', 'list'] });
}

/** Puts a changed plan into every cached list at once, so that a ticked step does not flicker back. */
function useStorePlan() {
  const client = useQueryClient();
  return (plan: ActionPlan) =>
    client.setQueriesData<ActionPlanPage>({ queryKey: ['action-plans', 'list'] }, (page) =>
      page ? { ...page, items: page.items.map((item) => (item.id === plan.id ? plan : item)) } : page,
    );
}

export function useCreateActionPlan() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: ActionPlanCreateBody) => apiCreate<ActionPlan>('/api/action-plans', input),
    onSuccess: refresh,
  });
}

export function useUpdateActionPlan() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async ({ plan, changes }: { plan: ActionPlan; changes: ActionPlanUpdateBody }) =>
      (
        await apiRequest<ActionPlan>(`/api/action-plans/${plan.id}`, {
          method: 'PATCH',
          body: changes,
          ifMatch: etagOf(plan.version),
        })
      ).data,
    onSettled: refresh,
  });
}

export function useSetStep() {
  const refresh = useRefresh();
  const store = useStorePlan();
  return useMutation({
    mutationFn: async ({ planId, stepId, done }: { planId: string; stepId: string; done: boolean }) =>
      (await apiRequest<ActionPlan>(`/api/action-plans/${planId}/steps/${stepId}`, { method: 'PUT', body: { done } })).data,
    onSuccess: store,
    onSettled: refresh,
  });
}

export function useDeleteActionPlan() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (planId: string) => {
      await apiRequest<void>(`/api/action-plans/${planId}`, { method: 'DELETE' });
    },
    onSettled: refresh,
  });
}
