/**
 * The guarantee of anonymity.md and decision 0013, checked through the public HTTP interface only. Each
 * run builds an organisation of random shape, opens a pulse for its reps and then interleaves, at random,
 * submissions, reads of results, comments, dashboard and its CSV export as the marketing lead, and the
 * closing of the cycle. The test knows the truth: after each read it looks at the stored responses and
 * maps every shown group figure to the exact set of responses behind it (the group's responses counted up
 * to the release epoch whose count is the shown n; a comment list to the epoch whose comments it shows).
 * On the union of every set seen, every class of responses by membership pattern must be empty or reach
 * the minimum, and no shown n may be under it.
 */
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { BreakdownAttribute } from '../../../common/api/surveys.js';
import { pulseCycleIndexOfMonth, pulseItemsFor } from '../../../common/instrument/forms.js';
import { respondentTrustIndex } from '../../../common/instrument/scoring.js';
import { createRandom } from '../../lib/random.js';
import { createOrganisationWithRoles, createTeam, createUser } from '../../test/factories.js';
import { describeEachDialect, type TestContext } from '../../test/harness.js';
import { storeStatisticsOfClosedCycles } from '../jobs/closed-cycle-statistics.job.js';

// 40 runs take about 10 s on SQLite and 20 s on PostgreSQL; more with ANONYMITY_HTTP_RUNS.
const RUNS = Number(process.env.ANONYMITY_HTTP_RUNS ?? 40);
const ATTRIBUTES = ['team', 'region', 'tenureBand', 'role'] as const satisfies readonly BreakdownAttribute[];
type Attribute = (typeof ATTRIBUTES)[number];
type Filter = Partial<Record<Attribute, string>>;

const closesOn = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
const pulseItems = () => pulseItemsFor(pulseCycleIndexOfMonth(new Date().toISOString().slice(0, 7)));
/** The day `years` years before today. */
const yearsAgo = (years: number) => {
  const day = new Date();
  day.setUTCDate(day.getUTCDate() - Math.round(years * 365.25));
  return day.toISOString().slice(0, 10);
};
/** Years of service of the start dates people get, one per tenure band (null: no start date). */
const START_DATES = [null, 0.5, 2, 4, 8] as const;
/** The tenure band of each start date above, on the opening day. */
const TENURE_BANDS = ['unknown', '0-1', '1-3', '3-5', '5+'] as const;

interface MemberShape {
  readonly lead: boolean;
  readonly tenure: number;
}
interface TeamShape {
  readonly region: number;
  readonly members: readonly MemberShape[];
}
interface Shape {
  readonly teams: readonly TeamShape[];
  readonly k: 3 | 5;
  readonly commentExtra: number;
  readonly breakdownAttributes: readonly Attribute[];
}

const shapeArbitrary: fc.Arbitrary<Shape> = fc.record({
  teams: fc.array(
    fc.record({
      region: fc.nat({ max: 1 }),
      members: fc.array(
        fc.record({ lead: fc.nat({ max: 5 }).map((draw) => draw === 0), tenure: fc.nat({ max: START_DATES.length - 1 }) }),
        { minLength: 1, maxLength: 9, size: 'max' },
      ),
    }),
    { minLength: 2, maxLength: 4, size: 'max' },
  ),
  k: fc.oneof({ weight: 2, arbitrary: fc.constant(3 as const) }, { weight: 1, arbitrary: fc.constant(5 as const) }),
  commentExtra: fc.constantFrom(0, 2),
  // Mostly every attribute, so that most reads release something; sometimes a random choice of them.
  breakdownAttributes: fc.oneof(
    { weight: 3, arbitrary: fc.constant([...ATTRIBUTES]) },
    { weight: 1, arbitrary: fc.subarray([...ATTRIBUTES]) },
  ),
});

type Step =
  | { readonly kind: 'submit'; readonly pick: number; readonly seed: number }
  | { readonly kind: 'results'; readonly pick: number; readonly second: number | null }
  | { readonly kind: 'comments'; readonly pick: number }
  | { readonly kind: 'dashboard'; readonly pick: number }
  | { readonly kind: 'csv'; readonly pick: number };
type Close = { readonly kind: 'close' };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ kind: fc.constant('submit' as const), pick: fc.nat(), seed: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('results' as const),
      pick: fc.nat(),
      second: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat() }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('comments' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('dashboard' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('csv' as const), pick: fc.nat() }) },
);

/** The steps, and in most runs the closing of the cycle somewhere in their second half (reads go on after it). */
const scheduleArbitrary = fc
  .record({
    steps: fc.array(stepArbitrary, { minLength: 25, maxLength: 70, size: 'max' }),
    closeAt: fc.option(fc.nat(), { nil: null, freq: 4 }),
  })
  .map(({ steps, closeAt }) => {
    if (closeAt === null) return steps as readonly (Step | Close)[];
    const half = Math.floor(steps.length / 2);
    const at = half + (closeAt % (steps.length - half + 1));
    return [...steps.slice(0, at), { kind: 'close' as const }, ...steps.slice(at)];
  });

/** One stored response as the database holds it: its atom columns, epoch, trust index and comment texts. */
interface StoredResponse {
  readonly id: string;
  readonly atom: Readonly<Record<Attribute, string>>;
  readonly epoch: number | null;
  readonly trustIndex: number | null;
  readonly texts: readonly string[];
}

async function loadResponses(c: TestContext, cycleId: string): Promise<StoredResponse[]> {
  const { db } = c.database;
  const responses = await db
    .selectFrom('survey_responses')
    .select(['id', 'team_id', 'region', 'tenure_band', 'role', 'release_epoch'])
    .where('cycle_id', '=', cycleId)
    .where('form', '=', 'sales')
    .execute();
  const answers = await db
    .selectFrom('survey_answers')
    .select(['response_id', 'item_id', 'value', 'text'])
    .where('cycle_id', '=', cycleId)
    .execute();
  return responses.map((row) => {
    const own = answers.filter((answer) => answer.response_id === row.id);
    const trust: Record<string, number> = {};
    for (const answer of own) if (answer.value !== null) trust[answer.item_id] = Number(answer.value);
    return {
      id: row.id,
      atom: { team: row.team_id, region: row.region, tenureBand: row.tenure_band, role: row.role },
      epoch: row.release_epoch === null ? null : Number(row.release_epoch),
      trustIndex: respondentTrustIndex({ TRUST1: trust.TRUST1 ?? null, TRUST2: trust.TRUST2 ?? null }),
      texts: own.flatMap((answer) => (answer.text === null ? [] : [answer.text])),
    };
  });
}

const describeFilter = (filter: Filter) =>
  Object.keys(filter).length === 0
    ? 'organisation'
    : Object.entries(filter)
        .map(([attribute, value]) => `${attribute}=${value}`)
        .join('&');

/** What one audience has seen: the response sets behind every released figure, and the problems found. */
class Ledger {
  private readonly sets = new Map<string, { label: string; ids: ReadonlySet<string> }>();
  get size() {
    return this.sets.size;
  }
  /** Shown figures the responses could not decide between sets of different members: not recorded. */
  ambiguous = 0;
  constructor(
    readonly name: string,
    readonly minimum: number,
    readonly problems: string[],
  ) {}
  record(label: string, ids: readonly string[]) {
    const key = [...ids].sort().join(',');
    if (!this.sets.has(key)) this.sets.set(key, { label, ids: new Set(ids) });
    if (ids.length < this.minimum) this.problems.push(`${this.name}: ${label} released with ${ids.length} < ${this.minimum}`);
  }
  /** The class rule on the union of everything recorded. */
  check() {
    const sets = [...this.sets.values()];
    const classes = new Map<string, { size: number; labels: string[] }>();
    const everyone = new Set(sets.flatMap((set) => [...set.ids]));
    for (const id of everyone) {
      const memberOf = sets.filter((set) => set.ids.has(id));
      const pattern = memberOf.map((set) => sets.indexOf(set)).join('|');
      const entry = classes.get(pattern) ?? { size: 0, labels: memberOf.map((set) => set.label) };
      entry.size += 1;
      classes.set(pattern, entry);
    }
    for (const { size, labels } of classes.values()) {
      if (size < this.minimum) this.problems.push(`${this.name}: class of ${size} < ${this.minimum} in [${labels.join(' | ')}]`);
    }
  }
}

const matches = (response: StoredResponse, filter: Filter) =>
  ATTRIBUTES.every((attribute) => filter[attribute] === undefined || response.atom[attribute] === filter[attribute]);

/** The counted members of a group per epoch: the set at epoch e holds those counted in epochs ≤ e. */
function setsByEpoch(responses: readonly StoredResponse[], filter: Filter) {
  const members = responses.filter((response) => response.epoch !== null && matches(response, filter));
  const epochs = [...new Set(members.map((member) => member.epoch as number))].sort((a, b) => a - b);
  return epochs.map((epoch) => ({ epoch, members: members.filter((member) => (member.epoch as number) <= epoch) }));
}

/** Records the set behind a group shown with `n` respondents: the group counted up to the epoch giving n. */
function recordByCount(ledger: Ledger, responses: readonly StoredResponse[], label: string, filter: Filter, n: number) {
  if (n < ledger.minimum) ledger.problems.push(`${label} shows n = ${n} < ${ledger.minimum}`);
  const found = setsByEpoch(responses, filter).find((set) => set.members.length === n);
  if (!found) {
    ledger.problems.push(`${label} shows n = ${n}, which no release epoch of the group gives`);
    return;
  }
  ledger.record(
    `${label}@${found.epoch}`,
    found.members.map((member) => member.id),
  );
}

/** Distinct member sets among the candidate epochs; one is recorded, several are ambiguous, none a problem. */
function recordCandidates(
  ledger: Ledger,
  label: string,
  candidates: readonly { epoch: number; members: readonly StoredResponse[] }[],
  what: string,
) {
  const distinct = new Map(
    candidates.map((set) => [
      set.members
        .map((member) => member.id)
        .sort()
        .join(','),
      set,
    ]),
  );
  if (distinct.size === 0) ledger.problems.push(`${label} shows ${what}, which no release epoch of the group gives`);
  else if (distinct.size > 1) ledger.ambiguous += 1;
  else {
    const [only] = distinct.values();
    if (only)
      ledger.record(
        `${label}@${only.epoch}`,
        only.members.map((member) => member.id),
      );
  }
}

/** A team's trust index as shown (heatmap row, CSV line): the group at the epoch whose mean it is. */
function recordByTrustIndex(ledger: Ledger, responses: readonly StoredResponse[], label: string, teamId: string, shown: number) {
  const candidates = setsByEpoch(responses, { team: teamId }).filter((set) => {
    const values = set.members.flatMap((member) => (member.trustIndex === null ? [] : [member.trustIndex]));
    return values.length > 0 && Math.abs(values.reduce((a, b) => a + b, 0) / values.length - shown) < 1e-6;
  });
  recordCandidates(ledger, label, candidates, `trust index ${shown}`);
}

/** A comment list: the group at the epoch whose comment texts are exactly the ones shown. */
function recordComments(ledger: Ledger, responses: readonly StoredResponse[], label: string, filter: Filter, shown: string[]) {
  const shownSorted = [...shown].sort().join('\u0000');
  const candidates = setsByEpoch(responses, filter).filter(
    (set) =>
      set.members
        .flatMap((member) => member.texts)
        .sort()
        .join('\u0000') === shownSorted,
  );
  recordCandidates(ledger, label, candidates, `${shown.length} comments`);
}

interface Scenario {
  readonly c: TestContext;
  readonly shape: Shape;
  readonly steps: readonly (Step | Close)[];
  readonly tag: string;
}

async function runScenario({ c, shape, steps, tag }: Scenario) {
  const { db } = c.database;
  const { organisation, clients } = await createOrganisationWithRoles(c.app, db);
  const current = await clients.admin.inject({ method: 'GET', url: '/api/settings/privacy' });
  const k = shape.k;
  const commentK = shape.k + shape.commentExtra;
  const changed = await clients.admin.inject({
    method: 'PUT',
    url: '/api/settings/privacy',
    headers: { 'if-match': current.headers.etag as string },
    payload: { minGroupSize: k, minCommentGroupSize: commentK, breakdownAttributes: shape.breakdownAttributes },
  });
  expect(changed.statusCode, changed.body).toBe(200);

  const teams: { id: string; name: string; region: string }[] = [];
  const invitees: { email: string }[] = [];
  for (const [t, teamShape] of shape.teams.entries()) {
    const name = `T${t}`;
    const region = `R${teamShape.region}`;
    const team = await createTeam(db, organisation.id, { name, region });
    teams.push({ id: team.id, name, region });
    for (const member of teamShape.members) {
      const user = await createUser(db, organisation.id, { role: member.lead ? 'sales_lead' : 'sales_rep', teamId: team.id });
      const years = START_DATES[member.tenure] ?? null;
      await db
        .updateTable('users')
        .set({ start_date: years === null ? null : yearsAgo(years) })
        .where('id', '=', user.id)
        .execute();
      invitees.push({ email: user.email });
    }
  }
  const opened = await clients.marketing_lead.inject({
    method: 'POST',
    url: '/api/survey-cycles',
    payload: { form: 'pulse', audienceTeamIds: teams.map((team) => team.id), closesOn: closesOn(), withMirror: false },
  });
  expect(opened.statusCode, opened.body).toBe(201);
  const cycleId = opened.json().id as string;
  const mails = await db
    .selectFrom('mail_outbox')
    .select(['recipient', 'body_text'])
    .where('organisation_id', '=', organisation.id)
    .execute();
  const tokens = new Map<string, string>();
  for (const mail of mails) {
    const token = /\/answer\/([A-Za-z0-9_-]+)/.exec(mail.body_text)?.[1];
    if (token) tokens.set(mail.recipient, token);
  }
  const pending = invitees.filter((invitee) => tokens.has(invitee.email));
  expect(pending).toHaveLength(invitees.length);

  const problems: string[] = [];
  const scores = new Ledger('scores', k, problems);
  const comments = new Ledger('comments', commentK, problems);
  const log: string[] = [];
  const items = pulseItems();
  const openItems = items.filter((item) => item.kind === 'open').map((item) => item.id);
  const teamIdByName = new Map(teams.map((team) => [team.name, team.id]));

  // Every group a reader can ask for: the values people have, and '*' (atoms widened at opening).
  const members = shape.teams.flatMap((team) => team.members);
  const values: Record<Attribute, string[]> = {
    team: [...teams.map((team) => team.id), '*'],
    region: [...new Set(teams.map((team) => team.region)), '*'],
    tenureBand: [...new Set(members.map((member) => TENURE_BANDS[member.tenure] as string)), '*'],
    role: [...new Set(members.map((member) => (member.lead ? 'sales_lead' : 'sales_rep'))), '*'],
  };
  // The organisation thrice: it is the read that shows the breakdowns.
  const singleFilters = (attributes: readonly Attribute[]): Filter[] => [
    {},
    {},
    {},
    ...attributes.flatMap((attribute) => values[attribute].map((value) => ({ [attribute]: value }))),
  ];
  const resultFilters = singleFilters(ATTRIBUTES);
  const dashboardFilters = singleFilters(['team', 'region', 'tenureBand']);
  const query = (filter: Filter) =>
    Object.entries(filter)
      .map(([attribute, value]) => `${attribute}=${encodeURIComponent(value as string)}`)
      .join('&');
  const get = async (url: string) => {
    const response = await clients.marketing_lead.inject({ method: 'GET', url });
    expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
    return response;
  };

  let closed = false;
  let submitted = 0;
  for (const step of steps) {
    if (step.kind === 'submit') {
      if (closed || pending.length === 0) continue;
      const [invitee] = pending.splice(step.pick % pending.length, 1);
      const random = createRandom(step.seed);
      const given: Record<string, unknown> = {};
      for (const item of items) {
        if (item.kind === 'likert') given[item.id] = random.chance(0.2) ? null : random.int(1, 5);
        else if (item.kind === 'nps') given[item.id] = random.chance(0.1) ? null : random.int(0, 10);
      }
      const commented = random.chance(0.75);
      // Unique per response, so that a shown text names its response.
      if (commented) given[random.pick(openItems)] = `${tag} comment ${submitted}`;
      if (Object.values(given).every((value) => value === null)) given.TRUST1 = 3;
      const response = await c.app.inject({
        method: 'POST',
        url: `/api/answer/${tokens.get(invitee?.email as string)}`,
        payload: { clientKey: `key-${randomUUID()}`, answers: given },
      });
      expect(response.statusCode, response.body).toBe(201);
      log.push(`submit #${submitted}${commented ? ' (comment)' : ''}`);
      submitted += 1;
      continue;
    }
    if (step.kind === 'close') {
      if (closed) continue;
      const response = await clients.marketing_lead.inject({ method: 'POST', url: `/api/survey-cycles/${cycleId}/close` });
      expect(response.statusCode, response.body).toBe(200);
      await storeStatisticsOfClosedCycles(c.deps, { organisationIds: [organisation.id] });
      closed = true;
      log.push('close');
      continue;
    }

    if (step.kind === 'results') {
      let filter = resultFilters[step.pick % resultFilters.length] as Filter;
      if (step.second !== null) {
        const other = resultFilters[step.second % resultFilters.length] as Filter;
        if (Object.keys(other).every((attribute) => !(attribute in filter))) filter = { ...filter, ...other };
      }
      const body = (await get(`/api/survey-cycles/${cycleId}/results?${query(filter)}`)).json();
      const responses = await loadResponses(c, cycleId);
      log.push(`results ${describeFilter(filter)}: ${body.available ? `n = ${body.n}` : body.reason}`);
      if (!body.available) continue;
      recordByCount(scores, responses, `results ${describeFilter(filter)}`, filter, body.n);
      for (const breakdown of body.breakdowns as {
        attribute: Attribute;
        groups: { value: string; available: boolean; n?: number }[];
      }[]) {
        for (const group of breakdown.groups) {
          if (!group.available) continue;
          const groupFilter = { [breakdown.attribute]: group.value };
          recordByCount(scores, responses, `breakdown ${describeFilter(groupFilter)}`, groupFilter, group.n as number);
        }
      }
    } else if (step.kind === 'comments') {
      const filter = resultFilters[step.pick % resultFilters.length] as Filter;
      const body = (await get(`/api/survey-cycles/${cycleId}/comments?${query(filter)}`)).json();
      const responses = await loadResponses(c, cycleId);
      log.push(`comments ${describeFilter(filter)}: ${body.available ? `${body.comments.length} shown` : body.reason}`);
      if (!body.available) continue;
      const texts = (body.comments as { text: string }[]).map((comment) => comment.text);
      recordComments(comments, responses, `comments ${describeFilter(filter)}`, filter, texts);
    } else if (step.kind === 'dashboard') {
      const filter = dashboardFilters[step.pick % dashboardFilters.length] as Filter;
      const body = (await get(`/api/dashboard?cycleId=${cycleId}&${query(filter)}`)).json();
      const responses = await loadResponses(c, cycleId);
      log.push(`dashboard ${describeFilter(filter)}: ${body.available ? `n = ${body.n}` : body.reason}`);
      if (!body.available) continue;
      recordByCount(scores, responses, `dashboard ${describeFilter(filter)}`, filter, body.n);
      for (const row of (body.heatmap?.rows ?? []) as { teamId: string; available: boolean; trustIndex?: number | null }[]) {
        if (!row.available || row.trustIndex === null || row.trustIndex === undefined) continue;
        recordByTrustIndex(scores, responses, `heatmap team=${row.teamId}`, row.teamId, row.trustIndex);
      }
    } else {
      const filter = dashboardFilters[step.pick % dashboardFilters.length] as Filter;
      const body = (await get(`/api/dashboard/export.csv?cycleId=${cycleId}&${query(filter)}`)).body;
      const responses = await loadResponses(c, cycleId);
      const rows = parse(body, { bom: true, relax_column_count: true }) as string[][];
      const n = rows.find((row) => row[0] === 'respondents' && row[1] === 'n')?.[2];
      log.push(`csv ${describeFilter(filter)}: ${n === undefined ? 'not available' : `n = ${n}`}`);
      if (n === undefined) continue;
      recordByCount(scores, responses, `csv ${describeFilter(filter)}`, filter, Number(n));
      for (const row of rows) {
        const teamName = row[0]?.startsWith('team ') ? row[0].slice('team '.length) : undefined;
        if (teamName === undefined || row[1] !== 'trust_index' || !row[2]) continue;
        const teamId = teamIdByName.get(teamName);
        if (!teamId) problems.push(`csv names an unknown team ${teamName}`);
        else recordByTrustIndex(scores, responses, `csv team=${teamId}`, teamId, Number(row[2]));
      }
    }
  }

  scores.check();
  comments.check();
  return { problems, log, sets: scores.size + comments.size, ambiguous: scores.ambiguous + comments.ambiguous };
}

const shapeOf = (shape: Shape) =>
  `k = ${shape.k}, k_c = ${shape.k + shape.commentExtra}, breakdowns [${shape.breakdownAttributes.join(', ')}], teams ${shape.teams
    .map((team) => `R${team.region}:${team.members.length}`)
    .join(' ')}`;

describeEachDialect('anonymity through the HTTP interface (property)', (ctx) => {
  it('keeps every class of responses behind everything shown over time empty or at the minimum', async () => {
    const c = ctx();
    const seed = Number(process.env.ANONYMITY_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`anonymity HTTP property test [${c.dialect}] seed: ${seed} (rerun with ANONYMITY_SEED=${seed})`);
    let run = 0;
    let ambiguous = 0;
    let sets = 0;
    await fc.assert(
      fc.asyncProperty(shapeArbitrary, scheduleArbitrary, async (shape, steps) => {
        run += 1;
        const outcome = await runScenario({ c, shape, steps, tag: `run${run}-${randomUUID().slice(0, 6)}` });
        ambiguous += outcome.ambiguous;
        sets += outcome.sets;
        expect(outcome.problems, `${shapeOf(shape)}\n${outcome.log.join('\n')}`).toEqual([]);
      }),
      { numRuns: RUNS, seed },
    );
    console.log(
      `anonymity HTTP property test [${c.dialect}]: ${run} runs, ${sets} distinct sets checked, ${ambiguous} shown figures left unmapped (ambiguous)`,
    );
  }, 600_000);
});
