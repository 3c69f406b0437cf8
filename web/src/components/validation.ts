/**
 * Form checks that mirror the server's limits (common/api/contracts.ts), so that people see the
 * problem before sending. The server checks again.
 */
import type { TFunction } from 'i18next';

export const LIMITS = {
  personName: 120,
  organisationName: 120,
  teamName: 80,
  region: 80,
  accountName: 160,
  email: 254,
  passwordMin: 12,
  passwordMax: 128,
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function requiredText(t: TFunction, max: number, min = 1) {
  return (value: string) => {
    const trimmed = value.trim();
    if (trimmed.length === 0) return t('validation.required');
    if (trimmed.length < min) return t('validation.tooShort', { min });
    if (trimmed.length > max) return t('validation.tooLong', { max });
    return null;
  };
}

export function optionalText(t: TFunction, max: number) {
  return (value: string) => (value.trim().length > max ? t('validation.tooLong', { max }) : null);
}

export function emailAddress(t: TFunction) {
  return (value: string) => {
    const trimmed = value.trim();
    if (trimmed.length === 0) return t('validation.required');
    if (trimmed.length > LIMITS.email || !EMAIL.test(trimmed)) return t('validation.email');
    return null;
  };
}

export function newPassword(t: TFunction) {
  return (value: string) => {
    if (value.length < LIMITS.passwordMin) return t('validation.passwordTooShort', { min: LIMITS.passwordMin });
    if (value.length > LIMITS.passwordMax) return t('validation.tooLong', { max: LIMITS.passwordMax });
    return null;
  };
}

export function repeatedPassword(t: TFunction, field: string) {
  return (value: string, values: Record<string, unknown>) => (value !== values[field] ? t('validation.passwordMismatch') : null);
}
