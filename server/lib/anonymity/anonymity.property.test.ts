/**
 * The guarantee of anonymity.md, checked against an attacker. The test knows the truth (individual
 * respondents); the module sees only atom counts. An attacker runs random sequences of the queries the
 * product allows, through the module's public door, and the test records which respondents each released
 * figure covers. On the union of everything released, every class of respondents by membership pattern
 * must be empty or reach the minimum.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.js';
import {
  ATTRIBUTES,
  type AtomCount,
  type Attribute,
  type AttributePair,
  checkFilter,
  comparableGroups,
  type GroupFilter,
  isReleased,
  type PrivacySettings,
  planCommentRelease,
  planRelease,
  planStatementRelease,
  type ReleasePlan,
  releasedFilters,
  verifyClassRule,
  WIDENED,
} from './index.js';

interface Person {
  readonly id: number;
  readonly region: string;
  readonly team: string;
  readonly tenureBand: string;
  readonly role: string;
  /** Answered the cycle at all, answered the statement validly, answered the second cycle. */
  readonly responded: boolean;
  readonly validOnStatement: boolean;
  readonly respondedInCycleB: boolean;
}

interface Organisation {
  readonly people: readonly Person[];
  readonly settings: PrivacySettings;
  readonly values: Readonly<Record<Attribute, readonly string[]>>;
}

const TENURE_BANDS = ['0-1', '1-3', '3-5', '5+'];
const ROLES = ['rep', 'lead', 'engineer'];
const COMBINABLE: readonly AttributePair[] = [
  ['region', 'tenureBand'],
  ['region', 'role'],
  ['team', 'tenureBand'],
  ['team', 'role'],
  ['tenureBand', 'role'],
];

const personArbitrary = fc.record({
  tenure: fc.nat({ max: TENURE_BANDS.length - 1 }),
  role: fc.nat({ max: ROLES.length - 1 }),
  respondDraw: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  validDraw: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  respondedInCycleB: fc.boolean(),
  // Atoms widened at cycle opening: 0 tenure band, 1 role, 2 team, 3 team and region; else none.
  widening: fc.nat({ max: 19 }),
});

const organisationArbitrary: fc.Arbitrary<Organisation> = fc
  .record({
    // Each region holds 1–4 teams of 0–30 members: small teams are where the attacks live.
    regions: fc.array(fc.array(fc.array(personArbitrary, { maxLength: 30, size: 'max' }), { minLength: 1, maxLength: 4 }), {
      minLength: 1,
      maxLength: 3,
    }),
    tenureBands: fc.integer({ min: 1, max: TENURE_BANDS.length }),
    roles: fc.integer({ min: 1, max: ROLES.length }),
    k: fc.integer({ min: 3, max: 10 }),
    commentExtra: fc.integer({ min: 0, max: 8 }),
    attributes: fc.subarray([...ATTRIBUTES]),
    combinations: fc.option(fc.subarray([...COMBINABLE]), { nil: undefined }),
    respondRate: fc.constantFrom(0.6, 0.9, 1),
    cantJudgeRate: fc.constantFrom(0, 0.2, 0.5),
  })
  .map((draw) => {
    const people: Person[] = [];
    draw.regions.forEach((teams, r) => {
      teams.forEach((members, t) => {
        for (const member of members) {
          const responded = member.respondDraw < draw.respondRate;
          const widened = (level: number, value: string) => (member.widening === level ? WIDENED : value);
          people.push({
            id: people.length,
            region: member.widening === 3 ? WIDENED : `R${r}`,
            team: member.widening === 2 || member.widening === 3 ? WIDENED : `R${r}-T${t}`,
            tenureBand: widened(0, TENURE_BANDS[member.tenure % draw.tenureBands] as string),
            role: widened(1, ROLES[member.role % draw.roles] as string),
            responded,
            validOnStatement: responded && member.validDraw >= draw.cantJudgeRate,
            respondedInCycleB: member.respondedInCycleB,
          });
        }
      });
    });
    const allowed = new Set<Attribute>(draw.attributes);
    const combinations = draw.combinations?.filter(([a, b]) => allowed.has(a) && allowed.has(b));
    const values = Object.fromEntries(
      ATTRIBUTES.map((attribute) => [attribute, [...new Set(people.map((person) => person[attribute]))]]),
    ) as Record<Attribute, string[]>;
    const settings: PrivacySettings = {
      k: draw.k,
      commentK: draw.k + draw.commentExtra,
      breakdownAttributes: draw.attributes,
      ...(combinations ? { combinations } : {}),
    };
    return { people, settings, values };
  });

/** What the attacker asks for; indices are resolved against the organisation at hand. */
type Query =
  | { readonly kind: 'group'; readonly pick: number }
  | { readonly kind: 'filter'; readonly attributes: readonly Attribute[]; readonly picks: readonly number[] }
  | { readonly kind: 'statement'; readonly pick: number }
  | { readonly kind: 'comments'; readonly pick: number }
  | { readonly kind: 'compare' };

const queryArbitrary: fc.Arbitrary<Query> = fc.oneof(
  fc.record({ kind: fc.constant('group' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('filter' as const),
    // Also shapes the product does not offer (three attributes, disallowed ones): they must be refused.
    attributes: fc.subarray([...ATTRIBUTES], { maxLength: 3 }),
    picks: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant('statement' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('comments' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('compare' as const) }),
);

function matches(person: Person, filter: GroupFilter): boolean {
  return ATTRIBUTES.every((attribute) => filter[attribute] === undefined || filter[attribute] === person[attribute]);
}

function countAtoms(people: readonly Person[]): AtomCount[] {
  return people.map(({ region, team, tenureBand, role }) => ({ atom: { region, team, tenureBand, role }, respondents: 1 }));
}

/** Everything one audience has seen about one population: the respondents behind each released figure. */
class Ledger {
  readonly sets = new Map<string, ReadonlySet<number>>();
  constructor(
    readonly population: readonly Person[],
    readonly minimum: number,
  ) {}
  record(key: string, filter: GroupFilter) {
    this.sets.set(key, new Set(this.population.filter((person) => matches(person, filter)).map((person) => person.id)));
  }
}

/** The referee, on people rather than atoms: no code shared with the module. */
function findViolations(ledger: Ledger): string[] {
  const problems: string[] = [];
  const sets = [...ledger.sets.entries()];
  for (const [key, members] of sets) {
    if (members.size < ledger.minimum) problems.push(`${key} released with ${members.size}`);
  }
  const classes = new Map<string, number>();
  for (const person of ledger.population) {
    const pattern = sets
      .filter(([, members]) => members.has(person.id))
      .map(([key]) => key)
      .join('|');
    if (pattern) classes.set(pattern, (classes.get(pattern) ?? 0) + 1);
  }
  for (const [pattern, size] of classes) if (size < ledger.minimum) problems.push(`class [${pattern}] has ${size}`);
  // Subset differences, checked directly although the class rule implies them.
  for (const [outerKey, outer] of sets) {
    for (const [innerKey, inner] of sets) {
      let outside = 0;
      let contained = true;
      for (const id of inner) if (!outer.has(id)) contained = false;
      if (!contained) continue;
      for (const id of outer) if (!inner.has(id)) outside += 1;
      if (outside > 0 && outside < ledger.minimum) problems.push(`${outerKey} minus ${innerKey} leaves ${outside}`);
    }
  }
  return problems;
}

function runAttack(organisation: Organisation, queries: readonly Query[]): string[] {
  const { people, settings, values } = organisation;
  const respondents = people.filter((person) => person.responded);
  const validAnswerers = respondents.filter((person) => person.validOnStatement);
  const respondentsB = people.filter((person) => person.respondedInCycleB);

  const plan = planRelease(countAtoms(respondents), settings);
  const planB = planRelease(countAtoms(respondentsB), settings);
  const statementPlan = planStatementRelease(plan, countAtoms(validAnswerers));
  const commentPlan = planCommentRelease(plan);

  const scores = new Ledger(respondents, settings.k);
  const scoresB = new Ledger(respondentsB, settings.k);
  const statement = new Ledger(validAnswerers, settings.k);
  const comments = new Ledger(respondents, settings.commentK);
  const pickGroup = (from: ReleasePlan, pick: number) => from.groups[pick % from.groups.length];

  for (const query of queries) {
    if (query.kind === 'group') {
      const group = pickGroup(plan, query.pick);
      if (group && isReleased(plan, group.key)) scores.record(group.key, group.filter);
    } else if (query.kind === 'filter') {
      const filter: Partial<Record<Attribute, string>> = {};
      query.attributes.forEach((attribute, i) => {
        const options = [...values[attribute], 'nobody-has-this'];
        filter[attribute] = options[(query.picks[i] ?? 0) % options.length];
      });
      const check = checkFilter(plan, filter);
      if (check.allowed) scores.record(check.groupKey, filter);
    } else if (query.kind === 'statement') {
      const group = pickGroup(statementPlan, query.pick);
      if (group && isReleased(statementPlan, group.key)) statement.record(group.key, group.filter);
    } else if (query.kind === 'comments') {
      const group = pickGroup(commentPlan, query.pick);
      if (group && isReleased(commentPlan, group.key)) comments.record(group.key, group.filter);
    } else {
      for (const key of comparableGroups(plan, planB)) {
        const group = plan.groups.find((candidate) => candidate.key === key);
        if (!group) return [`comparable group ${key} is not a candidate`];
        scores.record(key, group.filter);
        scoresB.record(key, group.filter);
      }
    }
  }

  const problems = [scores, scoresB, statement, comments].flatMap(findViolations);

  // The union of everything the product could release, not only what this sequence asked for.
  const everything: [ReleasePlan, Ledger][] = [
    [plan, new Ledger(respondents, settings.k)],
    [planB, new Ledger(respondentsB, settings.k)],
    [statementPlan, new Ledger(validAnswerers, settings.k)],
    [commentPlan, new Ledger(respondents, settings.commentK)],
  ];
  for (const [released, ledger] of everything) {
    for (const group of released.groups) if (released.released.has(group.key)) ledger.record(group.key, group.filter);
    problems.push(...findViolations(ledger));
  }

  // The module's own verifier agrees, and the explicit differencing guard never refuses a planned group.
  problems.push(
    ...verifyClassRule(countAtoms(respondents), releasedFilters(plan), settings.k).map((v) => `verifier: ${v.memberOf}`),
  );
  for (const filter of releasedFilters(plan)) {
    const check = checkFilter(plan, filter);
    if (!check.allowed) problems.push(`planned group ${check.groupKey} refused: ${check.reason}`);
  }
  for (const [derived, name] of [
    [statementPlan, 'statement'],
    [commentPlan, 'comment'],
  ] as const) {
    for (const key of derived.released)
      if (!plan.released.has(key)) problems.push(`${name} plan releases ${key} beyond the cycle`);
  }
  return problems;
}

describe('anonymity under attack (property)', () => {
  it('keeps every class of respondents empty or at the minimum, whatever the attacker asks', () => {
    const seed = Number(process.env.ANONYMITY_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`anonymity property test seed: ${seed} (rerun with ANONYMITY_SEED=${seed})`);
    fc.assert(
      fc.property(organisationArbitrary, fc.array(queryArbitrary, { maxLength: 40 }), (organisation, queries) => {
        expect(runAttack(organisation, queries)).toEqual([]);
      }),
      { numRuns: 1000, seed },
    );
  });

  it('plans the same whatever order the atom counts arrive in', () => {
    fc.assert(
      fc.property(organisationArbitrary, fc.nat(), (organisation, shuffleSeed) => {
        const atoms = countAtoms(organisation.people.filter((person) => person.responded));
        const first = planRelease(atoms, organisation.settings);
        const second = planRelease(createRandom(shuffleSeed).shuffle(atoms), organisation.settings);
        expect([...second.released].sort()).toEqual([...first.released].sort());
        expect([...second.withheld].sort()).toEqual([...first.withheld].sort());
      }),
      { numRuns: 200 },
    );
  });
});
