import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../../../common/roles';

export const LANGUAGE_STORAGE_KEY = 'tandem.language';

// Each language is its own chunk, so a visitor downloads only the one they read.
const loaders: Record<Locale, () => Promise<{ default: Record<string, unknown> }>> = {
  de: () => import('./de.json'),
  en: () => import('./en.json'),
};

function isLocale(value: unknown): value is Locale {
  return value === 'de' || value === 'en';
}

/** The visitor's own choice on this device, else the browser's language; German first. */
export function detectLanguage(): Locale {
  try {
    const stored = localStorage.getItem(LANGUAGE_STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // Storage may be blocked; the browser language still works.
  }
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'de';
}

export function currentLanguage(): Locale {
  return isLocale(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'de';
}

async function ensureLoaded(locale: Locale) {
  if (i18n.hasResourceBundle(locale, 'translation')) return;
  const { default: resources } = await loaders[locale]();
  i18n.addResourceBundle(locale, 'translation', resources, true, true);
}

/** Switches the interface language; `remember` keeps the choice on this device for the sign-in page. */
export async function applyLanguage(locale: Locale, remember = false) {
  if (remember) {
    try {
      localStorage.setItem(LANGUAGE_STORAGE_KEY, locale);
    } catch {
      // Not remembering is fine.
    }
  }
  await ensureLoaded(locale);
  document.documentElement.lang = locale;
  if (i18n.language !== locale) await i18n.changeLanguage(locale);
}

/** Loads the starting language before the first render, so no untranslated key ever shows. */
export async function initI18n() {
  const initial = detectLanguage();
  document.documentElement.lang = initial;
  await i18n.use(initReactI18next).init({
    resources: {},
    partialBundledLanguages: true,
    lng: initial,
    fallbackLng: false,
    supportedLngs: ['de', 'en'],
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  });
  await ensureLoaded(initial);
  await i18n.changeLanguage(initial);
}

export default i18n;
