import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useUser } from '../../app/auth';
import { can, type UiPermission } from '../../app/permissions';
import { usePageTitle } from '../../components/page-title';
import { OpenSurveysCard } from './open-surveys-card';

interface HomeCard {
  to: string;
  key: string;
  /** Shown to holders of this permission; management cards replace the read-only text. */
  permission?: UiPermission;
  managePermission?: UiPermission;
}

// The everyday work first, then the organisation's set-up.
const CARDS: HomeCard[] = [
  { to: '/requests/new', key: 'newRequest', permission: 'requests.file' },
  { to: '/requests', key: 'requests', permission: 'requests.read', managePermission: 'requests.work' },
  { to: '/library', key: 'library', permission: 'assets.read', managePermission: 'assets.publish' },
  { to: '/dashboard', key: 'dashboard', permission: 'dashboard.read' },
  { to: '/action-plans', key: 'actionPlans', permission: 'action_plans.read', managePermission: 'action_plans.manage' },
  { to: '/surveys', key: 'surveys', permission: 'surveys.read', managePermission: 'surveys.manage' },
  { to: '/reports', key: 'reports', permission: 'reports.read' },
  { to: '/people', key: 'people', permission: 'people.read', managePermission: 'people.manage' },
  { to: '/teams', key: 'teams', permission: 'teams.read', managePermission: 'teams.manage' },
  { to: '/accounts', key: 'accounts', permission: 'accounts.read', managePermission: 'accounts.manage' },
  { to: '/people/import', key: 'import', permission: 'people.manage' },
  { to: '/settings', key: 'settings', permission: 'sla.manage' },
  { to: '/outbox', key: 'outbox', permission: 'outbox.read' },
  { to: '/audit', key: 'audit', permission: 'audit.read' },
  { to: '/profile', key: 'profile' },
];

export function HomePage() {
  const { t } = useTranslation();
  const user = useUser();
  usePageTitle(t('home.title'));
  const cards = CARDS.filter((card) => !card.permission || can(user.role, card.permission));

  return (
    <Stack gap="lg">
      <Stack gap={6}>
        <Title order={1}>{t('home.welcome', { name: user.name })}</Title>
        <Group gap="xs">
          <Badge variant="light" size="lg">
            {t(`roles.${user.role}`)}
          </Badge>
          <Text c="dimmed" size="sm">
            {user.organisationName}
          </Text>
        </Group>
        <Text maw={640}>{t(`home.roleIntro.${user.role}`)}</Text>
      </Stack>
      <OpenSurveysCard />
      <Title order={2} size="h3">
        {t('home.whatNow')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
        {cards.map((card) => {
          const manages = card.managePermission ? can(user.role, card.managePermission) : false;
          const textKey = manages ? `home.cards.${card.key}.manage` : `home.cards.${card.key}.read`;
          return (
            <Card key={card.key} component={Link} to={card.to} withBorder padding="lg" radius="md" className="home-card">
              <Text fw={600} mb={4} c="indigo.8">
                {t(`home.cards.${card.key}.title`)}
              </Text>
              <Text size="sm" c="dimmed">
                {card.managePermission ? t(textKey) : t(`home.cards.${card.key}.text`)}
              </Text>
            </Card>
          );
        })}
      </SimpleGrid>
    </Stack>
  );
}
