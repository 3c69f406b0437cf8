/**
 * Survey submissions per second through the answering service (token lookup, validation against the
 * form, marking the invitation, inserting the response and its answers in one transaction), next to raw
 * inserts of the same rows (the invitation update, the response row and its answer rows, one transaction
 * each) in the same process. Goal: at least half the raw rate.
 */
import { randomUUID } from 'node:crypto';
import { pulseCycleIndexOfMonth, pulseItemsFor } from '../common/instrument/forms.js';
import type { DialectName } from '../server/db/database.js';
import { nowIso } from '../server/db/database.js';
import { submitAnswers } from '../server/features/surveys/answering.service.js';
import { openCycle } from '../server/features/surveys/cycles.service.js';
import { createRandom } from '../server/lib/random.js';
import { hashToken } from '../server/lib/tokens.js';
import type { BenchRow } from './support.js';
import { openBenchDeps } from './support.js';

const RESPONDENTS = 1_000;

export async function benchSurveySubmissions(dialect: DialectName): Promise<BenchRow[]> {
  const deps = await openBenchDeps(dialect);
  const { db } = deps.database;
  const random = createRandom(`survey-${dialect}`);
  try {
    const organisationId = randomUUID();
    const now = nowIso();
    await db
      .insertInto('organisations')
      .values({ id: organisationId, name: 'Bench surveys', default_locale: 'de', created_at: now })
      .execute();
    const teams = Array.from({ length: 20 }, (_, i) => ({
      id: randomUUID(),
      organisation_id: organisationId,
      name: `Vertrieb ${i + 1}`,
      kind: 'sales' as const,
      region: `Region ${i % 4}`,
      created_at: now,
    }));
    await db.insertInto('teams').values(teams).execute();
    const people = Array.from({ length: RESPONDENTS * 2 }, (_, i) => ({
      id: randomUUID(),
      organisation_id: organisationId,
      email: `rep-${i}-${randomUUID()}@bench.test`,
      name: `Rep ${i}`,
      role: 'sales_rep' as const,
      team_id: (teams[i % teams.length] ?? teams[0])?.id ?? null,
      start_date: `20${10 + (i % 15)}-03-01`,
      locale: 'de' as const,
      status: 'active' as const,
      password_hash: null,
      created_at: now,
      updated_at: now,
    }));
    for (let i = 0; i < people.length; i += 500)
      await db
        .insertInto('users')
        .values(people.slice(i, i + 500))
        .execute();

    const actor = { userId: randomUUID(), organisationId, organisationName: 'Bench', ip: '127.0.0.1' };
    const closesOn = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const cycle = await openCycle(
      deps,
      actor,
      { form: 'pulse', audienceTeamIds: [], withMirror: false, closesOn },
      'http://bench',
    );
    const mails = await db.selectFrom('mail_outbox').select('body_text').where('organisation_id', '=', organisationId).execute();
    const tokens = mails.map((m) => /\/answer\/([A-Za-z0-9_-]+)/.exec(m.body_text)?.[1]).filter((t): t is string => Boolean(t));
    if (tokens.length !== RESPONDENTS * 2) throw new Error(`expected ${RESPONDENTS * 2} links, found ${tokens.length}`);

    const items = pulseItemsFor(pulseCycleIndexOfMonth(now.slice(0, 7)));
    const answersOf = () =>
      Object.fromEntries(
        items.map((item) => [
          item.id,
          item.kind === 'likert' ? random.int(1, 5) : item.kind === 'nps' ? random.int(0, 10) : 'Mehr Besuche im Außendienst',
        ]),
      );

    const invitations = await db
      .selectFrom('survey_invitations')
      .select(['id', 'token_hash', 'atom_team_id', 'atom_region', 'atom_tenure_band', 'atom_role'])
      .where('cycle_id', '=', cycle.id)
      .execute();
    const byHash = new Map(invitations.map((inv) => [inv.token_hash, inv]));
    const writeRaw = async (token: string) => {
      const invitation = byHash.get(hashToken(token));
      if (!invitation) throw new Error('unknown token');
      const responseId = randomUUID();
      const answers = answersOf();
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('survey_invitations').set({ answered: 1 }).where('id', '=', invitation.id).execute();
        await trx
          .insertInto('survey_responses')
          .values({
            id: responseId,
            cycle_id: cycle.id,
            organisation_id: organisationId,
            form: 'sales',
            team_id: invitation.atom_team_id,
            region: invitation.atom_region,
            tenure_band: invitation.atom_tenure_band,
            role: invitation.atom_role,
            client_key_hash: hashToken(randomUUID()),
          })
          .execute();
        await trx
          .insertInto('survey_answers')
          .values(
            Object.entries(answers).map(([itemId, value]) => ({
              response_id: responseId,
              cycle_id: cycle.id,
              item_id: itemId,
              value: typeof value === 'number' ? value : null,
              text: typeof value === 'string' ? value : null,
            })),
          )
          .execute();
      });
    };

    // Interleaved, so that both paths meet the same database state: half the invitees answer through the
    // service, the other half's rows are written raw.
    let serviceSeconds = 0;
    let rawSeconds = 0;
    for (let i = 0; i < RESPONDENTS; i++) {
      const serviceToken = tokens[i] as string;
      const rawToken = tokens[RESPONDENTS + i] as string;
      let started = performance.now();
      await submitAnswers(deps, serviceToken, { clientKey: randomUUID(), answers: answersOf() });
      serviceSeconds += (performance.now() - started) / 1000;
      started = performance.now();
      await writeRaw(rawToken);
      rawSeconds += (performance.now() - started) / 1000;
    }
    const serviceRate = RESPONDENTS / serviceSeconds;
    const rawRate = RESPONDENTS / rawSeconds;
    return [
      {
        benchmark: `survey submissions (${RESPONDENTS}, 12 answers each)`,
        database: dialect,
        measured: `${serviceRate.toFixed(0)} /s`,
        baseline: `${rawRate.toFixed(0)} /s raw inserts of the same rows`,
        ratio: (serviceRate / rawRate).toFixed(2),
      },
    ];
  } finally {
    await deps.database.close();
  }
}
