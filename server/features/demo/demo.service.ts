/**
 * Loads the demo company (see demo-generator.ts) into an empty database: the first-run "demo" button
 * and `npm run demo` both end here. Whether the database is empty is the caller's check.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Insertable, Transaction } from 'kysely';
import { REQUEST_PRIORITIES, type RequestPriority, type RequestTypeKey } from '../../../common/api/contracts.js';
import type { Role } from '../../../common/roles.js';
import { type Database, nowIso } from '../../db/database.js';
import type {
  AssetReusesTable,
  AssetsTable,
  AssetTagsTable,
  RequestCommentsTable,
  RequestEventsTable,
  RequestRatingsTable,
  RequestSlaPausesTable,
  RequestsTable,
  RequestWatchersTable,
  SurveyAnswersTable,
  SurveyCyclesTable,
  SurveyInvitationsTable,
  SurveyResponsesTable,
  Tables,
} from '../../db/tables.js';
import { hashPassword } from '../../lib/passwords.js';
import { createRandom } from '../../lib/random.js';
import { hashToken } from '../../lib/tokens.js';
import { insertAuditEntry } from '../audit/audit.repository.js';
import { getPrivacySettings } from '../privacy/privacy.service.js';
import { listRequestTypes } from '../requests/requests.repository.js';
import { ensureDefaultRequestTypes } from '../requests/requests.service.js';
import { effectiveSlaTargets, loadBusinessCalendar, type SlaTargets } from '../sla/sla-clock.js';
import { assignAtoms } from '../surveys/atoms.js';
import { forgetParticipationOfClosingCycle } from '../surveys/closing.js';
import { DEFAULT_OPEN_DAYS } from '../surveys/schedules.service.js';
import { type AudienceMember, insertInvitations } from '../surveys/surveys.repository.js';
import {
  insertAccountRows,
  insertAnswerRows,
  insertAssetReuseRows,
  insertAssetRows,
  insertAssetTagRows,
  insertCycleRows,
  insertOrganisationRow,
  insertRatingRows,
  insertRequestCommentRows,
  insertRequestEventRows,
  insertRequestNumberCounter,
  insertRequestRows,
  insertRequestWatcherRows,
  insertResponseRows,
  insertSlaPauseRows,
  insertTeamRows,
  insertUserRows,
} from './demo.repository.js';
import {
  DEMO_DEFAULTS,
  type DemoCompanyData,
  type DemoGeneratorOptions,
  type DemoLogin,
  generateDemoCompany,
} from './demo-generator.js';
import { generateDemoLibrary } from './demo-library.js';
import { generateDemoPulses } from './demo-pulses.js';
import { type DemoRequest, generateDemoRequests } from './demo-requests.js';

export const DEMO_PASSWORD = 'tandem-demo';

export interface DemoCompany {
  organisationId: string;
  organisationName: string;
  logins: DemoLogin[];
  /** Figures for messages and tests. */
  counts: {
    teams: number;
    people: number;
    accounts: number;
    cycles: number;
    responses: number;
    requests: number;
    assets: number;
    reuses: number;
  };
}

/** How far back the demo's history reaches before its reference day. */
export const DEMO_PULSE_MONTHS = 24;
export const DEMO_REQUEST_DAYS = 365;

/** The seeded stream of the demo's activity, apart from the company's own so that the company stays as it was. */
export function demoActivityRandom(options: DemoGeneratorOptions, part: 'pulses' | 'requests' | 'library') {
  return createRandom(options.seed ?? DEMO_DEFAULTS.seed).fork(`activity:${part}`);
}

/**
 * Writes the generated company and its history (two years of trust pulses, a year of requests) in one
 * transaction. Options go to the generator; tests pass their own `emailDomain`, because e-mail
 * addresses are unique across the whole database. `beforeSeeding` runs first inside that transaction:
 * first-run setup takes its lock and checks that the database is still empty there.
 */
export async function seedDemoCompany(
  database: Database,
  options: DemoGeneratorOptions = {},
  beforeSeeding?: (trx: Transaction<Tables>) => Promise<void>,
): Promise<DemoCompany> {
  const settings = { asOf: nowIso().slice(0, 10), ...options };
  const company = generateDemoCompany(settings);
  // argon2id is deliberately slow: one hash serves every demo person.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = nowIso();
  const organisationId = randomUUID();
  const teamIds = new Map(company.teams.map((team) => [team.key, randomUUID()]));
  const personIds = new Map(company.people.map((person) => [person.key, randomUUID()]));
  const accountIds = new Map(company.accounts.map((account) => [account.key, randomUUID()]));
  const ids: Ids = { organisationId, teamIds, personIds, accountIds };

  const counts = await database.db.transaction().execute(async (trx) => {
    await beforeSeeding?.(trx);
    await insertOrganisationRow(trx, {
      id: organisationId,
      name: company.organisation.name,
      default_locale: company.organisation.defaultLocale,
      created_at: now,
    });
    await insertTeamRows(
      trx,
      company.teams.map((team) => ({
        id: idOf(teamIds, team.key),
        organisation_id: organisationId,
        name: team.name,
        kind: team.kind,
        region: team.region,
        created_at: now,
      })),
    );
    await insertUserRows(
      trx,
      company.people.map((person) => ({
        id: idOf(personIds, person.key),
        organisation_id: organisationId,
        email: person.email,
        name: person.name,
        role: person.role,
        team_id: person.teamKey ? idOf(teamIds, person.teamKey) : null,
        start_date: person.startDate,
        locale: person.locale,
        status: 'active' as const,
        password_hash: passwordHash,
        created_at: now,
        updated_at: now,
      })),
    );
    await insertAccountRows(
      trx,
      company.accounts.map((account) => ({
        id: idOf(accountIds, account.key),
        organisation_id: organisationId,
        name: account.name,
        owner_id: idOf(personIds, account.ownerKey),
        tier: account.tier,
        annual_potential: account.annualPotential,
        created_at: now,
        updated_at: now,
      })),
    );
    const pulses = await seedPulses(trx, company, ids, settings);
    const { requests, requestIds } = await seedRequests(trx, company, ids, settings);
    const library = await seedLibrary(trx, company, ids, requests, requestIds, settings);
    await insertAuditEntry(trx, {
      organisationId,
      actorId: null,
      action: 'organisation.demo_loaded',
      targetType: 'organisation',
      targetId: organisationId,
      details: {
        people: company.people.length,
        accounts: company.accounts.length,
        ...pulses,
        requests: requests.length,
        ...library,
      },
    });
    return { ...pulses, requests: requests.length, ...library };
  });

  return {
    organisationId,
    organisationName: company.organisation.name,
    logins: company.logins,
    counts: {
      teams: company.teams.length,
      people: company.people.length,
      accounts: company.accounts.length,
      ...counts,
    },
  };
}

interface Ids {
  organisationId: string;
  teamIds: Map<string, string>;
  personIds: Map<string, string>;
  accountIds: Map<string, string>;
}

/**
 * The hash of a random token that nobody holds: demo invitations were never mailed, and their responses
 * came from no device. One draw of random bytes for many tokens keeps the first-run demo quick.
 */
const unusedTokenHash = (() => {
  let pool = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset + 32 > pool.length) {
      pool = randomBytes(32 * 1024);
      offset = 0;
    }
    offset += 32;
    return hashToken(pool.subarray(offset - 32, offset).toString('base64url'));
  };
})();

function idOf(ids: Map<string, string>, key: string): string {
  const id = ids.get(key);
  if (!id) throw new Error(`demo data refers to an unknown key ${key}`);
  return id;
}

/**
 * The pulses as the product stores them: cycles, invitations whose atoms are assigned (and widened) by
 * the function cycle opening uses, and responses with random ids and the invitation's atom but no
 * person and no time, the invitation marked answered while the cycle is open and nobody's marked once it
 * has closed. See docs/decisions/0004-survey-storage.md.
 */
async function seedPulses(
  trx: Transaction<Tables>,
  company: DemoCompanyData,
  ids: Ids,
  settings: DemoGeneratorOptions & { asOf: string },
): Promise<{ cycles: number; responses: number }> {
  const privacy = await getPrivacySettings(trx, ids.organisationId);
  const cycles = generateDemoPulses(demoActivityRandom(settings, 'pulses'), company.teams, company.people, {
    asOf: settings.asOf,
    months: DEMO_PULSE_MONTHS,
    openDays: DEFAULT_OPEN_DAYS,
    minCommentGroupSize: privacy.minCommentGroupSize,
  });
  const regionOf = new Map(company.teams.map((team) => [team.key, team.region]));
  const people = new Map(company.people.map((person) => [person.key, person]));
  const memberOf = (key: string): AudienceMember => {
    const person = people.get(key);
    if (!person) throw new Error(`demo data refers to an unknown person ${key}`);
    return {
      id: idOf(ids.personIds, key),
      email: person.email,
      name: person.name,
      locale: person.locale,
      role: person.role,
      start_date: person.startDate,
      team_id: person.teamKey ? idOf(ids.teamIds, person.teamKey) : null,
      region: person.teamKey ? (regionOf.get(person.teamKey) ?? null) : null,
    };
  };

  const cycleRows: Omit<SurveyCyclesTable, 'version'>[] = [];
  const invitations: SurveyInvitationsTable[] = [];
  const responses: SurveyResponsesTable[] = [];
  const answers: SurveyAnswersTable[] = [];
  for (const cycle of cycles) {
    const cycleId = randomUUID();
    cycleRows.push({
      id: cycleId,
      organisation_id: ids.organisationId,
      form: cycle.form,
      // Like a cycle opened without a title: each reader sees it named in their language.
      title: '',
      pulse_index: cycle.pulseIndex,
      with_mirror: cycle.withMirror ? 1 : 0,
      audience_team_ids: '[]',
      opens_on: cycle.opensOn,
      closes_on: cycle.closesOn,
      status: cycle.status,
      min_group_size: privacy.minGroupSize,
      min_comment_group_size: privacy.minCommentGroupSize,
      breakdown_attributes: JSON.stringify(privacy.breakdownAttributes),
      // Opened by the schedule, as the demo company would have set it up.
      created_by: null,
      created_at: `${cycle.opensOn}T05:00:00.000Z`,
    });
    const answered = new Set(cycle.responses.map((response) => `${response.form}:${response.personKey}`));
    const atomOf = new Map<string, SurveyInvitationsTable>();
    for (const form of ['sales', 'mirror'] as const) {
      const members = cycle.invited[form].map(memberOf);
      const atoms = assignAtoms(members, cycle.opensOn, privacy.minGroupSize);
      cycle.invited[form].forEach((key, i) => {
        const member = members[i] as AudienceMember;
        const atom = atoms.get(member.id);
        if (!atom) throw new Error('every invited person has an atom');
        const invitation: SurveyInvitationsTable = {
          id: randomUUID(),
          cycle_id: cycleId,
          organisation_id: ids.organisationId,
          user_id: member.id,
          form,
          token_hash: unusedTokenHash(),
          atom_team_id: atom.teamId,
          atom_region: atom.region,
          atom_tenure_band: atom.tenureBand,
          atom_role: atom.role,
          reminders_sent: 0,
          answered: answered.has(`${form}:${key}`) ? 1 : 0,
        };
        invitations.push(invitation);
        atomOf.set(`${form}:${key}`, invitation);
      });
    }
    for (const response of cycle.responses) {
      const invitation = atomOf.get(`${response.form}:${response.personKey}`);
      if (!invitation) throw new Error('every response belongs to an invitation');
      const responseId = randomUUID();
      responses.push({
        id: responseId,
        cycle_id: cycleId,
        organisation_id: ids.organisationId,
        form: response.form,
        team_id: invitation.atom_team_id,
        region: invitation.atom_region,
        tenure_band: invitation.atom_tenure_band,
        role: invitation.atom_role,
        client_key_hash: unusedTokenHash(),
        // The demo's answers were all counted at once: one release epoch (decision 0013), so figures show.
        release_epoch: 1,
      });
      for (const [itemId, value] of Object.entries(response.answers)) {
        answers.push({
          response_id: responseId,
          cycle_id: cycleId,
          item_id: itemId,
          value: typeof value === 'number' ? value : null,
          text: typeof value === 'string' ? value : null,
        });
      }
    }
  }
  await insertCycleRows(trx, cycleRows);
  await insertInvitations(trx, invitations);
  await insertResponseRows(trx, responses);
  await insertAnswerRows(trx, answers);
  // Epoch 1 of every cycle and form with answers: dated on the closing day, or today for an open cycle.
  const epochs = new Map<string, { cycle_id: string; form: 'sales' | 'mirror'; epoch: number; day: string }>();
  const cycleById = new Map(cycleRows.map((cycle) => [cycle.id, cycle]));
  for (const response of responses) {
    const cycle = cycleById.get(response.cycle_id) as (typeof cycleRows)[number];
    const day = cycle.status === 'closed' ? cycle.closes_on : settings.asOf;
    epochs.set(`${response.cycle_id}:${response.form}`, { cycle_id: response.cycle_id, form: response.form, epoch: 1, day });
  }
  if (epochs.size > 0)
    await trx
      .insertInto('survey_release_epochs')
      .values([...epochs.values()])
      .execute();
  // A closed demo cycle is stored as closing leaves a real one: who answered it forgotten.
  for (const cycle of cycleRows) {
    if (cycle.status === 'closed') await forgetParticipationOfClosingCycle(trx, cycle.id);
  }
  return { cycles: cycleRows.length, responses: responses.length };
}

/**
 * A year of requests with the request types, targets and business calendar the request services use,
 * and the number counter set so that the next filing continues the sequence.
 */
async function seedRequests(
  trx: Transaction<Tables>,
  company: DemoCompanyData,
  ids: Ids,
  settings: DemoGeneratorOptions & { asOf: string },
): Promise<{ requests: DemoRequest[]; requestIds: Map<number, string> }> {
  const { organisationId } = ids;
  await ensureDefaultRequestTypes(trx, organisationId);
  const types = new Map((await listRequestTypes(trx, organisationId)).map((type) => [type.key, type.id]));
  const targets = new Map<string, SlaTargets>();
  for (const [key, typeId] of types) {
    for (const priority of REQUEST_PRIORITIES) {
      targets.set(`${key}:${priority}`, await effectiveSlaTargets(trx, organisationId, typeId, priority));
    }
  }
  const requests = generateDemoRequests(
    demoActivityRandom(settings, 'requests'),
    company.teams,
    company.people,
    company.accounts,
    {
      asOf: settings.asOf,
      days: DEMO_REQUEST_DAYS,
      calendar: await loadBusinessCalendar(trx, organisationId),
      targetsOf: (type: RequestTypeKey, priority: RequestPriority) => targets.get(`${type}:${priority}`) as SlaTargets,
    },
  );
  const person = (key: string) => idOf(ids.personIds, key);
  const requestRows: Insertable<RequestsTable>[] = [];
  const comments: RequestCommentsTable[] = [];
  const events: RequestEventsTable[] = [];
  const watchers: RequestWatchersTable[] = [];
  const pauses: RequestSlaPausesTable[] = [];
  const ratings: Insertable<RequestRatingsTable>[] = [];
  const requestIds = new Map<number, string>();
  for (const request of requests) {
    const requestId = randomUUID();
    requestIds.set(request.number, requestId);
    requestRows.push({
      id: requestId,
      organisation_id: organisationId,
      number: request.number,
      type_id: idOf(types, request.typeKey),
      title: request.title,
      description: request.description,
      account_id: request.accountKey ? idOf(ids.accountIds, request.accountKey) : null,
      due_on: request.dueOn,
      priority: request.priority,
      status: request.status,
      decline_reason: request.declineReason,
      requester_id: person(request.requesterKey),
      team_id: request.teamKey ? idOf(ids.teamIds, request.teamKey) : null,
      assignee_id: request.assigneeKey ? person(request.assigneeKey) : null,
      created_at: request.createdAt,
      updated_at: request.updatedAt,
      first_response_at: request.firstResponseAt,
      delivered_at: request.deliveredAt,
      closed_at: request.closedAt,
      version: 1 + request.changes,
      first_response_target_minutes: request.targets.firstResponseMinutes,
      resolution_target_minutes: request.targets.resolutionMinutes,
      sla_stopped_at: request.slaStoppedAt,
      resolution_due_at: request.resolutionDueAt,
      resolution_at_risk_at: request.resolutionAtRiskAt,
      sla_at_risk_notified_at: request.atRiskNotifiedAt,
      sla_breached_notified_at: request.breachedNotifiedAt,
      ...request.slaOutcomes,
    });
    const commentIds = request.comments.map(() => randomUUID());
    request.comments.forEach((comment, i) => {
      comments.push({
        id: commentIds[i] as string,
        organisation_id: organisationId,
        request_id: requestId,
        author_id: person(comment.authorKey),
        body: comment.body,
        visibility: comment.visibility,
        created_at: comment.at,
      });
    });
    for (const event of request.events) {
      const details =
        event.kind === 'assigned'
          ? {
              from: typeof event.details.from === 'string' ? person(event.details.from) : null,
              to: person(event.details.to as string),
            }
          : event.commentIndex === undefined
            ? event.details
            : { commentId: commentIds[event.commentIndex], ...event.details };
      events.push({
        id: randomUUID(),
        organisation_id: organisationId,
        request_id: requestId,
        actor_id: person(event.actorKey),
        kind: event.kind,
        details: JSON.stringify(details),
        created_at: event.at,
      });
    }
    for (const key of request.watcherKeys) watchers.push({ request_id: requestId, user_id: person(key) });
    for (const pause of request.pauses) {
      pauses.push({
        id: randomUUID(),
        request_id: requestId,
        organisation_id: organisationId,
        reason: 'waiting_for_sales',
        started_at: pause.startedAt,
        ended_at: pause.endedAt,
      });
    }
    if (request.rating) {
      ratings.push({
        request_id: requestId,
        organisation_id: organisationId,
        rater_id: person(request.requesterKey),
        score: request.rating.score,
        comment: request.rating.comment,
        extra_mile: request.rating.extraMile ? 1 : 0,
        created_at: request.rating.at,
        updated_at: request.rating.at,
      });
    }
  }
  await insertRequestRows(trx, requestRows);
  await insertRequestNumberCounter(trx, organisationId, requests.length);
  await insertRequestCommentRows(trx, comments);
  await insertRequestEventRows(trx, events);
  await insertRequestWatcherRows(trx, watchers);
  await insertSlaPauseRows(trx, pauses);
  await insertRatingRows(trx, ratings);
  return { requests, requestIds };
}

/** The company's intranet, where the published deliverables live; `.test` never resolves. */
const DEMO_INTRANET_URL = 'https://intranet.brenner-antriebstechnik.test/vertrieb/material';

/**
 * The asset library marketing built from the delivered requests, and the sales people's reuse of it.
 * Plain inserts: the search index follows by itself (FTS5 triggers on SQLite, a generated tsvector on
 * PostgreSQL), as it does for assets published in the app.
 */
async function seedLibrary(
  trx: Transaction<Tables>,
  company: DemoCompanyData,
  ids: Ids,
  requests: readonly DemoRequest[],
  requestIds: ReadonlyMap<number, string>,
  settings: DemoGeneratorOptions & { asOf: string },
): Promise<{ assets: number; reuses: number }> {
  const { organisationId } = ids;
  const library = generateDemoLibrary(demoActivityRandom(settings, 'library'), requests, company.people, {
    asOf: settings.asOf,
    intranetUrl: DEMO_INTRANET_URL,
  });
  const assetIds = library.assets.map(() => randomUUID());
  const assets: Insertable<AssetsTable>[] = [];
  const tags: AssetTagsTable[] = [];
  library.assets.forEach((asset, i) => {
    const id = assetIds[i] as string;
    assets.push({
      id,
      organisation_id: organisationId,
      request_id: requestIds.get(asset.requestNumber) ?? null,
      kind: 'link',
      url: asset.url,
      attachment_id: null,
      title: asset.title,
      description: asset.description,
      tags_text: asset.tags.join(' '),
      language: asset.language,
      publisher_id: idOf(ids.personIds, asset.publisherKey),
      created_at: asset.publishedAt,
      updated_at: asset.publishedAt,
    });
    for (const tag of asset.tags) tags.push({ asset_id: id, organisation_id: organisationId, tag });
  });
  const reuses: AssetReusesTable[] = library.reuses.map((reuse) => ({
    asset_id: assetIds[reuse.assetIndex] as string,
    user_id: idOf(ids.personIds, reuse.personKey),
    organisation_id: organisationId,
    via: reuse.via,
    created_at: reuse.at,
  }));
  await insertAssetRows(trx, assets);
  await insertAssetTagRows(trx, tags);
  await insertAssetReuseRows(trx, reuses);
  return { assets: assets.length, reuses: reuses.length };
}

export function demoLogins(demo: DemoCompany): { role: Role; email: string; name: string }[] {
  return demo.logins.map(({ role, email, name }) => ({ role, email, name }));
}
