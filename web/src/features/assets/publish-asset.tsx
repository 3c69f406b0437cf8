import {
  Alert,
  Anchor,
  Button,
  FileInput,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ASSET_LANGUAGES, type AssetDetail, type AssetLanguage } from '../../../../common/api/assets';
import type { RequestDetail } from '../../../../common/api/contracts';
import { errorText } from '../../components/errors';
import { notify } from '../../components/notify';
import { ChoosePlaceholder } from './asset-badges';
import { usePublishAsset, useRequestAttachments, useUploadAttachment } from './assets.api';

/** Mirrors the server's limits (common/api/assets.ts, assetPublishBody). */
const TITLE_MIN = 3;
const TITLE_MAX = 200;
const DESCRIPTION_MAX = 5000;
const TAGS_MAX = 12;
const TAG_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}\-_.]*$/u;

interface Errors {
  title?: string;
  url?: string;
  file?: string;
  tags?: string;
}

/** Marketing publishes what it delivered to the library, from the delivered request. */
export function PublishAsset({ request }: { request: RequestDetail }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const [published, setPublished] = useState<AssetDetail | null>(null);
  const [kind, setKind] = useState<'link' | 'file'>('link');
  const [url, setUrl] = useState('');
  const [attachmentId, setAttachmentId] = useState<string | null>(null);
  const [title, setTitle] = useState(request.title);
  const [description, setDescription] = useState('');
  const [tags, setTags] = useState<string[]>([]);
  const [language, setLanguage] = useState<AssetLanguage>(i18n.language.startsWith('en') ? 'en' : 'de');
  const [errors, setErrors] = useState<Errors>({});
  const attachments = useRequestAttachments(request.id);
  const upload = useUploadAttachment(request.id);
  const publish = usePublishAsset();

  function validate(): Errors {
    const found: Errors = {};
    const trimmed = title.trim();
    if (trimmed.length < TITLE_MIN) found.title = t('validation.tooShort', { min: TITLE_MIN });
    else if (trimmed.length > TITLE_MAX) found.title = t('validation.tooLong', { max: TITLE_MAX });
    if (kind === 'link' && !/^https?:\/\/\S+$/i.test(url.trim())) found.url = t('assets.publish.urlInvalid');
    if (kind === 'file' && !attachmentId) found.file = t('assets.publish.fileRequired');
    if (tags.length > TAGS_MAX || tags.some((tag) => !TAG_PATTERN.test(tag) || tag.length > 40)) {
      found.tags = t('assets.publish.tagsInvalid', { max: TAGS_MAX });
    }
    return found;
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length) return;
    publish.mutate(
      {
        requestId: request.id,
        kind,
        ...(kind === 'link' ? { url: url.trim() } : { attachmentId: attachmentId ?? '' }),
        title: title.trim(),
        description: description.trim(),
        tags: tags.map((tag) => tag.toLowerCase()),
        language,
      },
      {
        onSuccess: (asset) => {
          setPublished(asset);
          setOpen(false);
          notify('success', t('assets.publish.done'));
        },
      },
    );
  }

  function uploadFile(file: File | null) {
    if (!file) return;
    // Uploaded as soon as it is chosen: one key per choice.
    upload.mutate(
      { file, idempotencyKey: crypto.randomUUID() },
      {
        onSuccess: (attachment) => {
          setAttachmentId(attachment.id);
          setErrors((previous) => ({ ...previous, file: undefined }));
        },
      },
    );
  }

  return (
    <Stack gap="xs">
      {published ? (
        <Alert color="green" variant="light" data-testid="asset-published">
          <Text size="sm">
            {t('assets.publish.publishedAs')}{' '}
            <Anchor component={Link} to={`/library/${published.id}`}>
              {published.title}
            </Anchor>
          </Text>
        </Alert>
      ) : (
        <Text size="sm" c="dimmed">
          {t('assets.publish.hint')}
        </Text>
      )}
      <Button variant="light" onClick={() => setOpen(true)} data-testid="asset-publish-open">
        {t('assets.publish.open')}
      </Button>
      <Modal
        opened={open}
        onClose={() => setOpen(false)}
        title={t('assets.publish.title')}
        size="lg"
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <form noValidate onSubmit={submit}>
          <Stack>
            {publish.error != null && (
              <Alert color="red" variant="light" role="alert">
                {errorText(t, publish.error)}
              </Alert>
            )}
            <SegmentedControl
              aria-label={t('assets.fields.kind')}
              value={kind}
              onChange={(value) => setKind(value === 'file' ? 'file' : 'link')}
              data={[
                { value: 'link', label: t('assets.kinds.link') },
                { value: 'file', label: t('assets.kinds.file') },
              ]}
            />
            {kind === 'link' ? (
              <TextInput
                label={t('assets.fields.url')}
                placeholder="https://"
                required
                type="url"
                value={url}
                onChange={(event) => setUrl(event.currentTarget.value)}
                error={errors.url}
                data-testid="asset-url"
              />
            ) : (
              <>
                <Select
                  label={t('assets.fields.file')}
                  placeholder={t('assets.publish.pickFile')}
                  data={(attachments.data ?? []).map((a) => ({ value: a.id, label: a.fileName }))}
                  value={attachmentId}
                  onChange={setAttachmentId}
                  error={errors.file}
                  nothingFoundMessage={t('attachments.empty')}
                />
                <FileInput
                  label={t('assets.publish.uploadNew')}
                  description={t('attachments.limits')}
                  placeholder={<ChoosePlaceholder />}
                  onChange={uploadFile}
                  clearable
                  error={upload.error ? errorText(t, upload.error) : undefined}
                />
              </>
            )}
            <TextInput
              label={t('assets.fields.title')}
              required
              maxLength={TITLE_MAX}
              value={title}
              onChange={(event) => setTitle(event.currentTarget.value)}
              error={errors.title}
              data-testid="asset-title"
            />
            <Textarea
              label={t('assets.fields.description')}
              autosize
              minRows={3}
              maxRows={10}
              maxLength={DESCRIPTION_MAX}
              value={description}
              onChange={(event) => setDescription(event.currentTarget.value)}
              data-testid="asset-description"
            />
            <TagsInput
              label={t('assets.fields.tags')}
              description={t('assets.publish.tagsHint')}
              value={tags}
              onChange={setTags}
              maxTags={TAGS_MAX}
              splitChars={[',', ' ']}
              error={errors.tags}
              data-testid="asset-tags"
            />
            <Select
              label={t('assets.fields.language')}
              required
              allowDeselect={false}
              data={ASSET_LANGUAGES.map((value) => ({ value, label: t(`assets.languages.${value}`) }))}
              value={language}
              onChange={(value) => setLanguage(value === 'en' ? 'en' : 'de')}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={publish.isPending || upload.isPending} data-testid="asset-publish-submit">
                {t('assets.publish.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}
