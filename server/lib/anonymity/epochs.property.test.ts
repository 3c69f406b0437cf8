/**
 * Release epochs (decision 0013) against an attacker who reads again and again while answers arrive. The
 * test knows the truth (individual respondents and when each was first counted); the module sees unit
 * counts only. Random organisations, random interleavings of arrivals and reads: each read with new
 * answers is a new epoch, planned with every earlier release pinned. On the union of every set released
 * at any epoch, every class of respondents must be empty or reach the minimum.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ATTRIBUTES,
  type Attribute,
  type AttributePair,
  type EpochReleasePlan,
  type EpochSet,
  type EpochUnit,
  type GroupFilter,
  type PrivacySettings,
  planEpochCommentRelease,
  planEpochRelease,
  planEpochStatementRelease,
  planRelease,
  type ReleasedEpochSet,
  releasedAtOf,
  verifyEpochClassRule,
  WIDENED,
} from './index.js';

interface Person {
  readonly id: number;
  readonly region: string;
  readonly team: string;
  readonly tenureBand: string;
  readonly role: string;
  /** The read (epoch) before which this person answered, or null: never answered. */
  readonly arrival: number | null;
  readonly validOnStatement: boolean;
}

interface Organisation {
  readonly people: readonly Person[];
  readonly settings: PrivacySettings;
  /** Reads, numbered 1…reads; read e counts everyone who arrived at or before it. */
  readonly reads: number;
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
  arrivalDraw: fc.nat({ max: 99 }),
  validDraw: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  // Atoms widened at cycle opening: 0 tenure band, 1 role, 2 team; else none.
  widening: fc.nat({ max: 24 }),
});

const organisationArbitrary: fc.Arbitrary<Organisation> = fc
  .record({
    regions: fc.array(fc.array(fc.array(personArbitrary, { maxLength: 25, size: 'max' }), { minLength: 1, maxLength: 4 }), {
      minLength: 1,
      maxLength: 3,
    }),
    tenureBands: fc.integer({ min: 1, max: TENURE_BANDS.length }),
    roles: fc.integer({ min: 1, max: ROLES.length }),
    k: fc.integer({ min: 3, max: 7 }),
    commentExtra: fc.integer({ min: 0, max: 5 }),
    attributes: fc.subarray([...ATTRIBUTES]),
    combinations: fc.option(fc.subarray([...COMBINABLE]), { nil: undefined }),
    reads: fc.integer({ min: 1, max: 6 }),
    // Arrivals trickle in (most reads see a few answers) or come in waves (a few reads see many).
    waves: fc.boolean(),
    respondRate: fc.constantFrom(0.6, 0.9, 1),
    cantJudgeRate: fc.constantFrom(0, 0.2, 0.5),
  })
  .map((draw) => {
    const people: Person[] = [];
    draw.regions.forEach((teams, r) => {
      teams.forEach((members, t) => {
        for (const member of members) {
          const widened = (level: number, value: string) => (member.widening === level ? WIDENED : value);
          const answers = member.arrivalDraw < draw.respondRate * 100;
          // Waves: arrivals bunch on the odd reads.
          const slot = member.arrivalDraw % draw.reads;
          const arrival = answers ? (draw.waves ? Math.min(draw.reads, slot - (slot % 2) + 1) : slot + 1) : null;
          people.push({
            id: people.length,
            region: `R${r}`,
            team: member.widening === 2 ? WIDENED : `R${r}-T${t}`,
            tenureBand: widened(0, TENURE_BANDS[member.tenure % draw.tenureBands] as string),
            role: widened(1, ROLES[member.role % draw.roles] as string),
            arrival,
            validOnStatement: member.validDraw >= draw.cantJudgeRate,
          });
        }
      });
    });
    const allowed = new Set<Attribute>(draw.attributes);
    const combinations = draw.combinations?.filter(([a, b]) => allowed.has(a) && allowed.has(b));
    const settings: PrivacySettings = {
      k: draw.k,
      commentK: draw.k + draw.commentExtra,
      breakdownAttributes: draw.attributes,
      ...(combinations ? { combinations } : {}),
    };
    return { people, settings, reads: draw.reads };
  });

function atomOf(person: Person) {
  const { region, team, tenureBand, role } = person;
  return { region, team, tenureBand, role };
}

function unitsOf(people: readonly Person[], upTo: number, only: (person: Person) => boolean = () => true): EpochUnit[] {
  return people
    .filter((person) => person.arrival !== null && person.arrival <= upTo && only(person))
    .map((person) => ({ atom: atomOf(person), epoch: person.arrival as number, respondents: 1 }));
}

function matches(person: Person, filter: GroupFilter): boolean {
  return ATTRIBUTES.every((attribute) => filter[attribute] === undefined || filter[attribute] === person[attribute]);
}

/** The referee on people, sharing no code with the module: classes by released (group, epoch) sets. */
function peopleViolations(people: readonly Person[], released: readonly ReleasedEpochSet[], minimum: number): string[] {
  const sets = released.map((set) => ({
    name: `${JSON.stringify(set.filter)}@${set.epoch}`,
    members: new Set(
      people
        .filter((person) => person.arrival !== null && person.arrival <= set.epoch && matches(person, set.filter))
        .map((p) => p.id),
    ),
  }));
  const classes = new Map<string, number>();
  for (const person of people) {
    const pattern = [...new Set(sets.filter((set) => set.members.has(person.id)).map((set) => set.name))].sort().join('|');
    if (pattern) classes.set(pattern, (classes.get(pattern) ?? 0) + 1);
  }
  return [...classes].filter(([, size]) => size < minimum).map(([pattern, size]) => `class [${pattern}] has ${size}`);
}

/** Released sets with their filters, for the referees. */
function filtersOf(plan: EpochReleasePlan, sets: readonly EpochSet[]): ReleasedEpochSet[] {
  const byKey = new Map(plan.groups.map((group) => [group.key, group.filter]));
  return sets.map((set) => {
    const filter = byKey.get(set.groupKey);
    if (!filter) throw new Error(`released ${set.groupKey} is not a candidate`);
    return { filter, epoch: set.epoch };
  });
}

function releasesOf(plan: EpochReleasePlan) {
  return [...plan.releases.entries()];
}

function runReads(organisation: Organisation): string[] {
  const { people, settings, reads } = organisation;
  const problems: string[] = [];
  const invitedAtoms = people.map(atomOf);
  const scoresPinned: EpochSet[] = [];
  const commentsPinned: EpochSet[] = [];
  const statementPinned: EpochSet[] = [];
  let scores: ReleasedEpochSet[] = [];
  let comments: ReleasedEpochSet[] = [];
  let statement: ReleasedEpochSet[] = [];
  let previous: EpochReleasePlan | undefined;
  for (let epoch = 1; epoch <= reads; epoch++) {
    const units = unitsOf(people, epoch);
    const plan = planEpochRelease({ units, settings, epoch, pinned: scoresPinned, invitedAtoms });
    const commentPlan = planEpochCommentRelease(plan, commentsPinned);
    const statementPlan = planEpochStatementRelease(
      plan,
      unitsOf(people, epoch, (person) => person.validOnStatement),
      statementPinned,
    );
    const arrived = people.some((person) => person.arrival === epoch);
    if (!arrived && previous) {
      // No new answers: the plan is unchanged (the design would open no epoch at all).
      if (plan.newlyReleased.length > 0) problems.push(`epoch ${epoch} without answers released ${plan.newlyReleased.length}`);
      expect(releasesOf(plan)).toEqual(releasesOf(previous));
    }
    for (const [derived, name] of [
      [commentPlan, 'comment'],
      [statementPlan, 'statement'],
    ] as const) {
      for (const set of derived.newlyReleased) {
        if (releasedAtOf(plan, set.groupKey) !== epoch)
          problems.push(`${name} plan releases ${set.groupKey}@${epoch} beyond the cycle`);
      }
    }
    for (const group of plan.groups) {
      const shown = releasedAtOf(plan, group.key);
      if (shown !== null && shown > epoch) problems.push(`${group.key} shows epoch ${shown} at ${epoch}`);
    }
    scoresPinned.push(...plan.newlyReleased);
    commentsPinned.push(...commentPlan.newlyReleased);
    statementPinned.push(...statementPlan.newlyReleased);
    scores = [...scores, ...filtersOf(plan, plan.newlyReleased)];
    comments = [...comments, ...filtersOf(plan, commentPlan.newlyReleased)];
    statement = [...statement, ...filtersOf(plan, statementPlan.newlyReleased)];

    // After every read, on everything released so far: the module's referee and the one on people.
    const validUnits = unitsOf(people, epoch, (person) => person.validOnStatement);
    for (const [released, population, minimum, name] of [
      [scores, units, settings.k, 'scores'],
      [comments, units, settings.commentK, 'comments'],
      [statement, validUnits, settings.k, 'statement'],
    ] as const) {
      for (const violation of verifyEpochClassRule(population, released, minimum)) {
        problems.push(`${name} at ${epoch}: class [${violation.memberOf}] has ${violation.respondents}`);
      }
    }
    const upTo = (only: (person: Person) => boolean) =>
      people.filter((person) => person.arrival !== null && person.arrival <= epoch && only(person));
    problems.push(
      ...peopleViolations(
        upTo(() => true),
        scores,
        settings.k,
      ),
    );
    problems.push(
      ...peopleViolations(
        upTo(() => true),
        comments,
        settings.commentK,
      ),
    );
    problems.push(
      ...peopleViolations(
        upTo((person) => person.validOnStatement),
        statement,
        settings.k,
      ),
    );
    previous = plan;
  }
  return problems;
}

describe('release epochs under repeated reads (property)', () => {
  it('keeps every class over every set released at any epoch empty or at the minimum', () => {
    const seed = Number(process.env.ANONYMITY_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`epoch property test seed: ${seed} (rerun with ANONYMITY_SEED=${seed})`);
    const started = performance.now();
    fc.assert(
      fc.property(organisationArbitrary, (organisation) => {
        expect(runReads(organisation)).toEqual([]);
      }),
      { numRuns: 1000, seed },
    );
    console.log(`epoch property test: 1000 runs in ${(performance.now() - started).toFixed(0)} ms`);
  });

  it('without earlier releases, releases exactly what planRelease releases', () => {
    fc.assert(
      fc.property(organisationArbitrary, (organisation) => {
        const { people, settings, reads } = organisation;
        // Everyone counted so far, spread over epochs ≤ reads, someone at the last one; nothing pinned.
        const counted = people.filter((person) => person.arrival !== null);
        const lastEpoch = counted.some((person) => person.arrival === reads) ? reads : 1;
        const units = counted.map((person) => ({
          atom: atomOf(person),
          epoch: Math.min(person.arrival as number, lastEpoch),
          respondents: 1,
        }));
        const invitedAtoms = people.map(atomOf);
        const epochPlan = planEpochRelease({ units, settings, epoch: lastEpoch, pinned: [], invitedAtoms });
        const plan = planRelease(
          [
            ...units.map(({ atom, respondents }) => ({ atom, respondents })),
            ...invitedAtoms.map((atom) => ({ atom, respondents: 0 })),
          ],
          settings,
        );
        expect(epochPlan.groups).toEqual(plan.groups);
        for (const group of plan.groups) {
          const release = epochPlan.releases.get(group.key);
          if (plan.released.has(group.key)) expect(release).toEqual({ releasedAt: lastEpoch });
          else expect(release).toEqual({ releasedAt: null, reason: plan.withheld.get(group.key) });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('moves every group shown on when each atom gains nobody or at least k new answers', () => {
    // If the organisation was shown at the previous epoch, every class of new answers is a union of whole
    // atoms, each of at least k; no set shown before needs to hold back (see epochs.ts).
    fc.assert(
      fc.property(
        organisationArbitrary,
        fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
        fc.nat({ max: 3 }),
        (organisation, picks, extra) => {
          const { people, settings } = organisation;
          const first = unitsOf(
            people.map((person) => ({ ...person, arrival: person.arrival === null ? null : 1 })),
            1,
          );
          const plan1 = planEpochRelease({ units: first, settings, epoch: 1, pinned: [] });
          fc.pre(releasedAtOf(plan1, 'org') === 1 && people.length > 0);
          const atoms = [...new Map(people.map((person) => [JSON.stringify(atomOf(person)), atomOf(person)])).values()];
          const chosen = [...new Set(picks.map((pick) => pick % atoms.length))];
          // An epoch without answers releases nothing new by design.
          fc.pre(chosen.length > 0);
          const second = [
            ...first,
            ...chosen.map((index) => ({ atom: atoms[index] as EpochUnit['atom'], epoch: 2, respondents: settings.k + extra })),
          ];
          const plan2 = planEpochRelease({ units: second, settings, epoch: 2, pinned: plan1.newlyReleased });
          for (const set of plan1.newlyReleased)
            expect([set.groupKey, releasedAtOf(plan2, set.groupKey)]).toEqual([set.groupKey, 2]);
          expect(
            verifyEpochClassRule(
              second,
              [...filtersOf(plan1, plan1.newlyReleased), ...filtersOf(plan2, plan2.newlyReleased)],
              settings.k,
            ),
          ).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
