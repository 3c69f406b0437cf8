/**
 * Release epochs (decision 0013), worked out by hand: the direct attack of reading a group again after
 * one more answer, derived plans, and the bounds on the work as epochs accumulate.
 */
import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.js';
import {
  type AtomKey,
  type EpochReleasePlan,
  type EpochSet,
  type EpochUnit,
  epochPlanWork,
  type PrivacySettings,
  planEpochCommentRelease,
  planEpochRelease,
  planEpochStatementRelease,
  planRelease,
  type ReleasedEpochSet,
  releasedAtOf,
  shownSets,
  verifyEpochClassRule,
} from './index.js';

type Row = readonly [team: string, epoch: number, respondents: number];

const SETTINGS: PrivacySettings = { k: 5, commentK: 10, breakdownAttributes: ['team'] };

function atomOf(team: string, role = 'rep'): AtomKey {
  return { region: 'R', team, tenureBand: '0-2', role };
}

function units(rows: readonly Row[]): EpochUnit[] {
  return rows.map(([team, epoch, respondents]) => ({ atom: atomOf(team), epoch, respondents }));
}

function releasedAt(plan: EpochReleasePlan): Record<string, number | null> {
  return Object.fromEntries(plan.groups.map((group) => [group.key, releasedAtOf(plan, group.key)]));
}

/** Every set released at any epoch, as filters for the referee. */
function asReleased(plans: readonly EpochReleasePlan[]): ReleasedEpochSet[] {
  return plans.flatMap((plan) =>
    plan.newlyReleased.map((set) => {
      const group = plan.groups.find((candidate) => candidate.key === set.groupKey);
      if (!group) throw new Error(`released ${set.groupKey} is not a candidate`);
      return { filter: group.filter, epoch: set.epoch };
    }),
  );
}

describe('reading a team again after one more answer', () => {
  // Team T has 6 members; 5 answer before the first read, the sixth after it. Teams U and V are complete.
  const epoch1 = units([
    ['T', 1, 5],
    ['U', 1, 10],
    ['V', 1, 8],
  ]);
  const first = planEpochRelease({ units: epoch1, settings: SETTINGS, epoch: 1, pinned: [] });
  const epoch2 = [...epoch1, ...units([['T', 2, 1]])];
  const second = planEpochRelease({ units: epoch2, settings: SETTINGS, epoch: 2, pinned: first.newlyReleased });

  it('releases the team of five at the first read', () => {
    expect(releasedAt(first)).toEqual({ org: 1, 'team=T': 1, 'team=U': 1, 'team=V': 1 });
  });

  it('keeps showing the team, and the organisation, as of the first read', () => {
    // team=T at epoch 2 minus team=T at epoch 1 would be the sixth answer; so would org at 2 minus org at 1.
    expect(releasedAt(second)).toEqual({ org: 1, 'team=T': 1, 'team=U': 2, 'team=V': 2 });
    expect(second.newlyReleased).toEqual([
      { groupKey: 'team=U', epoch: 2 },
      { groupKey: 'team=V', epoch: 2 },
    ]);
    expect(verifyEpochClassRule(epoch2, asReleased([first, second]), 5)).toEqual([]);
  });

  it('would reveal the sixth answer if both reads were planned on their own, as the referee shows', () => {
    const naive: ReleasedEpochSet[] = [...asReleased([first]), { filter: {}, epoch: 2 }, { filter: { team: 'T' }, epoch: 2 }];
    const [violation] = verifyEpochClassRule(epoch2, naive, 5);
    expect(violation?.respondents).toBe(1);
    expect(violation?.units).toEqual([{ atom: atomOf('T'), epoch: 2 }]);
  });

  it('moves the organisation on once its new answers form a class of at least k', () => {
    const epoch3 = [...epoch2, ...units([['U', 3, 5]])];
    const third = planEpochRelease({
      units: epoch3,
      settings: SETTINGS,
      epoch: 3,
      pinned: [...first.newlyReleased, ...second.newlyReleased],
    });
    // The new class of the organisation is the sixth member of T and five of U. U cannot move on with it:
    // (org at 3 − U at 3) − (org at 1 − U at 1) would again be the sixth member of T.
    expect(releasedAt(third)).toEqual({ org: 3, 'team=T': 1, 'team=U': 2, 'team=V': 3 });
    expect(verifyEpochClassRule(epoch3, asReleased([first, second, third]), 5)).toEqual([]);
  });

  it('shows each group with the epoch of its figure', () => {
    expect(shownSets(second)).toEqual([
      { groupKey: 'org', epoch: 1 },
      { groupKey: 'team=T', epoch: 1 },
      { groupKey: 'team=U', epoch: 2 },
      { groupKey: 'team=V', epoch: 2 },
    ]);
  });
});

describe('planEpochRelease', () => {
  it('releases what planRelease releases when everyone is counted in one epoch', () => {
    const rows: Row[] = [
      ['A', 4, 8],
      ['B', 4, 2],
      ['C', 4, 7],
      ['D', 4, 0],
    ];
    const epochPlan = planEpochRelease({ units: units(rows), settings: SETTINGS, epoch: 4, pinned: [] });
    const plan = planRelease(
      rows.map(([team, , respondents]) => ({ atom: atomOf(team), respondents })),
      SETTINGS,
    );
    expect(epochPlan.groups).toEqual(plan.groups);
    for (const group of plan.groups) {
      const release = epochPlan.releases.get(group.key);
      if (plan.released.has(group.key)) expect(release).toEqual({ releasedAt: 4 });
      else expect(release).toEqual({ releasedAt: null, reason: plan.withheld.get(group.key) });
    }
  });

  it('changes nothing at an epoch at which nobody was counted', () => {
    const rows = units([
      ['A', 1, 8],
      ['B', 1, 2],
      ['C', 1, 7],
    ]);
    const first = planEpochRelease({ units: rows, settings: SETTINGS, epoch: 1, pinned: [] });
    const again = planEpochRelease({ units: rows, settings: SETTINGS, epoch: 2, pinned: first.newlyReleased });
    expect(again.newlyReleased).toEqual([]);
    expect([...again.releases]).toEqual([...first.releases]);
  });

  it('lists candidates from the invited atoms, whoever answered', () => {
    const plan = planEpochRelease({
      units: units([['A', 1, 6]]),
      settings: SETTINGS,
      epoch: 1,
      pinned: [],
      invitedAtoms: [atomOf('A'), atomOf('B')],
    });
    expect(plan.groups.map((group) => group.key)).toEqual(['org', 'team=A', 'team=B']);
    expect(plan.releases.get('team=B')).toEqual({ releasedAt: null, reason: 'below_minimum' });
  });

  it('keeps a group that is no longer offered as a constraint: it was seen', () => {
    const rows = units([
      ['A', 1, 5],
      ['B', 1, 5],
    ]);
    const first = planEpochRelease({ units: rows, settings: SETTINGS, epoch: 1, pinned: [] });
    expect(releasedAt(first)).toEqual({ org: 1, 'team=A': 1, 'team=B': 1 });
    // The team breakdown is switched off; one new answer in A. Org at 2 minus team B at 1 minus team A at 1
    // would be that answer.
    const later = [...rows, ...units([['A', 2, 1]])];
    const second = planEpochRelease({
      units: later,
      settings: { ...SETTINGS, breakdownAttributes: [] },
      epoch: 2,
      pinned: first.newlyReleased,
    });
    expect(releasedAt(second)).toEqual({ org: 1 });
  });

  it('refuses inputs that break its preconditions', () => {
    const rows = units([['A', 1, 6]]);
    expect(() =>
      planEpochRelease({ units: rows, settings: SETTINGS, epoch: 1, pinned: [{ groupKey: 'org', epoch: 1 }] }),
    ).toThrow(/earlier epoch/);
    expect(() => planEpochRelease({ units: units([['A', 3, 6]]), settings: SETTINGS, epoch: 2, pinned: [] })).toThrow(
      /after the epoch/,
    );
    expect(() =>
      planEpochRelease({ units: rows, settings: SETTINGS, epoch: 2, pinned: [{ groupKey: 'bogus', epoch: 1 }] }),
    ).toThrow(/not a group key/);
    // k raised from 5 to 7 in an open cycle: the organisation of 6 released at epoch 1 breaks the new rule.
    const later = [...rows, ...units([['A', 2, 3]])];
    expect(() =>
      planEpochRelease({ units: later, settings: { ...SETTINGS, k: 7 }, epoch: 2, pinned: [{ groupKey: 'org', epoch: 1 }] }),
    ).toThrow(/settings of an open cycle/);
  });

  it('parses escaped group keys of groups no longer offered', () => {
    const team = 'A&B=C%';
    const rows: EpochUnit[] = [
      { atom: atomOf(team), epoch: 1, respondents: 5 },
      { atom: atomOf('D'), epoch: 1, respondents: 5 },
    ];
    const first = planEpochRelease({ units: rows, settings: SETTINGS, epoch: 1, pinned: [] });
    expect(first.newlyReleased.map((set) => set.groupKey)).toContain('team=A%26B%3DC%25');
    const later = [...rows, { atom: atomOf(team), epoch: 2, respondents: 1 }];
    const second = planEpochRelease({
      units: later,
      settings: { ...SETTINGS, breakdownAttributes: [] },
      epoch: 2,
      pinned: first.newlyReleased,
    });
    expect(releasedAt(second)).toEqual({ org: 1 });
  });
});

describe('derived plans', () => {
  // Epoch 2 adds 10 to A and 1 to B: the organisation moves on (11 new), A cannot move with it (org at 2
  // minus A at 2, against org at 1 minus A at 1, would be B's one new answer), B stays at epoch 1.
  const rows = units([
    ['A', 1, 10],
    ['B', 1, 12],
    ['A', 2, 10],
    ['B', 2, 1],
  ]);
  const first = planEpochRelease({ units: rows.filter((unit) => unit.epoch === 1), settings: SETTINGS, epoch: 1, pinned: [] });
  const second = planEpochRelease({ units: rows, settings: SETTINGS, epoch: 2, pinned: first.newlyReleased });

  it('release only sets the cycle plan released at the same epoch', () => {
    expect(releasedAt(first)).toEqual({ org: 1, 'team=A': 1, 'team=B': 1 });
    expect(releasedAt(second)).toEqual({ org: 2, 'team=A': 1, 'team=B': 1 });
    const comments1 = planEpochCommentRelease(first, []);
    expect(releasedAt(comments1)).toEqual({ org: 1, 'team=A': 1, 'team=B': 1 });
    const comments2 = planEpochCommentRelease(second, comments1.newlyReleased);
    // Only the organisation is a cycle release at epoch 2; its 11 new respondents reach the comment minimum.
    expect(releasedAt(comments2)).toEqual({ org: 2, 'team=A': 1, 'team=B': 1 });
    expect(comments2.newlyReleased).toEqual([{ groupKey: 'org', epoch: 2 }]);
    expect(verifyEpochClassRule(rows, asReleased([comments1, comments2]), 10)).toEqual([]);
  });

  it('apply their own minimum at each epoch', () => {
    const strict = { ...SETTINGS, commentK: 12 };
    const first12 = planEpochRelease({ units: rows.filter((unit) => unit.epoch === 1), settings: strict, epoch: 1, pinned: [] });
    const second12 = planEpochRelease({ units: rows, settings: strict, epoch: 2, pinned: first12.newlyReleased });
    const comments1 = planEpochCommentRelease(first12, []);
    // A (10) is below 12, and then org minus B would be A: only the organisation shows comments.
    expect(releasedAt(comments1)).toEqual({ org: 1, 'team=A': null, 'team=B': null });
    expect(comments1.releases.get('team=A')).toEqual({ releasedAt: null, reason: 'below_minimum' });
    expect(comments1.releases.get('team=B')).toEqual({ releasedAt: null, reason: 'complementary' });
    // The organisation's 11 new respondents are below 12: its comments stay at epoch 1.
    const comments2 = planEpochCommentRelease(second12, comments1.newlyReleased);
    expect(releasedAt(comments2)).toEqual({ org: 1, 'team=A': null, 'team=B': null });
    expect(comments2.newlyReleased).toEqual([]);
  });

  it('plan each statement on valid answers per unit, with its own pinned sets', () => {
    const valid1: EpochUnit[] = units([
      ['A', 1, 4],
      ['B', 1, 12],
    ]);
    const statement1 = planEpochStatementRelease(first, valid1, []);
    // A has 4 valid answers: withheld, and with it B (org minus B would be A's four).
    expect(releasedAt(statement1)).toEqual({ org: 1, 'team=A': null, 'team=B': null });
    expect(statement1.releases.get('team=A')).toEqual({ releasedAt: null, reason: 'below_minimum' });
    expect(statement1.releases.get('team=B')).toEqual({ releasedAt: null, reason: 'complementary' });
    const valid2 = [...valid1, ...units([['A', 2, 10]])];
    const statement2 = planEpochStatementRelease(second, valid2, statement1.newlyReleased);
    // The organisation moves on with 10 new valid answers; the teams are not cycle releases at epoch 2.
    expect(releasedAt(statement2)).toEqual({ org: 2, 'team=A': null, 'team=B': null });
    expect(verifyEpochClassRule(valid2, asReleased([statement1, statement2]), 5)).toEqual([]);
  });

  it('refuse valid answers the cycle has no respondents for', () => {
    expect(() => planEpochStatementRelease(second, units([['A', 2, 11]]), [])).toThrow(/more valid answers/);
    expect(() => planEpochStatementRelease(second, units([['C', 2, 1]]), [])).toThrow(/without respondents/);
  });
});

describe('epoch planning work', () => {
  // Work is counted, not timed. Every read of an open cycle plans one epoch with all earlier releases
  // pinned; the units grow with the epochs, but the pinned sets reach the planning loop as their classes,
  // so each unit lies in at most one pinned set besides the candidates of the current epoch.
  it('plans 30 epochs of 200 atoms with work bounded by the units, not by units × epochs', () => {
    const random = createRandom('thirty epochs');
    const atoms: AtomKey[] = [];
    for (let team = 0; team < 20; team++) {
      for (let band = 0; band < 5; band++) {
        for (let role = 0; role < 2; role++) {
          atoms.push({ region: `R${team % 4}`, team: `T${team}`, tenureBand: `B${band}`, role: `O${role}` });
        }
      }
    }
    const settings: PrivacySettings = { k: 5, commentK: 10, breakdownAttributes: ['region', 'team', 'tenureBand', 'role'] };
    const counted: EpochUnit[] = [];
    const pinned: EpochSet[] = [];
    const plans: EpochReleasePlan[] = [];
    let mostSteps = 0;
    let mostComparisons = 0;
    let mostSets = 0;
    let totalComparisons = 0;
    const started = performance.now();
    for (let epoch = 1; epoch <= 30; epoch++) {
      for (const atom of atoms) {
        const arrivals = random.chance(0.6) ? random.int(1, 2) : 0;
        if (arrivals > 0) counted.push({ atom, epoch, respondents: arrivals });
      }
      const plan = planEpochRelease({ units: counted, settings, epoch, pinned, invitedAtoms: atoms });
      plans.push(plan);
      pinned.push(...plan.newlyReleased);
      const work = epochPlanWork(plan);
      expect(work.steps).toBeLessThanOrEqual(plan.groups.length);
      // Candidates of this epoch plus one pinned set per pinned class, which never outnumber the units.
      expect(work.sets).toBeLessThanOrEqual(plan.groups.length + work.units);
      mostSteps = Math.max(mostSteps, work.steps);
      mostComparisons = Math.max(mostComparisons, work.comparisons);
      mostSets = Math.max(mostSets, work.sets);
      totalComparisons += work.comparisons;
      expect(work.comparisons).toBeLessThan(20 * work.units + 10_000);
    }
    const elapsed = performance.now() - started;
    const last = plans.at(-1) as EpochReleasePlan;
    const lastWork = epochPlanWork(last);
    console.log(
      `30 epochs × ${atoms.length} atoms: ${lastWork.units} units at the end, ${pinned.length} sets released; ` +
        `per epoch at most ${mostSteps} steps, ${mostComparisons} comparisons, ${mostSets} sets; ` +
        `${totalComparisons} comparisons in all, ${elapsed.toFixed(0)} ms`,
    );
    expect(lastWork.units).toBeGreaterThan(3000);
    // Late epochs still release: the organisation moves on whenever its new answers reach k.
    expect(releasedAtOf(last, 'org')).toBeGreaterThan(25);
    expect(verifyEpochClassRule(counted, asReleased(plans), 5)).toEqual([]);
  });
});
