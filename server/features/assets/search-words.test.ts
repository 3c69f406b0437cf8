import { expect, it } from 'vitest';
import { searchWordsOf } from './search-words.js';

it('splits on everything but letters and digits, lowers, and drops duplicates and single letters', () => {
  expect(searchWordsOf('Preisliste 2026: ÜBERSICHT, Übersicht & "e-mail" (v2)', { dropStopWords: false })).toEqual([
    'preisliste',
    '2026',
    'übersicht',
    'mail',
    'v2',
  ]);
});

it('drops German and English stop words only when one matching word is enough', () => {
  const typed = 'Ich brauche die Folien für the trade fair and the Messe';
  expect(searchWordsOf(typed, { dropStopWords: true })).toEqual(['brauche', 'folien', 'trade', 'fair', 'messe']);
  expect(searchWordsOf(typed, { dropStopWords: false })).toContain('für');
});

it('keeps FTS syntax out: quotes, stars, parentheses and operators become separators or plain words', () => {
  expect(searchWordsOf('"batt* OR (NEAR', { dropStopWords: false })).toEqual(['batt', 'or', 'near']);
  expect(searchWordsOf('x:* & y | !z', { dropStopWords: false })).toEqual([]);
});

it('keeps at most twelve words of a long description', () => {
  const long = Array.from({ length: 40 }, (_, i) => `wort${i}`).join(' ');
  expect(searchWordsOf(long, { dropStopWords: true })).toHaveLength(12);
});
