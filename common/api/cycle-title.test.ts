import { expect, it } from 'vitest';
import { cycleTitleOf } from './cycle-title.js';

it('names an untitled cycle by form and opening month in German or English, and keeps a given title', () => {
  expect(cycleTitleOf({ title: null, form: 'pulse', opensOn: '2026-11-30' }, 'de')).toBe('Puls November 2026');
  expect(cycleTitleOf({ title: null, form: 'pulse', opensOn: '2026-11-01' }, 'en')).toBe('Pulse November 2026');
  expect(cycleTitleOf({ title: '', form: 'trust_check', opensOn: '2027-03-01' }, 'de')).toBe('Vertrauenscheck März 2027');
  expect(cycleTitleOf({ title: null, form: 'trust_check', opensOn: '2027-03-31' }, 'en-GB')).toBe('Trust check March 2027');
  expect(cycleTitleOf({ title: null, form: 'pulse', opensOn: '2027-01-01' }, 'fr')).toBe('Pulse January 2027');
  expect(cycleTitleOf({ title: 'Frühjahrspuls', form: 'pulse', opensOn: '2027-03-01' }, 'en')).toBe('Frühjahrspuls');
});
