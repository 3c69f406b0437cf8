import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';

/** The user-facing text for an error: the translated code, else the server's message. */
export function errorText(t: TFunction, error: unknown, overrides: Partial<Record<string, string>> = {}): string {
  if (error instanceof ApiError) {
    const override = overrides[error.code];
    if (override) return override;
    return t(`errors.${error.code}`, { defaultValue: error.message || t('errors.unknown') });
  }
  return t('errors.unknown');
}

export function isApiError(error: unknown, code: string): error is ApiError {
  return error instanceof ApiError && error.code === code;
}
