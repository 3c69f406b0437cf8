import { Alert, Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { Team } from '../../../../common/api/contracts';
import { TEAM_KINDS, type TeamKind } from '../../../../common/roles';
import { errorText, isApiError } from '../../components/errors';
import { StaleAlert } from '../../components/stale-alert';
import { LIMITS, optionalText, requiredText } from '../../components/validation';
import type { TeamInput } from './teams.api';

interface TeamFormProps {
  team?: Team;
  submitting: boolean;
  error: unknown;
  onSubmit: (input: TeamInput) => void;
  onCancel: () => void;
  onReload: () => void;
}

export function TeamForm({ team, submitting, error, onSubmit, onCancel, onReload }: TeamFormProps) {
  const { t } = useTranslation();
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: team?.name ?? '', kind: (team?.kind ?? 'sales') as TeamKind, region: team?.region ?? '' },
    validate: { name: requiredText(t, LIMITS.teamName), region: optionalText(t, LIMITS.region) },
  });

  return (
    <form
      onSubmit={form.onSubmit((values) =>
        onSubmit({ name: values.name.trim(), kind: values.kind, region: values.region.trim() }),
      )}
      noValidate
    >
      <Stack>
        {isApiError(error, 'precondition_failed') ? (
          <StaleAlert onReload={onReload} />
        ) : (
          error != null && (
            <Alert color="red" variant="light" role="alert">
              {errorText(t, error)}
            </Alert>
          )
        )}
        <TextInput
          label={t('teams.fields.name')}
          required
          data-autofocus
          {...form.getInputProps('name')}
          key={form.key('name')}
        />
        <Select
          label={t('teams.fields.kind')}
          required
          allowDeselect={false}
          data={TEAM_KINDS.map((kind) => ({ value: kind, label: t(`teamKinds.${kind}`) }))}
          {...form.getInputProps('kind')}
          key={form.key('kind')}
        />
        <TextInput
          label={t('teams.fields.region')}
          description={t('teams.fields.regionHint')}
          {...form.getInputProps('region')}
          key={form.key('region')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={submitting}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
