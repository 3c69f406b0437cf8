import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert';
import { errorText } from '../../components/errors';
import { notify } from '../../components/notify';
import { useFormat } from '../../i18n/format';
import { useCycleTitle } from '../surveys/cycle-title';
import { useIssueMySurveyLink, useMySurveys } from '../surveys/my-surveys.api';

/** The surveys the person is invited to and has not answered; nothing at all when there are none. */
export function OpenSurveysCard() {
  const { t } = useTranslation();
  const format = useFormat();
  const titleOf = useCycleTitle();
  const surveys = useMySurveys();
  const issueLink = useIssueMySurveyLink();

  // While loading the home page shows its usual cards; an empty list is no news.
  if (surveys.isPending) return null;
  if (surveys.isError) {
    return <ErrorAlert error={surveys.error} title={t('mySurveys.loadError')} onRetry={() => surveys.refetch()} />;
  }
  if (surveys.data.length === 0) return null;

  const answer = (cycleId: string) =>
    issueLink.mutate(cycleId, {
      // The answering page is its own bundle, so the browser loads it afresh.
      onSuccess: ({ url }) => window.location.assign(url),
      onError: (error) => notify('error', errorText(t, error)),
    });

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="open-surveys-title" data-testid="open-surveys">
      <Title order={2} size="h3" id="open-surveys-title" mb="xs">
        {t('mySurveys.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('mySurveys.intro')}
      </Text>
      <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {surveys.data.map((survey) => {
          const titleId = `open-survey-${survey.cycleId}`;
          return (
            <Group key={survey.cycleId} component="li" justify="space-between" wrap="wrap" gap="sm">
              <div>
                <Text fw={600} id={titleId}>
                  {titleOf(survey)}
                </Text>
                <Text size="sm" c="dimmed">
                  {t('mySurveys.closesOn', { date: format.date(survey.closesOn) })}
                </Text>
              </div>
              <Button
                onClick={() => answer(survey.cycleId)}
                loading={issueLink.isPending && issueLink.variables === survey.cycleId}
                disabled={issueLink.isPending && issueLink.variables !== survey.cycleId}
                aria-describedby={titleId}
              >
                {t('mySurveys.answerNow')}
              </Button>
            </Group>
          );
        })}
      </Stack>
    </Card>
  );
}
