import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ROLES } from '../../../../common/roles';
import { CsvImport } from '../../components/csv-import';
import { PageHeader } from '../../components/page-header';

const EXAMPLE = `email,name,role,team,region,start_date
anna.berger@example.com,Anna Berger,sales_rep,Vertrieb Nord,Nord,2024-04-01
jonas.keller@example.com,Jonas Keller,marketer,Marketing,,`;

export default function PeopleImportPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader
        title={t('peopleImport.title')}
        description={t('peopleImport.description')}
        actions={
          <Anchor component={Link} to="/people" size="sm">
            {t('peopleImport.back')}
          </Anchor>
        }
      />
      <CsvImport
        endpoint="/api/people/import"
        invalidates={[['people'], ['teams']]}
        columns={['email', 'name', 'role', 'team', 'region', 'start_date']}
        example={EXAMPLE}
        exportHref="/api/people/export.csv"
        backTo="/people"
        backLabel={t('peopleImport.back')}
        withInvitations
        columnHint={
          <Text size="sm">
            {t('peopleImport.roles')} {ROLES.map((role) => `${role} (${t(`roles.${role}`)})`).join(', ')}.{' '}
            {t('peopleImport.dates')}
          </Text>
        }
      />
    </>
  );
}
