import { Alert, Button, Checkbox, Group, Paper, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  RATING_COMMENT_MAX,
  RATING_EDIT_WINDOW_DAYS,
  type RequestDetail,
  type RequestRating,
  type RequestRatingBody,
} from '../../../../common/api/contracts';
import { apiCreate, apiRequest, etagOf } from '../../api/client';
import { useUser } from '../../app/auth';
import { errorText, isApiError } from '../../components/errors';
import { notify } from '../../components/notify';
import { StaleAlert } from '../../components/stale-alert';
import { useFormat } from '../../i18n/format';

const SCORES = [1, 2, 3, 4, 5] as const;
const EDIT_WINDOW_MS = RATING_EDIT_WINDOW_DAYS * 24 * 60 * 60 * 1000;

/** The first rating (POST, safe to retry) or a change of it (PUT with the rating's own ETag). */
function useSaveRating(requestId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, previous }: { body: RequestRatingBody; previous: RequestRating | null }) =>
      previous
        ? apiRequest<RequestRating>(`/api/requests/${requestId}/rating`, {
            method: 'PUT',
            body,
            ifMatch: etagOf(previous.version),
          }).then(({ data }) => data)
        : apiCreate<RequestRating>(`/api/requests/${requestId}/rating`, body),
    // The detail carries the rating and the timeline its event: reload both.
    onSuccess: () => client.invalidateQueries({ queryKey: ['requests', 'detail', requestId] }),
  });
}

function RatingForm({
  request,
  previous,
  onDone,
}: {
  request: RequestDetail;
  previous: RequestRating | null;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const save = useSaveRating(request.id);
  const client = useQueryClient();
  const [score, setScore] = useState<string | null>(previous ? String(previous.score) : null);
  const [comment, setComment] = useState(previous?.comment ?? '');
  const [extraMile, setExtraMile] = useState(previous?.extraMile ?? false);
  const [scoreError, setScoreError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!score) return setScoreError(t('rating.scoreRequired'));
    const trimmed = comment.trim();
    save.mutate(
      { body: { score: Number(score), comment: trimmed || null, extraMile }, previous },
      {
        onSuccess: () => {
          notify('success', previous ? t('rating.changed') : t('rating.saved'));
          onDone();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate data-testid="rating-form">
      <Stack gap="sm">
        {isApiError(save.error, 'precondition_failed') ? (
          <StaleAlert
            onReload={() => {
              save.reset();
              void client.invalidateQueries({ queryKey: ['requests', 'detail', request.id] });
              onDone();
            }}
          />
        ) : (
          save.error != null && (
            <Alert color="red" variant="light" role="alert">
              {errorText(t, save.error)}
            </Alert>
          )
        )}
        <Radio.Group
          label={t('rating.question')}
          description={t('rating.scaleHint')}
          value={score}
          onChange={(value) => {
            setScore(value);
            setScoreError(null);
          }}
          error={scoreError}
          required
        >
          <Stack gap={6} mt="xs">
            {SCORES.map((value) => (
              <Radio
                key={value}
                value={String(value)}
                label={t(`rating.scores.${value}`)}
                data-testid={`rating-score-${value}`}
              />
            ))}
          </Stack>
        </Radio.Group>
        <Textarea
          label={t('rating.comment')}
          description={t('rating.commentHint')}
          autosize
          minRows={2}
          maxLength={RATING_COMMENT_MAX}
          value={comment}
          onChange={(event) => setComment(event.currentTarget.value)}
          data-testid="rating-comment"
        />
        <Checkbox
          label={t('rating.extraMile')}
          checked={extraMile}
          onChange={(event) => setExtraMile(event.currentTarget.checked)}
          data-testid="rating-extra-mile"
        />
        <Group gap="xs">
          <Button type="submit" loading={save.isPending} data-testid="rating-submit">
            {previous ? t('rating.saveChange') : t('rating.submit')}
          </Button>
          {previous && (
            <Button variant="default" onClick={onDone} disabled={save.isPending}>
              {t('common.cancel')}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}

function RatingView({ rating }: { rating: RequestRating }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Stack gap={4} data-testid="rating-view">
      <Text size="sm">
        <strong>{t('rating.scoreLabel')}:</strong> {t('rating.scoreOf', { score: rating.score })} (
        {t(`rating.scores.${rating.score}`)})
      </Text>
      {rating.extraMile && <Text size="sm">{t('rating.extraMileGiven')}</Text>}
      {rating.comment && (
        <Text size="sm" className="mail-text">
          {rating.comment}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {t('rating.ratedAt', { date: format.dateTime(rating.createdAt) })}
      </Text>
    </Stack>
  );
}

/**
 * The requester's rating of a delivered request: a form for the requester until they rate, then the
 * rating for everyone, changeable by the requester within 14 days of delivery.
 */
export function RequestRatingPanel({ request }: { request: RequestDetail }) {
  const { t } = useTranslation();
  const user = useUser();
  const [editing, setEditing] = useState(false);
  const rating = request.rating ?? null;
  const isRequester = request.requester.id === user.id;
  const ratable = request.status === 'delivered' || request.status === 'closed';
  const editable =
    isRequester && ratable && request.deliveredAt !== null && Date.now() - Date.parse(request.deliveredAt) <= EDIT_WINDOW_MS;

  if (!rating && !(isRequester && ratable)) return null;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="rating-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="rating-title">
          {t('rating.title')}
        </Title>
        {!rating || editing ? (
          <RatingForm request={request} previous={rating} onDone={() => setEditing(false)} />
        ) : (
          <>
            <RatingView rating={rating} />
            {editable && (
              <Button
                variant="default"
                size="xs"
                style={{ alignSelf: 'flex-start' }}
                onClick={() => setEditing(true)}
                data-testid="rating-edit"
              >
                {t('rating.edit')}
              </Button>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
