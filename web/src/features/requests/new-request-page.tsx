import { Alert, Button, Group, Paper, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { RequestPriority } from '../../../../common/api/contracts';
import { errorText, isApiError } from '../../components/errors';
import { notify } from '../../components/notify';
import { PageHeader } from '../../components/page-header';
import { optionalText, requiredText } from '../../components/validation';
import { useAccounts } from '../accounts/accounts.api';
import { PRIORITIES, useTypeName } from './request-badges';
import { RequestSuggestions } from './request-suggestions';
import { useCreateRequest, useRequestTypes } from './requests.api';

/** Mirrors the server's limits (common/api/contracts.ts, requestCreateBody). */
const TITLE_MIN = 3;
const TITLE_MAX = 160;
const DESCRIPTION_MAX = 10_000;

/** Today in the visitor's calendar as YYYY-MM-DD. */
function today(): string {
  const now = new Date();
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export default function NewRequestPage() {
  const { t } = useTranslation();
  const typeName = useTypeName();
  const navigate = useNavigate();
  const types = useRequestTypes();
  const create = useCreateRequest();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 300);
  const accounts = useAccounts({ page: 1, pageSize: 25, q: debounced });
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      typeId: null as string | null,
      title: '',
      description: '',
      accountId: null as string | null,
      dueOn: '',
      priority: 'normal' as RequestPriority,
    },
    validate: {
      typeId: (value) => (value ? null : t('requests.form.typeRequired')),
      title: requiredText(t, TITLE_MAX, TITLE_MIN),
      description: optionalText(t, DESCRIPTION_MAX),
      dueOn: (value) => {
        if (!value) return null;
        if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return t('validation.date');
        return value < today() ? t('requests.form.dueInPast') : null;
      },
    },
  });

  const typeOptions = (types.data ?? []).filter((type) => type.active).map((type) => ({ value: type.id, label: typeName(type) }));
  const accountOptions = (accounts.data?.items ?? []).map((account) => ({ value: account.id, label: account.name }));

  return (
    <>
      <PageHeader title={t('requests.new')} description={t('requests.form.intro')} />
      <Paper withBorder p="md" radius="md" maw={760}>
        <form
          noValidate
          onSubmit={form.onSubmit((values) =>
            create.mutate(
              {
                typeId: values.typeId ?? '',
                title: values.title.trim(),
                description: values.description.trim(),
                accountId: values.accountId,
                dueOn: values.dueOn || null,
                priority: values.priority,
              },
              {
                onSuccess: (request) => {
                  notify('success', t('requests.form.created', { number: request.number }));
                  void navigate(`/requests/${request.id}`);
                },
                onError: (error) => {
                  // Deactivated since the form loaded: offer the current types and let the person choose again.
                  if (isApiError(error, 'request_type_inactive')) {
                    form.setFieldValue('typeId', null);
                    void types.refetch();
                  }
                },
              },
            ),
          )}
        >
          <Stack>
            {create.error != null && (
              <Alert color="red" variant="light" role="alert">
                {errorText(t, create.error)}
              </Alert>
            )}
            {types.isError && (
              <Alert color="red" variant="light" role="alert">
                {errorText(t, types.error)}
              </Alert>
            )}
            <Select
              label={t('requests.fields.type')}
              placeholder={t('requests.form.typePlaceholder')}
              required
              data={typeOptions}
              allowDeselect={false}
              data-testid="request-type"
              {...form.getInputProps('typeId')}
              key={form.key('typeId')}
            />
            <TextInput
              label={t('requests.fields.title')}
              description={t('requests.form.titleHint', { min: TITLE_MIN, max: TITLE_MAX })}
              required
              maxLength={TITLE_MAX}
              data-testid="request-title"
              {...form.getInputProps('title')}
              key={form.key('title')}
            />
            <Textarea
              label={`${t('requests.fields.description')} ${t('requests.form.optional')}`}
              description={t('requests.form.descriptionHint')}
              autosize
              minRows={4}
              maxRows={14}
              maxLength={DESCRIPTION_MAX}
              data-testid="request-description"
              {...form.getInputProps('description')}
              key={form.key('description')}
            />
            <RequestSuggestions text={`${form.values.title} ${form.values.description}`} />
            <Select
              label={`${t('requests.fields.account')} ${t('requests.form.optional')}`}
              placeholder={t('requests.form.accountPlaceholder')}
              searchable
              clearable
              searchValue={search}
              onSearchChange={setSearch}
              filter={({ options }) => options}
              nothingFoundMessage={accounts.isFetching ? t('common.loading') : t('common.nothingFound')}
              data={accountOptions}
              {...form.getInputProps('accountId')}
              key={form.key('accountId')}
            />
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              <TextInput
                type="date"
                label={`${t('requests.fields.dueOn')} ${t('requests.form.optional')}`}
                min={today()}
                data-testid="request-due"
                {...form.getInputProps('dueOn')}
                key={form.key('dueOn')}
              />
              <Select
                label={t('requests.fields.priority')}
                required
                allowDeselect={false}
                data={PRIORITIES.map((value) => ({ value, label: t(`requestPriority.${value}`) }))}
                {...form.getInputProps('priority')}
                key={form.key('priority')}
              />
            </SimpleGrid>
            <Group justify="flex-end">
              <Button component={Link} to="/requests" variant="default">
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={create.isPending} data-testid="request-submit">
                {t('requests.form.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </>
  );
}
