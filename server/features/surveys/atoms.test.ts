import { describe, expect, it } from 'vitest';
import type { Role } from '../../../common/roles.js';
import { assignAtoms, tenureBandOf, WIDENED } from './atoms.js';
import type { AudienceMember } from './surveys.repository.js';

function person(id: string, teamId: string, startDate: string, role: Role = 'sales_rep'): AudienceMember {
  return { id, email: `${id}@x.test`, name: id, locale: 'de', role, start_date: startDate, team_id: teamId, region: 'Süd' };
}

describe('atoms', () => {
  it('bands tenure by completed years on the opening day', () => {
    expect(tenureBandOf('2026-01-01', '2026-11-27')).toBe('0-1');
    expect(tenureBandOf('2025-11-27', '2026-11-27')).toBe('1-3');
    expect(tenureBandOf('2025-11-28', '2026-11-27')).toBe('0-1');
    expect(tenureBandOf('2021-06-01', '2026-11-27')).toBe('5+');
    expect(tenureBandOf(null, '2026-11-27')).toBe('unknown');
  });

  it('keeps atoms of at least k invited people and widens smaller ones until they hold k', () => {
    const people = [
      // Team A: 5 newcomers (an atom of its own) and 2 veterans (widened with nobody else: role, then team).
      ...['a1', 'a2', 'a3', 'a4', 'a5'].map((id) => person(id, 'A', '2026-03-01')),
      person('a6', 'A', '2010-01-01'),
      person('a7', 'A', '2012-01-01'),
      // Team B: 6 people across bands, none of which has 5: widened to the team.
      ...['b1', 'b2', 'b3'].map((id) => person(id, 'B', '2026-03-01')),
      ...['b4', 'b5', 'b6'].map((id) => person(id, 'B', '2019-01-01')),
    ];
    const atoms = assignAtoms(people, '2026-11-27', 5);
    expect(atoms.get('a1')).toEqual({ teamId: 'A', region: 'Süd', tenureBand: '0-1', role: 'sales_rep' });
    expect(atoms.get('b1')).toEqual({ teamId: 'B', region: 'Süd', tenureBand: WIDENED, role: 'sales_rep' });
    expect(atoms.get('b4')).toEqual(atoms.get('b1'));
    // The two veterans of team A are too few even in their region: they count towards the organisation only.
    expect(atoms.get('a6')).toEqual({ teamId: WIDENED, region: WIDENED, tenureBand: WIDENED, role: WIDENED });
    const sizes = new Map<string, number>();
    for (const atom of atoms.values()) sizes.set(JSON.stringify(atom), (sizes.get(JSON.stringify(atom)) ?? 0) + 1);
    // Every stored atom but the fully widened last resort holds at least k people.
    for (const [atom, size] of sizes) if (!atom.includes(`"region":"${WIDENED}"`)) expect(size, atom).toBeGreaterThanOrEqual(5);
  });
});
