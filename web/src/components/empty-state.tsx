import { Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** What to show when a list is empty, with a hint what to do next. */
export function EmptyState({ title, hint, action }: { title: string; hint?: string; action?: ReactNode }) {
  return (
    <Paper withBorder p="xl" radius="md">
      <Stack align="center" gap="xs" ta="center">
        <Text fw={600}>{title}</Text>
        {hint && (
          <Text size="sm" c="dimmed" maw={480}>
            {hint}
          </Text>
        )}
        {action}
      </Stack>
    </Paper>
  );
}
