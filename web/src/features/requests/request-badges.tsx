import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RequestPriority, RequestSla, RequestStatus, RequestType } from '../../../../common/api/contracts';

type SlaTargetState = NonNullable<RequestSla['resolution']>['state'];

// The theme darkens the text of "light" badges to shade 9; orange, yellow, the greens and the reds stay
// below 4.5:1 even then on a small badge in a striped table row, so their text is near-black (textColor).
const STATUS_COLORS: Record<RequestStatus, string> = {
  new: 'blue',
  accepted: 'indigo',
  in_progress: 'violet',
  waiting_for_sales: 'orange',
  delivered: 'teal',
  closed: 'gray',
  declined: 'red',
};

const PRIORITY_COLORS: Record<RequestPriority, string> = { low: 'gray', normal: 'blue', high: 'orange', urgent: 'red' };

// The lists come from the typed records above rather than from common/api/contracts, which would
// pull zod into the browser bundle.
const NEAR_BLACK_TEXT = new Set(['orange', 'yellow', 'teal', 'green', 'lime', 'cyan', 'red', 'pink', 'grape']);

/** A text colour that keeps 4.5:1 on the badge's tint or on white. */
export function textColor(color: string): string {
  return NEAR_BLACK_TEXT.has(color) ? 'dark.7' : `${color}.9`;
}

export const STATUSES = Object.keys(STATUS_COLORS) as RequestStatus[];
export const PRIORITIES = Object.keys(PRIORITY_COLORS) as RequestPriority[];

export function RequestStatusBadge({ status, testId }: { status: RequestStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Badge
      variant="light"
      color={STATUS_COLORS[status]}
      c={textColor(STATUS_COLORS[status])}
      data-testid={testId}
      data-status={status}
      className="nowrap"
    >
      {t(`requestStatus.${status}`)}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: RequestPriority }) {
  const { t } = useTranslation();
  return (
    <Badge variant="outline" color={PRIORITY_COLORS[priority]} c={textColor(PRIORITY_COLORS[priority])} className="nowrap">
      {t(`requestPriority.${priority}`)}
    </Badge>
  );
}

/** The type's name in the active language. */
export function useTypeName() {
  const { i18n } = useTranslation();
  const english = i18n.resolvedLanguage === 'en';
  return (type: RequestType) => (english ? type.nameEn : type.nameDe);
}

const SLA_COLORS: Record<SlaTargetState, string> = {
  ok: 'gray',
  at_risk: 'yellow',
  breached: 'red',
  met: 'teal',
  missed: 'red',
};

/**
 * The resolution clock at a glance: paused while sales is asked, otherwise its state. "On track" is
 * left out of lists (quiet when all is well) and shown on the detail page.
 */
export function SlaBadge({ sla, showOnTrack = false }: { sla: RequestSla | undefined; showOnTrack?: boolean }) {
  const { t } = useTranslation();
  const resolution = sla?.resolution;
  if (!sla || !resolution) return null;
  if (sla.paused && resolution.state !== 'breached') {
    return (
      <Badge variant="light" color="gray" c="gray.9" className="nowrap" data-testid="sla-badge" data-sla="paused">
        {t('sla.paused')}
      </Badge>
    );
  }
  if (resolution.state === 'ok' && !showOnTrack) return null;
  const color = SLA_COLORS[resolution.state];
  return (
    <Badge
      variant="light"
      color={color}
      c={textColor(color)}
      className="nowrap"
      data-testid="sla-badge"
      data-sla={resolution.state}
    >
      {t(`sla.state.${resolution.state}`)}
    </Badge>
  );
}
