import { Button, Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** CSV download with commas, or with semicolons for spreadsheet programs set to German. */
export function ExportMenu({ href }: { href: string }) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default">{t('common.exportCsv')}</Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component="a" href={href} download>
          {t('common.exportComma')}
        </Menu.Item>
        <Menu.Item component="a" href={`${href}?separator=semicolon`} download>
          {t('common.exportSemicolon')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
