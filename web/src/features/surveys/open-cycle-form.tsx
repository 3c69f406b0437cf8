import { Alert, Button, Group, Radio, Stack } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../components/errors';
import {
  type CycleFieldProblems,
  CycleFields,
  type CycleFieldValues,
  checkCycleFields,
  hasProblems,
  isoDateInDays,
  serverCycleProblems,
} from './cycle-fields';
import type { CycleInput } from './surveys.api';

interface OpenCycleFormProps {
  submitting: boolean;
  error: unknown;
  onSubmit: (input: CycleInput) => void;
  onCancel: () => void;
}

export function OpenCycleForm({ submitting, error, onSubmit, onCancel }: OpenCycleFormProps) {
  const { t } = useTranslation();
  const [form, setForm] = useState<CycleInput['form']>('pulse');
  const [values, setValues] = useState<CycleFieldValues>(() => ({
    title: '',
    opensOn: isoDateInDays(0),
    closesOn: isoDateInDays(14),
    audience: 'all',
    teamIds: [],
    withMirror: true,
  }));
  const [problems, setProblems] = useState<CycleFieldProblems>({});
  const atFields = serverCycleProblems(t, error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = checkCycleFields(t, values);
    setProblems(found);
    if (hasProblems(found)) return;
    const today = isoDateInDays(0);
    onSubmit({
      form,
      title: values.title.trim() || undefined,
      // The server takes its own "today" (UTC) when the day is left out; a local today is sent as such
      // only when it is later, so that a manager shortly after midnight is not refused as "in the past".
      ...(values.opensOn > today ? { opensOn: values.opensOn } : {}),
      closesOn: values.closesOn,
      audienceTeamIds: values.audience === 'chosen' ? values.teamIds : [],
      withMirror: form === 'trust_check' && values.withMirror,
    });
  }

  return (
    <form onSubmit={submit} noValidate data-testid="open-cycle-form">
      <Stack gap="md">
        <Radio.Group
          label={t('surveys.fields.form')}
          value={form}
          onChange={(value) => setForm(value === 'trust_check' ? 'trust_check' : 'pulse')}
        >
          <Stack gap="xs" mt={6}>
            <Radio
              value="pulse"
              label={t('surveys.forms.pulse')}
              description={t('surveys.form.pulseHint')}
              data-testid="form-pulse"
            />
            <Radio
              value="trust_check"
              label={t('surveys.forms.trust_check')}
              description={t('surveys.form.trustCheckHint')}
              data-testid="form-trust-check"
            />
          </Stack>
        </Radio.Group>
        <CycleFields
          form={form}
          values={values}
          onChange={setValues}
          problems={{ ...atFields, ...problems }}
          opensOnHint={t('surveys.scheduled.opensOnHint')}
        />
        {error && !hasProblems(atFields) ? (
          <Alert color="red" variant="light" role="alert" title={t('common.errorTitle')}>
            {errorText(t, error, { validation_failed: t('surveys.errors.validation') })}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={submitting} data-testid="open-cycle-submit">
            {values.opensOn > isoDateInDays(0) ? t('surveys.scheduled.submit') : t('surveys.open')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
