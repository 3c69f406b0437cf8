/**
 * Candidate groups: every set of respondents about which the product could release a figure. Each is a
 * filter over the reporting attributes and covers the atoms that match it. Routes never build their own
 * groups: they name one by its filter and ask the plan.
 */
import {
  ATTRIBUTES,
  type AtomCount,
  type AtomKey,
  type Attribute,
  type AttributePair,
  type Group,
  type GroupFilter,
  MAX_K,
  MIN_K,
  type PrivacySettings,
  WIDENED,
} from './types.js';

export const ORG_KEY = 'org';

// Values come from the people directory and may contain anything; the three characters that structure
// a key are escaped so that two different filters never share a key.
function escapeValue(value: string): string {
  if (!/[%&=]/.test(value)) return value;
  return value.replace(/%/g, '%25').replace(/&/g, '%26').replace(/=/g, '%3D');
}

export function groupKeyOf(filter: GroupFilter): string {
  const parts: string[] = [];
  for (const attribute of ATTRIBUTES) {
    const value = filter[attribute];
    if (value !== undefined) parts.push(`${attribute}=${escapeValue(value)}`);
  }
  return parts.length === 0 ? ORG_KEY : parts.join('&');
}

export function filterAttributes(filter: GroupFilter): Attribute[] {
  return ATTRIBUTES.filter((attribute) => filter[attribute] !== undefined);
}

export function atomMatches(atom: AtomKey, filter: GroupFilter): boolean {
  for (const attribute of ATTRIBUTES) {
    const value = filter[attribute];
    if (value !== undefined && atom[attribute] !== value) return false;
  }
  return true;
}

function isRegionTeamPair(a: Attribute, b: Attribute): boolean {
  return (a === 'region' && b === 'team') || (a === 'team' && b === 'region');
}

function inCanonicalOrder(a: Attribute, b: Attribute): AttributePair {
  return ATTRIBUTES.indexOf(a) <= ATTRIBUTES.indexOf(b) ? [a, b] : [b, a];
}

/** Settings with their combinations resolved: what every plan works from. */
export interface ResolvedSettings extends PrivacySettings {
  readonly combinations: readonly AttributePair[];
}

/** Refuses settings that would weaken the guarantee; they are validated at the edge too, but this is the door. */
export function resolveSettings(settings: PrivacySettings): ResolvedSettings {
  const { k, commentK, breakdownAttributes } = settings;
  if (!Number.isInteger(k) || k < MIN_K || k > MAX_K) throw new RangeError(`k must be an integer from ${MIN_K} to ${MAX_K}`);
  if (!Number.isInteger(commentK) || commentK < k) throw new RangeError('commentK must be an integer of at least k');
  const allowed = new Set<Attribute>();
  for (const attribute of breakdownAttributes) {
    if (!ATTRIBUTES.includes(attribute)) throw new RangeError(`unknown attribute ${String(attribute)}`);
    allowed.add(attribute);
  }
  const ordered = ATTRIBUTES.filter((attribute) => allowed.has(attribute));
  const requested = settings.combinations ?? ordered.flatMap((a, i) => ordered.slice(i + 1).map((b): AttributePair => [a, b]));
  const combinations = new Map<string, AttributePair>();
  for (const [a, b] of requested) {
    if (a === b) throw new RangeError(`a combination needs two different attributes, not ${a} twice`);
    if (!allowed.has(a) || !allowed.has(b)) throw new RangeError(`combination ${a} × ${b} uses an attribute not allowed`);
    // Region follows from team: their combination is the team breakdown under a second name.
    if (isRegionTeamPair(a, b)) {
      if (settings.combinations) throw new RangeError('region × team is the team breakdown; it is not a combination');
      continue;
    }
    const pair = inCanonicalOrder(a, b);
    combinations.set(pair.join('×'), pair);
  }
  return {
    k,
    commentK,
    breakdownAttributes: ordered,
    combinations: [...combinations.values()],
  };
}

/** Whether the product offers a filter of this shape at all (whatever the counts). */
export function isOfferedShape(settings: ResolvedSettings, filter: GroupFilter): boolean {
  const attributes = filterAttributes(filter);
  if (attributes.some((attribute) => filter[attribute] === WIDENED)) return false;
  if (attributes.length === 0) return true;
  if (attributes.length === 1) return settings.breakdownAttributes.includes(attributes[0] as Attribute);
  if (attributes.length === 2) {
    return settings.combinations.some(([a, b]) => attributes[0] === a && attributes[1] === b);
  }
  return false;
}

// Region is part of the identity for the widened team, which spans regions; for any other team it
// follows from the team and splits nothing.
function atomIdentity(atom: AtomKey): string {
  return JSON.stringify([atom.region, atom.team, atom.tenureBand, atom.role]);
}

/** Atoms merged by identity and sorted, so that plans do not depend on the order rows arrive in. */
export interface NormalizedAtoms {
  readonly atoms: readonly AtomKey[];
  readonly respondents: readonly number[];
}

export function normalizeAtoms(counts: readonly AtomCount[]): NormalizedAtoms {
  const merged = new Map<string, { atom: AtomKey; respondents: number }>();
  const regionOfTeam = new Map<string, string>();
  for (const { atom, respondents } of counts) {
    if (!Number.isInteger(respondents) || respondents < 0) throw new RangeError('respondents must be a whole number ≥ 0');
    // A widened team stands for teams of several regions.
    const region = regionOfTeam.get(atom.team);
    if (region === undefined) regionOfTeam.set(atom.team, atom.region);
    else if (region !== atom.region && atom.team !== WIDENED) throw new RangeError(`team ${atom.team} lies in two regions`);
    const identity = atomIdentity(atom);
    const entry = merged.get(identity);
    if (entry) entry.respondents += respondents;
    else {
      const { team, region: atomRegion, tenureBand, role } = atom;
      merged.set(identity, { atom: { region: atomRegion, team, tenureBand, role }, respondents });
    }
  }
  const sorted = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, entry]) => entry);
  return { atoms: sorted.map((entry) => entry.atom), respondents: sorted.map((entry) => entry.respondents) };
}

export function atomIdentityOf(atom: AtomKey): string {
  return atomIdentity(atom);
}

/** A candidate group and the atoms (indices into the normalized atoms) it covers. */
export interface CandidateGroup extends Group {
  readonly atoms: readonly number[];
}

/**
 * The organisation, each value of each allowed attribute, and each value pair of each allowed combination
 * that occurs among the atoms. Each atom lies in at most 1 + 4 + 5 candidates, which keeps planning linear
 * in the number of atoms.
 */
export function buildCandidateGroups(atoms: readonly AtomKey[], settings: ResolvedSettings): CandidateGroup[] {
  const shapes: (readonly Attribute[])[] = [
    [],
    ...settings.breakdownAttributes.map((attribute) => [attribute]),
    ...settings.combinations,
  ];
  // The organisation is a candidate even without atoms, so that it can say "not enough answers".
  const groups = new Map<string, { filter: GroupFilter; atoms: number[] }>([[ORG_KEY, { filter: {}, atoms: [] }]]);
  atoms.forEach((atom, index) => {
    for (const shape of shapes) {
      if (shape.some((attribute) => atom[attribute] === WIDENED)) continue;
      const filter: Partial<Record<Attribute, string>> = {};
      for (const attribute of shape) filter[attribute] = atom[attribute];
      const key = groupKeyOf(filter);
      const group = groups.get(key);
      if (group) group.atoms.push(index);
      else groups.set(key, { filter, atoms: [index] });
    }
  });
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, group]) => ({ key, filter: group.filter, atoms: group.atoms }));
}
