import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CsvImport } from '../../components/csv-import';
import { PageHeader } from '../../components/page-header';

const EXAMPLE = `name,owner_email,tier,annual_potential
Müller Maschinenbau GmbH,anna.berger@example.com,A,250000
Nordlicht Logistik AG,,C,40000`;

export default function AccountsImportPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader
        title={t('accountsImport.title')}
        description={t('accountsImport.description')}
        actions={
          <Anchor component={Link} to="/accounts" size="sm">
            {t('accountsImport.back')}
          </Anchor>
        }
      />
      <CsvImport
        endpoint="/api/accounts/import"
        invalidates={[['accounts']]}
        columns={['name', 'owner_email', 'tier', 'annual_potential']}
        example={EXAMPLE}
        exportHref="/api/accounts/export.csv"
        backTo="/accounts"
        backLabel={t('accountsImport.back')}
        columnHint={<Text size="sm">{t('accountsImport.hint')}</Text>}
      />
    </>
  );
}
