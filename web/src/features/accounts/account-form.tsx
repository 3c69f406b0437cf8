import { Alert, Button, Group, NumberInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account } from '../../../../common/api/contracts';
import { ACCOUNT_TIERS, type AccountTier } from '../../../../common/roles';
import { errorText, isApiError } from '../../components/errors';
import { StaleAlert } from '../../components/stale-alert';
import { LIMITS, requiredText } from '../../components/validation';
import { useFormat } from '../../i18n/format';
import { usePeople } from '../people/people.api';
import type { AccountInput } from './accounts.api';

const MAX_POTENTIAL = 10_000_000_000;

interface AccountFormProps {
  account?: Account;
  submitting: boolean;
  error: unknown;
  onSubmit: (input: AccountInput) => void;
  onCancel: () => void;
  onReload: () => void;
}

export function AccountForm({ account, submitting, error, onSubmit, onCancel, onReload }: AccountFormProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 300);
  const people = usePeople({ page: 1, pageSize: 50, q: debounced });
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      name: account?.name ?? '',
      ownerId: account?.ownerId ?? null,
      tier: (account?.tier ?? 'B') as AccountTier,
      annualPotential: (account?.annualPotential ?? 0) as number | string,
    },
    validate: {
      name: requiredText(t, LIMITS.accountName),
      annualPotential: (value) => {
        const number = typeof value === 'number' ? value : Number(value);
        if (value === '' || !Number.isInteger(number) || number < 0 || number > MAX_POTENTIAL) {
          return t('validation.potential', { max: format.euros(MAX_POTENTIAL) });
        }
        return null;
      },
    },
  });

  const options = (people.data?.items ?? []).map((person) => ({ value: person.id, label: `${person.name} (${person.email})` }));
  if (account?.ownerId && account.ownerName && !options.some((option) => option.value === account.ownerId)) {
    options.unshift({ value: account.ownerId, label: account.ownerName });
  }
  const german = format.locale === 'de-DE';

  return (
    <form
      onSubmit={form.onSubmit((values) =>
        onSubmit({
          name: values.name.trim(),
          ownerId: values.ownerId,
          tier: values.tier,
          annualPotential: Number(values.annualPotential),
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
          label={t('accounts.fields.name')}
          required
          data-autofocus
          {...form.getInputProps('name')}
          key={form.key('name')}
        />
        <Select
          label={t('accounts.fields.owner')}
          placeholder={t('accounts.noOwner')}
          searchable
          clearable
          searchValue={search}
          onSearchChange={setSearch}
          filter={({ options: all }) => all}
          nothingFoundMessage={people.isFetching ? t('common.loading') : t('common.nothingFound')}
          data={options}
          {...form.getInputProps('ownerId')}
          key={form.key('ownerId')}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <Select
            label={t('accounts.fields.tier')}
            required
            allowDeselect={false}
            data={ACCOUNT_TIERS.map((tier) => ({ value: tier, label: t(`tiers.${tier}`) }))}
            {...form.getInputProps('tier')}
            key={form.key('tier')}
          />
          <NumberInput
            label={t('accounts.fields.annualPotential')}
            description={t('accounts.fields.annualPotentialHint')}
            required
            min={0}
            max={MAX_POTENTIAL}
            allowDecimal={false}
            allowNegative={false}
            thousandSeparator={german ? '.' : ','}
            decimalSeparator={german ? ',' : '.'}
            suffix=" €"
            hideControls
            {...form.getInputProps('annualPotential')}
            key={form.key('annualPotential')}
          />
        </SimpleGrid>
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
