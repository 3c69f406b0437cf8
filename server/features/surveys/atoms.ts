/**
 * The group (atom) a response counts towards: team × tenure band × role, region following the team.
 * At cycle opening an atom with fewer than k invited people is widened (tenure band first, then role,
 * then team, then region), so that no stored response row points at fewer than k people, even for
 * someone reading the database.
 */
import type { AudienceMember } from './surveys.repository.js';

export const WIDENED = '*';
export const NO_TEAM = 'none';

export interface Atom {
  teamId: string;
  region: string;
  tenureBand: string;
  role: string;
}

/** Completed years of service on the opening day, in bands coarse enough to report by. */
export function tenureBandOf(startDate: string | null, onDay: string): string {
  if (!startDate) return 'unknown';
  const [sy, sm, sd] = startDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDay.split('-').map(Number) as [number, number, number];
  const years = y - sy - (m < sm || (m === sm && d < sd) ? 1 : 0);
  if (years < 1) return '0-1';
  if (years < 3) return '1-3';
  if (years < 5) return '3-5';
  return '5+';
}

const keyOf = (atom: Atom) => `${atom.region}|${atom.teamId}|${atom.tenureBand}|${atom.role}`;

function countBy(atoms: Atom[]) {
  const counts = new Map<string, number>();
  for (const atom of atoms) counts.set(keyOf(atom), (counts.get(keyOf(atom)) ?? 0) + 1);
  return counts;
}

/** Each person's atom, widened where the atom would hold fewer than `minGroupSize` invited people. */
export function assignAtoms(people: AudienceMember[], openingDay: string, minGroupSize: number): Map<string, Atom> {
  const finest = people.map((person) => ({
    personId: person.id,
    atom: {
      teamId: person.team_id ?? NO_TEAM,
      region: person.region ?? '',
      tenureBand: tenureBandOf(person.start_date, openingDay),
      role: person.role,
    } satisfies Atom,
  }));
  const steps: ((atom: Atom) => Atom)[] = [
    (atom) => ({ ...atom, tenureBand: WIDENED }),
    (atom) => ({ ...atom, role: WIDENED }),
    (atom) => ({ ...atom, teamId: WIDENED }),
    (atom) => ({ ...atom, region: WIDENED }),
  ];
  let atoms: Atom[] = finest.map((p) => p.atom);
  for (const widen of steps) {
    const counts = countBy(atoms);
    atoms = atoms.map((atom) => ((counts.get(keyOf(atom)) ?? 0) < minGroupSize ? widen(atom) : atom));
  }
  return new Map(finest.map((person, i) => [person.personId, atoms[i] as Atom]));
}
