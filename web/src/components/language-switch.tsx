import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../common/roles';
import { useAuth } from '../app/auth';

const LANGUAGES: { value: Locale; label: string }[] = [
  { value: 'de', label: 'Deutsch' },
  { value: 'en', label: 'English' },
];

/** Switches the interface language; signed in, the choice is saved to the profile. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const { changeLanguage } = useAuth();
  return (
    <NativeSelect
      aria-label={t('common.language')}
      data-testid="language-switch"
      size="xs"
      w={104}
      value={i18n.resolvedLanguage === 'en' ? 'en' : 'de'}
      data={LANGUAGES}
      onChange={(event) => {
        void changeLanguage(event.currentTarget.value as Locale).catch(() => undefined);
      }}
    />
  );
}
