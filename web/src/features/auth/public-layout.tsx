import { Anchor, Box, Container, Group } from '@mantine/core';
import { Link, Outlet } from 'react-router';
import { LanguageSwitch } from '../../components/language-switch';

/** The frame of the pages before sign-in: product name, language switch, the page. */
export function PublicLayout() {
  return (
    <Box mih="100vh">
      <Box component="header" px="md" py="sm" bg="white" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Container size="lg" px={0}>
          <Group justify="space-between">
            <Anchor component={Link} to="/" fw={700} fz="lg" c="indigo.8" underline="never">
              Tandem
            </Anchor>
            <LanguageSwitch />
          </Group>
        </Container>
      </Box>
      <Container component="main" size="lg" py="xl" px="md">
        <Outlet />
      </Container>
    </Box>
  );
}
