import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Code,
  FileButton,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ImportResult } from '../../../common/api/contracts';
import { ApiError, apiRequest, withQuery } from '../api/client';
import { useFormat } from '../i18n/format';
import { errorText } from './errors';

type Problem = ImportResult['problems'][number];

interface CsvImportProps {
  /** e.g. /api/people/import */
  endpoint: string;
  /** Query keys to refresh after an import. */
  invalidates: string[][];
  columns: string[];
  example: string;
  exportHref: string;
  backTo: string;
  backLabel: string;
  /** Offers "send invitations" (people only). */
  withInvitations?: boolean;
  /** What the values of the columns may be. */
  columnHint?: ReactNode;
}

const MAX_BYTES = 20 * 1024 * 1024;

/** A refused apply (422 import_invalid) carries the import result, or at least its problems, in error.details. */
function problemsOf(error: unknown): Problem[] | null {
  if (!(error instanceof ApiError) || error.code !== 'import_invalid') return null;
  const details = error.details as Partial<ImportResult> | Problem[] | undefined;
  const list = Array.isArray(details) ? details : details?.problems;
  return Array.isArray(list) ? list : [];
}

function resultOf(error: unknown): ImportResult | null {
  if (!(error instanceof ApiError) || error.code !== 'import_invalid') return null;
  const details = error.details as Partial<ImportResult> | undefined;
  if (details && !Array.isArray(details) && typeof details.rows === 'number' && Array.isArray(details.problems)) {
    return { ...(details as ImportResult), applied: false };
  }
  return null;
}

/** Paste or upload CSV → check (dry run) → see every problem per row and field → import. */
export function CsvImport({
  endpoint,
  invalidates,
  columns,
  example,
  exportHref,
  backTo,
  backLabel,
  withInvitations,
  columnHint,
}: CsvImportProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const [text, setText] = useState('');
  const [invite, setInvite] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);
  const [checked, setChecked] = useState<{ text: string; invite: boolean; result: ImportResult } | null>(null);
  const [applied, setApplied] = useState<ImportResult | null>(null);

  const run = useMutation({
    mutationFn: async ({ dryRun }: { dryRun: boolean }) =>
      (
        await apiRequest<ImportResult>(withQuery(endpoint, { dryRun, invite: withInvitations ? invite : undefined }), {
          method: 'POST',
          rawBody: { text, contentType: 'text/csv' },
        })
      ).data,
  });

  function check() {
    setApplied(null);
    run.mutate({ dryRun: true }, { onSuccess: (result) => setChecked({ text, invite, result }) });
  }

  function apply() {
    run.mutate(
      { dryRun: false },
      {
        onSuccess: (result) => {
          if (result.applied) {
            setApplied(result);
            setChecked(null);
            setText('');
            for (const key of invalidates) void client.invalidateQueries({ queryKey: key });
          } else {
            setChecked({ text, invite, result });
          }
        },
        onError: (error) => {
          const result = resultOf(error);
          const problems = problemsOf(error);
          if (result) setChecked({ text, invite, result });
          else if (problems && checked) setChecked({ ...checked, result: { ...checked.result, problems, applied: false } });
        },
      },
    );
  }

  async function readFile(file: File | null) {
    setFileError(null);
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setFileError(t('import.fileTooLarge'));
      return;
    }
    setText(await file.text());
    setChecked(null);
    setApplied(null);
  }

  const current = checked && checked.text === text ? checked.result : null;
  const canApply = current !== null && current.problems.length === 0 && current.rows > 0 && checked?.invite === invite;
  const applyProblems = problemsOf(run.error);
  const showError = run.isError && !applyProblems;

  return (
    <Stack gap="lg">
      {applied && (
        <Alert color="green" variant="light" role="status" title={t('import.appliedTitle')}>
          <Stack gap="xs" align="flex-start">
            <Text size="sm">
              {t('import.appliedText', {
                created: format.number(applied.created),
                updated: format.number(applied.updated),
                unchanged: format.number(applied.unchanged ?? 0),
              })}
            </Text>
            <Anchor component={Link} to={backTo} size="sm">
              {backLabel}
            </Anchor>
          </Stack>
        </Alert>
      )}
      <Paper withBorder p="md" radius="md">
        <Stack>
          <Title order={2} size="h4">
            {t('import.step1')}
          </Title>
          <Text size="sm">
            {t('import.columns')} <Code>{columns.join(',')}</Code>
          </Text>
          {columnHint}
          <Text size="sm" c="dimmed">
            {t('import.templateHint')}{' '}
            <Anchor href={exportHref} download size="sm">
              {t('import.downloadCurrent')}
            </Anchor>
          </Text>
          <Group gap="sm">
            <FileButton onChange={(file) => void readFile(file)} accept=".csv,text/csv,text/plain">
              {(props) => (
                <Button variant="default" {...props}>
                  {t('import.chooseFile')}
                </Button>
              )}
            </FileButton>
            <Text size="sm" c="dimmed">
              {t('import.orPaste')}
            </Text>
          </Group>
          {fileError && (
            <Text c="red.9" size="sm" role="alert">
              {fileError}
            </Text>
          )}
          <Textarea
            label={t('import.csvLabel')}
            description={t('import.csvHint')}
            placeholder={example}
            autosize
            minRows={6}
            maxRows={16}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            data-testid="import-csv"
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
            spellCheck={false}
          />
          {withInvitations && (
            <Checkbox
              label={t('import.sendInvitations')}
              description={t('import.sendInvitationsHint')}
              checked={invite}
              onChange={(event) => setInvite(event.currentTarget.checked)}
            />
          )}
          <Group>
            <Button
              onClick={check}
              disabled={text.trim().length === 0}
              loading={run.isPending && run.variables?.dryRun}
              data-testid="import-dry-run"
            >
              {t('import.check')}
            </Button>
          </Group>
        </Stack>
      </Paper>

      {showError && (
        <Alert color="red" variant="light" role="alert">
          {errorText(t, run.error)}
        </Alert>
      )}

      {checked && (
        <Paper withBorder p="md" radius="md" aria-live="polite">
          <Stack>
            <Title order={2} size="h4">
              {t('import.step2')}
            </Title>
            {checked.text !== text && (
              <Alert color="yellow" variant="light">
                {t('import.changedSinceCheck')}
              </Alert>
            )}
            <Group gap="sm">
              <Badge variant="light" color="indigo" size="lg">
                {t('import.rows', { count: checked.result.rows, formatted: format.number(checked.result.rows) })}
              </Badge>
              <Text size="sm" fw={500}>
                {t('import.counts', {
                  created: format.number(checked.result.created),
                  updated: format.number(checked.result.updated),
                  unchanged: format.number(checked.result.unchanged ?? 0),
                })}
              </Text>
              <Badge variant="dot" color={checked.result.problems.length ? 'red' : 'green'} size="lg">
                {t('import.problemCount', {
                  count: checked.result.problems.length,
                  formatted: format.number(checked.result.problems.length),
                })}
              </Badge>
            </Group>
            {checked.result.problems.length > 0 ? (
              <>
                <Text size="sm">{t('import.fixProblems')}</Text>
                <ProblemTable problems={checked.result.problems} />
              </>
            ) : (
              checked.result.rows > 0 && (
                <Text size="sm" c="teal.9">
                  {t('import.noProblems')}
                </Text>
              )
            )}
            <Group>
              <Button
                onClick={apply}
                disabled={!canApply}
                loading={run.isPending && run.variables?.dryRun === false}
                data-testid="import-apply"
              >
                {t('import.apply')}
              </Button>
              {!canApply && checked.result.problems.length === 0 && checked.text !== text && (
                <Text size="sm" c="dimmed">
                  {t('import.checkAgain')}
                </Text>
              )}
            </Group>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}

/**
 * A problem in the reader's language with its details (the value, the earlier row, the team), so that the
 * file can be fixed without guessing; the server's English message only stands in for an unknown code.
 */
function useProblemText() {
  const { t } = useTranslation();
  const format = useFormat();
  return (problem: Problem) => {
    const params = problem.params ?? {};
    // A region conflict with a team that an earlier row of the file creates names that row.
    const key = problem.code === 'region_mismatch' && Number(params.firstRow) > 0 ? 'region_mismatch_in_file' : problem.code;
    return t(`importProblems.${key}`, {
      ...params,
      max: typeof params.max === 'number' ? format.number(params.max) : params.max,
      defaultValue: problem.message,
    });
  };
}

function ProblemTable({ problems }: { problems: Problem[] }) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const sorted = [...problems].sort((a, b) => a.row - b.row || a.field.localeCompare(b.field));
  return (
    <Table.ScrollContainer minWidth={520} mah={480}>
      <Table striped verticalSpacing="xs" stickyHeader>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('import.row')}</Table.Th>
            <Table.Th>{t('import.field')}</Table.Th>
            <Table.Th>{t('import.problem')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((problem, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: one row may have several problems in the same field
            <Table.Tr key={`${index}-${problem.row}-${problem.field}`}>
              <Table.Td>{problem.row}</Table.Td>
              <Table.Td>
                {/* The column as the file's header writes it, which is what the reader looks for. */}
                {(problem.params?.column ?? problem.field) !== '' && <Code>{problem.params?.column ?? problem.field}</Code>}
              </Table.Td>
              <Table.Td>{problemText(problem)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
