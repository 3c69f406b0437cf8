import { Alert, Badge, Button, Group, Paper, Stack, Switch, Text, Textarea, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestDetail } from '../../../../common/api/contracts';
import { useUser } from '../../app/auth';
import { can } from '../../app/permissions';
import { errorText } from '../../components/errors';
import { useFormat } from '../../i18n/format';
import { textColor } from './request-badges';
import { useComment } from './requests.api';

const BODY_MAX = 10_000;

/** The conversation; marketing also sees and writes internal notes, marked as such. */
export function RequestComments({ request }: { request: RequestDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useUser();
  const works = can(user.role, 'requests.work');
  const mayComment = works || can(user.role, 'requests.file');
  const comment = useComment(request.id);
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [bodyError, setBodyError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = body.trim();
    if (!trimmed) return setBodyError(t('validation.required'));
    if (trimmed.length > BODY_MAX) return setBodyError(t('validation.tooLong', { max: BODY_MAX }));
    comment.mutate(
      { body: trimmed, visibility: works && internal ? 'internal' : 'public' },
      {
        onSuccess: () => {
          setBody('');
          setInternal(false);
        },
      },
    );
  }

  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        {t('requests.comments.title')}
      </Title>
      {request.comments.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('requests.comments.empty')}
        </Text>
      ) : (
        <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {request.comments.map((item) => {
            const isInternal = item.visibility === 'internal';
            return (
              <Paper
                key={item.id}
                component="li"
                withBorder
                p="sm"
                radius="md"
                bg={isInternal ? 'yellow.0' : undefined}
                style={isInternal ? { borderColor: 'var(--mantine-color-yellow-6)', borderLeftWidth: 4 } : undefined}
                data-testid="comment"
                data-visibility={item.visibility}
              >
                <Group justify="space-between" gap="xs" mb={4} wrap="wrap">
                  <Group gap="xs">
                    <Text size="sm" fw={600}>
                      {item.author.name}
                    </Text>
                    {isInternal && (
                      <Badge size="sm" variant="light" color="yellow" c={textColor('yellow')}>
                        {t('requests.comments.internalBadge')}
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {format.dateTime(item.createdAt)}
                  </Text>
                </Group>
                <Text size="sm" className="mail-text">
                  {item.body}
                </Text>
              </Paper>
            );
          })}
        </Stack>
      )}
      {mayComment && (
        <form onSubmit={submit} noValidate>
          <Stack gap="xs">
            {comment.error != null && (
              <Alert color="red" variant="light" role="alert">
                {errorText(t, comment.error)}
              </Alert>
            )}
            <Textarea
              label={t('requests.comments.label')}
              description={
                request.status === 'waiting_for_sales' && request.requester.id === user.id
                  ? t('requests.comments.answerHint')
                  : undefined
              }
              autosize
              minRows={3}
              maxLength={BODY_MAX}
              value={body}
              error={bodyError}
              onChange={(event) => {
                setBody(event.currentTarget.value);
                setBodyError(null);
              }}
              data-testid="comment-body"
            />
            <Group justify="space-between" gap="sm" wrap="wrap">
              {works ? (
                <Switch
                  label={t('requests.comments.internalSwitch')}
                  checked={internal}
                  onChange={(event) => setInternal(event.currentTarget.checked)}
                  data-testid="comment-internal"
                />
              ) : (
                <span />
              )}
              <Button type="submit" loading={comment.isPending} data-testid="comment-submit">
                {works && internal ? t('requests.comments.submitInternal') : t('requests.comments.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
