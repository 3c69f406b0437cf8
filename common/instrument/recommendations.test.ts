import { describe, expect, it } from 'vitest';
import { CONSTRUCTS, DRIVER_IDS } from './items.js';
import { LEVER_IDS, LEVERS, RECOMMENDATIONS } from './recommendations.js';

describe('recommendations', () => {
  it('give every driver the recommendation of instrument.md, with stable ids and existing levers', () => {
    const ids = new Set<string>();
    for (const driver of DRIVER_IDS) {
      const recommendation = RECOMMENDATIONS[driver];
      expect(recommendation.id).toBe(`rec_${driver}`);
      ids.add(recommendation.id);
      expect(recommendation.text).toEqual(CONSTRUCTS[driver].recommendation);
      expect(recommendation.levers.length).toBeGreaterThan(0);
      for (const lever of recommendation.levers) expect(LEVER_IDS).toContain(lever);
    }
    expect(ids.size).toBe(DRIVER_IDS.length);
    expect(RECOMMENDATIONS.AMB.text.en).toBe("Make marketing the field's voice in front of leadership; own results together.");
  });

  it('name every lever in both languages and use each at least once', () => {
    const used = new Set(DRIVER_IDS.flatMap((driver) => RECOMMENDATIONS[driver].levers));
    for (const id of LEVER_IDS) {
      expect(LEVERS[id].id).toBe(id);
      expect(LEVERS[id].name.de.length).toBeGreaterThan(0);
      expect(LEVERS[id].name.en.length).toBeGreaterThan(0);
      expect(used.has(id), id).toBe(true);
    }
  });
});
