import { Alert, Anchor, Button, FileInput, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTACHMENT_EXTENSIONS, ATTACHMENT_MAX_BYTES, type Attachment } from '../../../../common/api/assets';
import type { RequestDetail } from '../../../../common/api/contracts';
import { useUser } from '../../app/auth';
import { can } from '../../app/permissions';
import { ConfirmDialog } from '../../components/confirm';
import { ErrorAlert } from '../../components/error-alert';
import { errorText } from '../../components/errors';
import { notify } from '../../components/notify';
import { useFormat } from '../../i18n/format';
import { ChoosePlaceholder, fileSize } from '../assets/asset-badges';
import { useDeleteAttachment, useRequestAttachments, useUploadAttachment } from '../assets/assets.api';

const ACCEPT = ATTACHMENT_EXTENSIONS.map((extension) => `.${extension}`).join(',');

/** Files of a request: everyone who sees the request downloads them; who may comment uploads. */
export function RequestAttachments({ request }: { request: RequestDetail }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const user = useUser();
  const mayUpload = can(user.role, 'requests.file') || can(user.role, 'requests.work');
  const attachments = useRequestAttachments(request.id);
  const upload = useUploadAttachment(request.id);
  const remove = useDeleteAttachment(request.id);
  const [file, setFile] = useState<File | null>(null);
  // One key per chosen file: pressing "upload" again after a lost answer stores the file once.
  const [uploadKey, setUploadKey] = useState('');
  const [tooLarge, setTooLarge] = useState(false);
  const [deleting, setDeleting] = useState<Attachment | null>(null);

  function choose(next: File | null) {
    setFile(next);
    setUploadKey(crypto.randomUUID());
    upload.reset();
    // Checked here too, so a large file is refused before it is sent.
    setTooLarge(next !== null && next.size > ATTACHMENT_MAX_BYTES);
  }

  function send() {
    if (!file || tooLarge) return;
    upload.mutate(
      { file, idempotencyKey: uploadKey },
      {
        onSuccess: () => {
          notify('success', t('attachments.uploaded'));
          setFile(null);
        },
      },
    );
  }

  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        {t('attachments.title')}
      </Title>
      {attachments.isPending ? (
        <Skeleton height={40} aria-label={t('common.loading')} />
      ) : attachments.isError ? (
        <ErrorAlert error={attachments.error} onRetry={() => void attachments.refetch()} />
      ) : attachments.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('attachments.empty')}
        </Text>
      ) : (
        <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="attachment-list">
          {attachments.data.map((attachment) => (
            <Group key={attachment.id} component="li" justify="space-between" gap="xs" wrap="nowrap" data-testid="attachment">
              <div style={{ minWidth: 0 }}>
                <Anchor
                  href={`/api/attachments/${attachment.id}`}
                  download={attachment.fileName}
                  size="sm"
                  style={{ wordBreak: 'break-all' }}
                >
                  {attachment.fileName}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {fileSize(attachment.sizeBytes, i18n.language)}
                  {attachment.uploader ? ` · ${attachment.uploader.name}` : ''} · {format.dateTime(attachment.createdAt)}
                </Text>
              </div>
              {attachment.deletable && (
                <Button
                  variant="default"
                  c="red.9"
                  size="xs"
                  onClick={() => setDeleting(attachment)}
                  aria-label={t('attachments.deleteNamed', { name: attachment.fileName })}
                >
                  {t('attachments.delete')}
                </Button>
              )}
            </Group>
          ))}
        </Stack>
      )}
      {mayUpload && (
        <Stack gap="xs">
          <Group align="flex-end" gap="sm" wrap="wrap">
            <FileInput
              label={t('attachments.add')}
              description={t('attachments.limits')}
              placeholder={<ChoosePlaceholder />}
              accept={ACCEPT}
              value={file}
              onChange={choose}
              clearable
              error={tooLarge ? t('attachments.tooLarge') : undefined}
              style={{ flex: '1 1 240px' }}
              data-testid="attachment-input"
            />
            <Button onClick={send} disabled={!file || tooLarge} loading={upload.isPending} data-testid="attachment-upload">
              {t('attachments.upload')}
            </Button>
          </Group>
          {upload.error != null && (
            <Alert color="red" variant="light" role="alert">
              {errorText(t, upload.error, {
                payload_too_large: t('attachments.tooLarge'),
                unsupported_media_type: t('attachments.wrongType'),
              })}
            </Alert>
          )}
        </Stack>
      )}
      <ConfirmDialog
        opened={deleting !== null}
        title={t('attachments.deleteTitle')}
        message={t('attachments.deleteMessage', { name: deleting?.fileName ?? '' })}
        confirmLabel={t('attachments.delete')}
        danger
        loading={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              notify('success', t('attachments.deleted'));
              setDeleting(null);
            },
            onError: (error) => {
              notify('error', errorText(t, error, { conflict: t('attachments.published') }));
              setDeleting(null);
            },
          })
        }
      />
    </Stack>
  );
}
