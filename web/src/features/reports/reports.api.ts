import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ReportGrouping, RequestReport } from '../../../../common/api/reports';
import { apiGet, withQuery } from '../../api/client';

export interface ReportParams {
  from: string;
  to: string;
  groupBy: ReportGrouping;
}

export function useRequestReport(params: ReportParams, enabled: boolean) {
  return useQuery({
    queryKey: ['reports', 'requests', params],
    queryFn: () => apiGet<RequestReport>(withQuery('/api/reports/requests', { ...params })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Download links of the report as CSV: with commas, or with semicolons for German spreadsheets. */
export function reportCsvHref(params: ReportParams, separator: 'comma' | 'semicolon') {
  return withQuery('/api/reports/requests/export.csv', {
    ...params,
    separator: separator === 'semicolon' ? 'semicolon' : undefined,
  });
}
