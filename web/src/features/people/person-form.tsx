import { Alert, Button, Checkbox, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { Person } from '../../../../common/api/contracts';
import { type Locale, ROLES, type Role } from '../../../../common/roles';
import { errorText, isApiError } from '../../components/errors';
import { StaleAlert } from '../../components/stale-alert';
import { emailAddress, LIMITS, requiredText } from '../../components/validation';
import { currentLanguage } from '../../i18n';
import { useAllTeams } from '../teams/teams.api';
import type { PersonCreateInput } from './people.api';

interface PersonFormProps {
  person?: Person;
  submitting: boolean;
  error: unknown;
  onSubmit: (input: PersonCreateInput) => void;
  onCancel: () => void;
  onReload: () => void;
}

export function PersonForm({ person, submitting, error, onSubmit, onCancel, onReload }: PersonFormProps) {
  const { t } = useTranslation();
  const teams = useAllTeams();
  const editing = person !== undefined;
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      name: person?.name ?? '',
      email: person?.email ?? '',
      role: (person?.role ?? 'sales_rep') as Role,
      teamId: person?.teamId ?? null,
      startDate: person?.startDate ?? '',
      locale: (person?.locale ?? currentLanguage()) as Locale,
      sendInvitation: true,
    },
    validate: {
      name: requiredText(t, LIMITS.personName),
      email: editing ? undefined : emailAddress(t),
      startDate: (value) => (value && !/^\d{4}-\d{2}-\d{2}$/.test(value) ? t('validation.date') : null),
    },
  });

  const teamOptions = (teams.data?.items ?? []).map((team) => ({ value: team.id, label: team.name }));

  return (
    <form
      onSubmit={form.onSubmit((values) =>
        onSubmit({
          name: values.name.trim(),
          email: values.email.trim(),
          role: values.role,
          teamId: values.teamId,
          startDate: values.startDate || null,
          locale: values.locale,
          sendInvitation: values.sendInvitation,
        }),
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
          label={t('people.fields.name')}
          required
          data-autofocus
          {...form.getInputProps('name')}
          key={form.key('name')}
        />
        <TextInput
          label={t('people.fields.email')}
          type="email"
          required={!editing}
          readOnly={editing}
          variant={editing ? 'filled' : 'default'}
          description={editing ? t('people.fields.emailFixed') : undefined}
          {...form.getInputProps('email')}
          key={form.key('email')}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <Select
            label={t('people.fields.role')}
            required
            allowDeselect={false}
            data={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
            {...form.getInputProps('role')}
            key={form.key('role')}
          />
          <Select
            label={t('people.fields.team')}
            placeholder={t('people.noTeam')}
            clearable
            searchable
            nothingFoundMessage={t('common.nothingFound')}
            data={teamOptions}
            {...form.getInputProps('teamId')}
            key={form.key('teamId')}
          />
          <TextInput
            label={t('people.fields.startDate')}
            type="date"
            {...form.getInputProps('startDate')}
            key={form.key('startDate')}
          />
          <Select
            label={t('people.fields.locale')}
            allowDeselect={false}
            data={[
              { value: 'de', label: 'Deutsch' },
              { value: 'en', label: 'English' },
            ]}
            {...form.getInputProps('locale')}
            key={form.key('locale')}
          />
        </SimpleGrid>
        {!editing && (
          <Checkbox
            label={t('people.fields.sendInvitation')}
            {...form.getInputProps('sendInvitation', { type: 'checkbox' })}
            key={form.key('sendInvitation')}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={submitting}>
            {editing ? t('common.save') : t('people.createSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
