import { Anchor, AppShell, Burger, Button, Group, NavLink, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { LanguageSwitch } from '../components/language-switch';
import { useUser } from './auth';
import { can, type UiPermission } from './permissions';
import { UserMenu } from './user-menu';

// The bell pulls in Mantine's popover machinery: loaded after the first paint to keep the first load small.
const NotificationBell = lazy(() => import('../features/notifications/notification-bell'));

interface NavItem {
  to: string;
  label: string;
  permission?: UiPermission;
}

const NAV_ITEMS: NavItem[] = [
  { to: '/', label: 'nav.home' },
  { to: '/requests', label: 'nav.requests', permission: 'requests.read' },
  { to: '/library', label: 'assets.nav', permission: 'assets.read' },
  { to: '/dashboard', label: 'dashboard.nav', permission: 'dashboard.read' },
  { to: '/action-plans', label: 'actionPlans.nav', permission: 'action_plans.read' },
  { to: '/surveys', label: 'surveys.nav', permission: 'surveys.read' },
  { to: '/reports', label: 'reports.nav', permission: 'reports.read' },
  { to: '/people', label: 'nav.people', permission: 'people.read' },
  { to: '/teams', label: 'nav.teams', permission: 'teams.read' },
  { to: '/accounts', label: 'nav.accounts', permission: 'accounts.read' },
  { to: '/audit', label: 'nav.audit', permission: 'audit.read' },
  { to: '/outbox', label: 'nav.outbox', permission: 'outbox.read' },
  { to: '/settings', label: 'settings.nav', permission: 'sla.manage' },
  { to: '/profile', label: 'nav.profile' },
];

function isActive(pathname: string, to: string) {
  if (to === '/requests' && pathname === '/requests/new') return false;
  return to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
}

export function Shell() {
  const { t } = useTranslation();
  const user = useUser();
  const { pathname } = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);

  // On a phone the navigation covers the page; close it once a page is chosen.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every route change by design
  useEffect(() => close(), [pathname, close]);

  const items = NAV_ITEMS.filter((item) => !item.permission || can(user.role, item.permission));

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? t('shell.closeNavigation') : t('shell.openNavigation')}
              aria-expanded={opened}
              aria-controls="main-navigation"
            />
            <Anchor component={Link} to="/" fw={700} fz="lg" c="indigo.8" underline="never">
              Tandem
            </Anchor>
            <Text c="dimmed" size="sm" truncate visibleFrom="xs" maw={260}>
              {user.organisationName}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Suspense fallback={null}>
              <NotificationBell />
            </Suspense>
            <LanguageSwitch />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" id="main-navigation" aria-label={t('shell.navigation')}>
        <AppShell.Section grow className="navbar-scroll">
          {can(user.role, 'requests.file') && (
            <Button component={Link} to="/requests/new" fullWidth mb="sm" data-testid="nav-new-request">
              {t('nav.newRequest')}
            </Button>
          )}
          <Stack gap={2}>
            {items.map((item) => (
              <NavLink
                key={item.to}
                component={Link}
                to={item.to}
                label={t(item.label)}
                active={isActive(pathname, item.to)}
                aria-current={isActive(pathname, item.to) ? 'page' : undefined}
                variant="light"
              />
            ))}
          </Stack>
        </AppShell.Section>
        <AppShell.Section hiddenFrom="xs" pt="sm">
          <VisuallyHidden>{t('shell.organisation')}</VisuallyHidden>
          <Text size="sm" c="dimmed">
            {user.organisationName}
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
