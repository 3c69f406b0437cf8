/**
 * checkEpochFilter: a dashboard filter on an epoch plan is allowed exactly where its shape is offered and
 * its group is released at some epoch, so that a group read again after one more answer keeps its
 * earlier figure instead of being refused or moving on.
 */
import { describe, expect, it } from 'vitest';
import { type AtomKey, checkEpochFilter, type EpochUnit, type PrivacySettings, planEpochRelease, releasedAtOf } from './index.js';

const SETTINGS: PrivacySettings = { k: 5, commentK: 10, breakdownAttributes: ['team'] };
const atomOf = (team: string): AtomKey => ({ region: 'R', team, tenureBand: '0-2', role: 'rep' });
const unit = (team: string, epoch: number, respondents: number): EpochUnit => ({ atom: atomOf(team), epoch, respondents });

describe('checkEpochFilter', () => {
  it('allows a group released at an earlier epoch and refuses what is withheld or not offered', () => {
    const first = planEpochRelease({
      units: [unit('A', 1, 5)],
      settings: SETTINGS,
      epoch: 1,
      pinned: [],
      invitedAtoms: [atomOf('B')],
    });
    expect(checkEpochFilter(first, { team: 'A' })).toEqual({ allowed: true, groupKey: 'team=A' });
    expect(checkEpochFilter(first, {})).toEqual({ allowed: true, groupKey: 'org' });
    // The team of 6 gains its sixth answer with five answers elsewhere: its set at epoch 2 would single
    // the sixth out, so the team keeps epoch 1 and stays allowed; B would split the sixth from the others.
    const second = planEpochRelease({
      units: [unit('A', 1, 5), unit('A', 2, 1), unit('B', 2, 5)],
      settings: SETTINGS,
      epoch: 2,
      pinned: first.newlyReleased,
    });
    expect(releasedAtOf(second, 'team=A')).toBe(1);
    expect(checkEpochFilter(second, { team: 'A' })).toEqual({ allowed: true, groupKey: 'team=A' });
    expect(releasedAtOf(second, 'org')).toBe(2);
    expect(checkEpochFilter(second, { team: 'B' })).toEqual({ allowed: false, groupKey: 'team=B', reason: 'complementary' });
    // Not offered (no region breakdown), unknown value, or never released: no count in the answer.
    expect(checkEpochFilter(second, { region: 'R' })).toEqual({ allowed: false, groupKey: 'region=R', reason: 'not_offered' });
    expect(checkEpochFilter(second, { team: 'Z' })).toEqual({ allowed: false, groupKey: 'team=Z', reason: 'below_minimum' });
    const small = planEpochRelease({ units: [unit('A', 1, 4)], settings: SETTINGS, epoch: 1, pinned: [] });
    expect(checkEpochFilter(small, { team: 'A' })).toEqual({ allowed: false, groupKey: 'team=A', reason: 'below_minimum' });
  });
});
