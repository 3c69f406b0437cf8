import { Alert, Badge, Button, Group, Modal, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestTypeSetting } from '../../../../common/api/request-types';
import { ConfirmDialog } from '../../components/confirm';
import { EmptyState } from '../../components/empty-state';
import { ErrorAlert } from '../../components/error-alert';
import { errorText, isApiError } from '../../components/errors';
import { notify } from '../../components/notify';
import { StaleAlert } from '../../components/stale-alert';
import { TableSkeleton } from '../../components/table-skeleton';
import { requiredText } from '../../components/validation';
import { textColor } from '../requests/request-badges';
import {
  REQUEST_TYPE_NAME_MAX,
  type RequestTypeNames,
  refetchRequestType,
  useAllRequestTypes,
  useCreateRequestType,
  useUpdateRequestType,
} from './request-types.api';

/** The request types sales chooses from: add, rename, deactivate and reactivate them. */
export function RequestTypesSettings() {
  const { t, i18n } = useTranslation();
  const english = i18n.resolvedLanguage === 'en';
  const nameOf = (type: RequestTypeSetting) => (english ? type.nameEn : type.nameDe);
  const client = useQueryClient();
  const types = useAllRequestTypes();
  const create = useCreateRequestType();
  const rename = useUpdateRequestType();
  const toggle = useUpdateRequestType();

  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<RequestTypeSetting | null>(null);
  const [toggling, setToggling] = useState<RequestTypeSetting | null>(null);
  const [staleToggle, setStaleToggle] = useState(false);

  function closeCreate() {
    setCreating(false);
    create.reset();
  }
  function closeEdit() {
    setEditing(null);
    rename.reset();
  }
  async function reloadEdited(type: RequestTypeSetting) {
    const fresh = await refetchRequestType(client, type.id);
    rename.reset();
    setEditing(fresh ?? null);
  }

  function confirmToggle(type: RequestTypeSetting) {
    const active = !type.active;
    toggle.mutate(
      { type, change: { active } },
      {
        onSuccess: (changed) => {
          setToggling(null);
          notify(
            'success',
            t(active ? 'settings.requestTypes.reactivated' : 'settings.requestTypes.deactivated', { name: nameOf(changed) }),
          );
        },
        onError: (error) => {
          setToggling(null);
          if (isApiError(error, 'precondition_failed')) setStaleToggle(true);
          else notify('error', errorText(t, error));
        },
      },
    );
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={4} maw={640}>
          <Text size="sm">{t('settings.requestTypes.intro')}</Text>
          <Text size="sm" c="dimmed">
            {t('settings.requestTypes.deactivateNote')}
          </Text>
        </Stack>
        <Button onClick={() => setCreating(true)} data-testid="request-type-create">
          {t('settings.requestTypes.create')}
        </Button>
      </Group>
      {staleToggle && (
        <StaleAlert
          onReload={() => {
            setStaleToggle(false);
            void types.refetch();
          }}
        />
      )}
      {types.isPending ? (
        <TableSkeleton rows={8} />
      ) : types.isError ? (
        <ErrorAlert error={types.error} onRetry={() => void types.refetch()} />
      ) : types.data.length === 0 ? (
        <EmptyState title={t('settings.requestTypes.empty')} hint={t('settings.requestTypes.emptyHint')} />
      ) : (
        <Paper withBorder p="md" radius="md">
          <Table.ScrollContainer minWidth={560}>
            <Table striped highlightOnHover verticalSpacing="sm" data-testid="request-types-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('settings.requestTypes.fields.nameDe')}</Table.Th>
                  <Table.Th scope="col">{t('settings.requestTypes.fields.nameEn')}</Table.Th>
                  <Table.Th scope="col">{t('settings.requestTypes.fields.status')}</Table.Th>
                  <Table.Th scope="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {types.data.map((type) => (
                  <Table.Tr key={type.id} data-testid={`request-type-${type.key}`}>
                    <Table.Td fw={500} lang="de">
                      {type.nameDe}
                    </Table.Td>
                    <Table.Td lang="en">{type.nameEn}</Table.Td>
                    <Table.Td>
                      <Badge
                        variant="light"
                        color={type.active ? 'teal' : 'gray'}
                        c={textColor(type.active ? 'teal' : 'gray')}
                        className="nowrap"
                        data-testid="request-type-status"
                      >
                        {t(type.active ? 'settings.requestTypes.status.active' : 'settings.requestTypes.status.inactive')}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => setEditing(type)}
                          aria-label={t('settings.requestTypes.editNamed', { name: nameOf(type) })}
                        >
                          {t('common.edit')}
                        </Button>
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => {
                            setStaleToggle(false);
                            setToggling(type);
                          }}
                          aria-label={t(
                            type.active ? 'settings.requestTypes.deactivateNamed' : 'settings.requestTypes.reactivateNamed',
                            { name: nameOf(type) },
                          )}
                        >
                          {t(type.active ? 'settings.requestTypes.deactivate' : 'settings.requestTypes.reactivate')}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}

      <Modal
        opened={creating}
        onClose={closeCreate}
        title={t('settings.requestTypes.create')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <RequestTypeForm
          submitting={create.isPending}
          error={create.error}
          onCancel={closeCreate}
          onReload={closeCreate}
          onSubmit={(input) =>
            create.mutate(input, {
              onSuccess: (created) => {
                closeCreate();
                notify('success', t('settings.requestTypes.created', { name: nameOf(created) }));
              },
            })
          }
        />
      </Modal>
      <Modal
        opened={editing !== null}
        onClose={closeEdit}
        title={t('settings.requestTypes.edit')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {editing && (
          <RequestTypeForm
            key={`${editing.id}-${editing.version}`}
            type={editing}
            submitting={rename.isPending}
            error={rename.error}
            onCancel={closeEdit}
            onReload={() => void reloadEdited(editing)}
            onSubmit={(input) =>
              rename.mutate(
                { type: editing, change: input },
                {
                  onSuccess: (saved) => {
                    closeEdit();
                    notify('success', t('settings.requestTypes.saved', { name: nameOf(saved) }));
                  },
                },
              )
            }
          />
        )}
      </Modal>

      <ConfirmDialog
        opened={toggling !== null}
        title={t(toggling?.active === false ? 'settings.requestTypes.reactivateTitle' : 'settings.requestTypes.deactivateTitle')}
        message={
          toggling
            ? t(toggling.active ? 'settings.requestTypes.deactivateText' : 'settings.requestTypes.reactivateText', {
                name: nameOf(toggling),
              })
            : ''
        }
        confirmLabel={t(toggling?.active === false ? 'settings.requestTypes.reactivate' : 'settings.requestTypes.deactivate')}
        danger={toggling?.active !== false}
        loading={toggle.isPending}
        onConfirm={() => toggling && confirmToggle(toggling)}
        onClose={() => setToggling(null)}
      />
    </Stack>
  );
}

interface RequestTypeFormProps {
  type?: RequestTypeSetting;
  submitting: boolean;
  error: unknown;
  onSubmit: (input: RequestTypeNames) => void;
  onCancel: () => void;
  onReload: () => void;
}

/** The field a 409 name_taken points at, from the error's details. */
function takenField(error: unknown): keyof RequestTypeNames | null {
  if (!isApiError(error, 'name_taken')) return null;
  const field = (error.details as { field?: unknown } | undefined)?.field;
  return field === 'nameDe' || field === 'nameEn' ? field : null;
}

function RequestTypeForm({ type, submitting, error, onSubmit, onCancel, onReload }: RequestTypeFormProps) {
  const { t } = useTranslation();
  const form = useForm({
    mode: 'controlled',
    initialValues: { nameDe: type?.nameDe ?? '', nameEn: type?.nameEn ?? '' },
    validate: {
      nameDe: requiredText(t, REQUEST_TYPE_NAME_MAX),
      nameEn: requiredText(t, REQUEST_TYPE_NAME_MAX),
    },
  });
  const taken = takenField(error);
  const { setFieldError } = form;

  // A name another type holds is shown at its field, where the person fixes it.
  useEffect(() => {
    if (taken) setFieldError(taken, t('settings.requestTypes.nameTaken'));
  }, [taken, setFieldError, t]);

  return (
    <form
      onSubmit={form.onSubmit((values) => onSubmit({ nameDe: values.nameDe.trim(), nameEn: values.nameEn.trim() }))}
      noValidate
    >
      <Stack>
        {isApiError(error, 'precondition_failed') ? (
          <StaleAlert onReload={onReload} />
        ) : (
          error != null &&
          !taken && (
            <Alert color="red" variant="light" role="alert">
              {errorText(t, error)}
            </Alert>
          )
        )}
        <TextInput
          label={t('settings.requestTypes.fields.nameDe')}
          required
          data-autofocus
          maxLength={REQUEST_TYPE_NAME_MAX}
          lang="de"
          {...form.getInputProps('nameDe')}
          key={form.key('nameDe')}
          data-testid="request-type-name-de"
        />
        <TextInput
          label={t('settings.requestTypes.fields.nameEn')}
          description={type ? undefined : t('settings.requestTypes.keyHint')}
          required
          maxLength={REQUEST_TYPE_NAME_MAX}
          lang="en"
          {...form.getInputProps('nameEn')}
          key={form.key('nameEn')}
          data-testid="request-type-name-en"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={submitting} data-testid="request-type-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
