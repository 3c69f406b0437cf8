import { describe, expect, it } from 'vitest';
import {
  CANT_JUDGE_LABEL,
  CONSTRUCT_IDS,
  CONSTRUCTS,
  DRIVER_IDS,
  findItem,
  ITEMS,
  isItemId,
  LIKERT_LABELS,
  LIKERT_VALUES,
  type LocalizedText,
  NPS_END_LABELS,
  statementsOf,
} from './items.js';

/** Statements per construct, as listed in instrument.md "Items (sales' view)". */
const STATEMENT_COUNTS = { TRUST: 3, AMB: 3, INV: 3, FAIR: 2, ENB: 3, BUF: 3, PRX: 3, CMP: 2, INT: 2 } as const;

const SALES_IDS = [
  'TRUST1',
  'TRUST2',
  'TRUST3',
  'AMB1',
  'AMB2',
  'AMB3',
  'INV1',
  'INV2',
  'INV3',
  'FAIR1',
  'FAIR2',
  'ENB1',
  'ENB2',
  'ENB3',
  'BUF1',
  'BUF2',
  'BUF3',
  'PRX1',
  'PRX2',
  'PRX3',
  'CMP1',
  'CMP2',
  'INT1',
  'INT2',
];

function expectBilingual(text: LocalizedText) {
  expect(text.en.trim()).toBe(text.en);
  expect(text.de.trim()).toBe(text.de);
  expect(text.en.length).toBeGreaterThan(0);
  expect(text.de.length).toBeGreaterThan(0);
  expect(text.de).not.toBe(text.en);
}

describe('item bank', () => {
  it('has the 24 sales statements in the documented order, then INPS, OPEN1 and OPEN2', () => {
    const sales = ITEMS.filter((item) => item.audience === 'sales');
    expect(sales.map((item) => item.id)).toEqual([...SALES_IDS, 'INPS', 'OPEN1', 'OPEN2']);
    expect(sales.filter((item) => item.kind === 'likert')).toHaveLength(24);
    expect(findItem('INPS')?.kind).toBe('nps');
    expect(findItem('OPEN1')?.kind).toBe('open');
    expect(findItem('OPEN2')?.kind).toBe('open');
  });

  it('mirrors every sales statement exactly once, with the same construct', () => {
    const mirrors = ITEMS.filter((item) => item.audience === 'marketing');
    expect(mirrors).toHaveLength(24);
    expect(mirrors.map((item) => item.id)).toEqual(SALES_IDS.map((id) => `${id}_M`));
    for (const mirror of mirrors) {
      expect(mirror.kind).toBe('likert');
      expect(mirror.mirrorOf).not.toBeNull();
      expect(mirror.id).toBe(`${mirror.mirrorOf}_M`);
      expect(mirror.construct).toBe(findItem(mirror.mirrorOf!)?.construct);
    }
  });

  it('has the documented number of statements per construct, for sales and for the mirror', () => {
    for (const construct of CONSTRUCT_IDS) {
      expect(statementsOf(construct, 'sales')).toHaveLength(STATEMENT_COUNTS[construct]);
      expect(statementsOf(construct, 'marketing')).toHaveLength(STATEMENT_COUNTS[construct]);
    }
    expect(ITEMS).toHaveLength(24 + 3 + 24);
  });

  it('has unique ids', () => {
    expect(new Set(ITEMS.map((item) => item.id)).size).toBe(ITEMS.length);
  });

  it('has every text in both languages, non-empty and translated', () => {
    for (const item of ITEMS) expectBilingual(item.text);
  });

  it('keeps the documented wording verbatim (spot checks, including the four mirror examples)', () => {
    expect(findItem('TRUST1')?.text).toEqual({ en: 'I trust our marketing team.', de: 'Ich vertraue unserem Marketing.' });
    expect(findItem('FAIR1')?.text.de).toBe(
      'Das Marketing unterstützt alle im Vertrieb gleichermaßen – unabhängig von der Größe ihrer Kunden.',
    );
    expect(findItem('INPS')?.text.en).toBe(
      'How likely are you to recommend working with our marketing team to a sales colleague?',
    );
    expect(findItem('AMB1_M')?.text).toEqual({
      en: 'We in marketing stand up for the interests of sales in front of top management.',
      de: 'Wir im Marketing setzen uns bei der Geschäftsleitung für die Interessen des Vertriebs ein.',
    });
    expect(findItem('FAIR1_M')?.text).toEqual({
      en: 'We support all salespeople equally, regardless of the size of their accounts.',
      de: 'Wir unterstützen alle im Vertrieb gleichermaßen – unabhängig von der Größe ihrer Kunden.',
    });
    expect(findItem('BUF1_M')?.text).toEqual({
      en: 'We shield sales from unrealistic demands from above.',
      de: 'Wir schützen den Vertrieb vor unrealistischen Vorgaben von oben.',
    });
    expect(findItem('TRUST1_M')?.text).toEqual({ en: 'Sales trusts us.', de: 'Der Vertrieb vertraut uns.' });
  });

  it('words the mirror from marketing: no first person singular, marketing speaks as "we"', () => {
    for (const item of ITEMS.filter((candidate) => candidate.audience === 'marketing')) {
      expect(item.text.en).not.toMatch(/\b(I|my|me)\b/);
      expect(item.text.de).not.toMatch(/\b(ich|mein\w*|mir|mich)\b/i);
      expect(item.text.en).toMatch(/\b(we|us|our)\b/i);
      expect(item.text.de).toMatch(/\b(wir|uns|unser\w*)\b/i);
      expect(item.text.en).not.toMatch(/^Marketing\b/);
      expect(item.text.de).not.toMatch(/^Das Marketing\b/);
    }
  });

  it('describes every construct in both languages; every driver has a recommendation and a lever', () => {
    expect(Object.keys(CONSTRUCTS)).toEqual([...CONSTRUCT_IDS]);
    expect(DRIVER_IDS).toEqual(CONSTRUCT_IDS.filter((id) => id !== 'TRUST'));
    for (const construct of Object.values(CONSTRUCTS)) {
      expectBilingual(construct.name);
      expectBilingual(construct.captures);
    }
    expect(CONSTRUCTS.TRUST.recommendation).toBeNull();
    expect(CONSTRUCTS.TRUST.lever).toBeNull();
    for (const driver of DRIVER_IDS) {
      expectBilingual(CONSTRUCTS[driver].recommendation!);
      expectBilingual(CONSTRUCTS[driver].lever!);
    }
    expect(CONSTRUCTS.AMB.recommendation?.de).toBe(
      'Machen Sie das Marketing zur Stimme des Außendienstes vor der Geschäftsleitung; tragen Sie Ergebnisse gemeinsam.',
    );
    expect(CONSTRUCTS.AMB.seedDriver).toBe('1');
    expect(CONSTRUCTS.PRX.seedDriver).toBe('recommendation 3');
  });

  it('labels the answer scales in both languages', () => {
    expect(LIKERT_VALUES).toEqual([1, 2, 3, 4, 5]);
    expect(LIKERT_LABELS[1]).toEqual({ en: 'strongly disagree', de: 'stimme überhaupt nicht zu' });
    expect(LIKERT_LABELS[3]).toEqual({ en: 'neither', de: 'teils/teils' });
    expect(LIKERT_LABELS[5]).toEqual({ en: 'strongly agree', de: 'stimme voll zu' });
    for (const value of LIKERT_VALUES) expectBilingual(LIKERT_LABELS[value]);
    expect(CANT_JUDGE_LABEL).toEqual({ en: "can't judge", de: 'kann ich nicht beurteilen' });
    expect(NPS_END_LABELS).toEqual({
      low: { en: 'not at all likely', de: 'sehr unwahrscheinlich' },
      high: { en: 'extremely likely', de: 'sehr wahrscheinlich' },
    });
  });

  it('is frozen, so nobody can change an item at runtime', () => {
    expect(Object.isFrozen(ITEMS)).toBe(true);
    const first = ITEMS[0]!;
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.text)).toBe(true);
    expect(() => {
      (first.text as { en: string }).en = 'changed';
    }).toThrow(TypeError);
    expect(Object.isFrozen(CONSTRUCTS.AMB.recommendation)).toBe(true);
  });

  it('finds items by id and nothing else', () => {
    expect(findItem('AMB2')?.construct).toBe('AMB');
    expect(findItem('AMB2_M')?.audience).toBe('marketing');
    expect(findItem('amb2')).toBeUndefined();
    expect(findItem('AMB4')).toBeUndefined();
    expect(findItem('__proto__')).toBeUndefined();
    expect(isItemId('INT2_M')).toBe(true);
    expect(isItemId('toString')).toBe(false);
  });
});
