import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useParams } from 'react-router';
import { PageHeader } from '../../components/page-header';
import { BusinessCalendarSettings } from './business-calendar-settings';
import { RequestTypesSettings } from './request-types-settings';
import { SlaPoliciesSettings } from './sla-policies-settings';

/** The portal's configuration, one tab each; the tab lives in the address so it can be linked and reloaded. */
export const SETTINGS_TABS = ['request-types', 'service-levels', 'business-calendar'] as const;
export type SettingsTab = (typeof SETTINGS_TABS)[number];

function isSettingsTab(value: string | undefined): value is SettingsTab {
  return SETTINGS_TABS.includes(value as SettingsTab);
}

export default function SettingsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { tab } = useParams();
  if (!isSettingsTab(tab)) return <Navigate to={`/settings/${SETTINGS_TABS[0]}`} replace />;

  return (
    <>
      <PageHeader title={t('settings.title')} description={t('settings.description')} />
      <Tabs value={tab} onChange={(next) => next && navigate(`/settings/${next}`)} keepMounted={false}>
        <Tabs.List mb="md">
          {SETTINGS_TABS.map((key) => (
            <Tabs.Tab key={key} value={key} data-testid={`settings-tab-${key}`}>
              {t(`settings.tabs.${key}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="request-types">
          <RequestTypesSettings />
        </Tabs.Panel>
        <Tabs.Panel value="service-levels">
          <SlaPoliciesSettings />
        </Tabs.Panel>
        <Tabs.Panel value="business-calendar">
          <BusinessCalendarSettings />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
