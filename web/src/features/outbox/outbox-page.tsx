import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutboxMessage, Page } from '../../../../common/api/contracts';
import { apiGet, withQuery } from '../../api/client';
import { EmptyState } from '../../components/empty-state';
import { ErrorAlert } from '../../components/error-alert';
import { useListParams } from '../../components/list-state';
import { PageHeader } from '../../components/page-header';
import { PaginationBar } from '../../components/pagination-bar';
import { TableSkeleton } from '../../components/table-skeleton';
import { useFormat } from '../../i18n/format';

const PAGE_SIZE = 20;
const STATUS_COLORS: Record<OutboxMessage['status'], string> = {
  queued: 'blue',
  sent: 'green',
  failed: 'red',
  stored: 'gray',
};
const URL_PATTERN = /(https?:\/\/[^\s<>"]+)/g;

/** The mail text with its links clickable; nothing else is interpreted. */
function MailText({ text }: { text: string }) {
  const parts = text.split(URL_PATTERN);
  return (
    <pre className="mail-text">
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text never reorder
          <Anchor key={index} href={part} inherit>
            {part}
          </Anchor>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text never reorder
          <Fragment key={index}>{part}</Fragment>
        ),
      )}
    </pre>
  );
}

export default function OutboxPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { page, update } = useListParams([] as const);
  const messages = useQuery({
    queryKey: ['outbox', page],
    queryFn: () => apiGet<Page<OutboxMessage>>(withQuery('/api/outbox', { page, pageSize: PAGE_SIZE })),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader title={t('outbox.title')} description={t('outbox.description')} />
      {messages.isPending ? (
        <TableSkeleton />
      ) : messages.isError ? (
        <ErrorAlert error={messages.error} onRetry={() => void messages.refetch()} />
      ) : messages.data.items.length === 0 ? (
        <EmptyState title={t('outbox.empty')} hint={t('outbox.emptyHint')} />
      ) : (
        <>
          <Stack gap="sm" component="ul" className="plain-list" aria-label={t('outbox.listLabel')}>
            {messages.data.items.map((message) => (
              <Paper key={message.id} component="li" withBorder radius="md" p="md" data-testid="outbox-item">
                <Stack gap="xs">
                  <Group gap="xs" wrap="wrap" justify="space-between">
                    <Title order={2} size="h5">
                      {message.subject}
                    </Title>
                    <Badge size="sm" variant="dot" color={STATUS_COLORS[message.status]}>
                      {t(`outbox.status.${message.status}`)}
                    </Badge>
                  </Group>
                  <Text size="xs" c="dimmed">
                    {t('outbox.toAt', { to: message.to, at: format.dateTime(message.at) })}
                  </Text>
                  <MailText text={message.text} />
                </Stack>
              </Paper>
            ))}
          </Stack>
          <PaginationBar
            page={page}
            pageSize={PAGE_SIZE}
            total={messages.data.total}
            onChange={(next) => update({ page: next })}
          />
        </>
      )}
    </>
  );
}
