/**
 * A year of requests from sales to marketing for the demo company, as plain data: who filed what and
 * when, who worked on it, how it moved through the workflow, comments, ratings, and the SLA fields the
 * request services would have stored. Times advance in business time on the organisation's calendar
 * and the SLA fields come from the same functions the services use, so the queue, the detail page and
 * reports agree. Pure and deterministic given the calendar and targets.
 */
import type { CommentVisibility, RequestPriority, RequestStatus, RequestTypeKey } from '../../../common/api/contracts.js';
import type { Locale } from '../../../common/roles.js';
import { addBusinessMillis, type BusinessCalendar, isBusinessDay } from '../../lib/business-time/index.js';
import type { Random } from '../../lib/random.js';
import { pausesOf, resolutionSchedule, type SlaOutcomeColumns, type SlaTargets, slaOutcomes } from '../sla/sla-clock.js';
import type { DemoAccount, DemoPerson, DemoTeam } from './demo-generator.js';
import {
  COMPETITORS,
  DECLINE_REASONS,
  DELIVERY_NOTES,
  INTERNAL_NOTES,
  type LibraryTemplate,
  MARKETING_QUESTIONS,
  PRODUCTS,
  pickText,
  RATING_COMMENTS,
  REQUEST_TEMPLATES,
  REQUESTER_ANSWERS,
  TRADE_FAIRS,
} from './demo-texts.js';

export type DemoRequestEventKind = 'created' | 'status_changed' | 'assigned' | 'commented' | 'rated';

export interface DemoRequestComment {
  authorKey: string;
  body: string;
  visibility: CommentVisibility;
  at: string;
}

export interface DemoRequestEvent {
  kind: DemoRequestEventKind;
  actorKey: string;
  at: string;
  details: Record<string, unknown>;
  /** For 'commented': the index of the comment in `comments`, whose id goes into the details. */
  commentIndex?: number;
}

export interface DemoRequest {
  number: number;
  typeKey: RequestTypeKey;
  priority: RequestPriority;
  title: string;
  description: string;
  accountKey: string | null;
  dueOn: string | null;
  status: RequestStatus;
  declineReason: string | null;
  requesterKey: string;
  teamKey: string | null;
  assigneeKey: string | null;
  createdAt: string;
  updatedAt: string;
  firstResponseAt: string | null;
  deliveredAt: string | null;
  closedAt: string | null;
  /** Status changes and assignments made, on top of the first version. */
  changes: number;
  targets: SlaTargets;
  slaStoppedAt: string | null;
  resolutionDueAt: string | null;
  resolutionAtRiskAt: string | null;
  /** The stored outcomes of the clocks stopped by the end, as the request services write them. */
  slaOutcomes: SlaOutcomeColumns;
  /** Set where the SLA check would already have announced the state (open requests only). */
  atRiskNotifiedAt: string | null;
  breachedNotifiedAt: string | null;
  pauses: { startedAt: string; endedAt: string | null }[];
  comments: DemoRequestComment[];
  events: DemoRequestEvent[];
  watcherKeys: string[];
  rating: { score: number; comment: string | null; extraMile: boolean; at: string } | null;
  subject: DemoSubject;
  /** What marketing would publish from it once delivered, if anything. */
  library: LibraryTemplate | null;
}

export interface DemoRequestOptions {
  asOf: string;
  /** Days of history before `asOf`. */
  days: number;
  calendar: BusinessCalendar;
  targetsOf: (type: RequestTypeKey, priority: RequestPriority) => SlaTargets;
}

/** Requests a sales rep files per business day on average, before team, person and season. */
const REQUESTS_PER_REP_DAY = 0.1;
const REQUESTS_PER_LEAD_DAY = 0.04;

/** Monthly seasonality: trade fairs in spring and autumn, summer holidays, quiet end of year. */
const SEASON = [1.05, 1.2, 1.2, 1.1, 1.0, 0.95, 0.8, 0.6, 1.1, 1.2, 1.1, 0.65];

const TYPE_WEIGHTS: readonly (readonly [RequestTypeKey, number])[] = [
  ['collateral', 25],
  ['campaign_support', 11],
  ['event_support', 9],
  ['lead_list', 12],
  ['competitive_intelligence', 10],
  ['pricing_support', 15],
  ['training', 8],
  ['other', 10],
];

const PRIORITY_WEIGHTS: readonly (readonly [RequestPriority, number])[] = [
  ['low', 15],
  ['normal', 58],
  ['high', 21],
  ['urgent', 6],
];

/** Which marketing team (by position) works a type: product marketing the content, communications the rest. */
const PRODUCT_MARKETING_TYPES: readonly RequestTypeKey[] = [
  'collateral',
  'competitive_intelligence',
  'pricing_support',
  'training',
];

/** Per sales team (by position): how much it files and how its service speed changes over the year. */
const TEAM_VOLUME = [1.2, 1.0, 0.9, 1.1, 0.8, 1.0];
/** Per year; negative is faster. Südwest gets faster service, Ost slower: their trust follows. */
const TEAM_SPEED_TREND = [0, -0.3, 0, 0, 0.35, 0];

const HOUR = 3_600_000;
const DAY = 86_400_000;

interface Worker {
  person: DemoPerson;
  /** Share of the team's requests. */
  load: number;
  /** Multiplies the time taken: below 1 is faster. */
  pace: number;
  /** Added to ratings. */
  care: number;
}

export function generateDemoRequests(
  random: Random,
  teams: readonly DemoTeam[],
  people: readonly DemoPerson[],
  accounts: readonly DemoAccount[],
  options: DemoRequestOptions,
): DemoRequest[] {
  const end = Date.parse(`${options.asOf}T00:00:00Z`);
  const start = end - options.days * DAY;
  const salesTeams = teams.filter((t) => t.kind === 'sales');
  const teamIndex = new Map(salesTeams.map((t, i) => [t.key, i]));
  const regionOf = new Map(teams.map((t) => [t.key, t.region]));
  const accountsOf = new Map<string, DemoAccount[]>();
  for (const account of accounts) accountsOf.set(account.ownerKey, [...(accountsOf.get(account.ownerKey) ?? []), account]);

  const workerRandom = random.fork('workers');
  const marketingTeams = teams.filter((t) => t.kind === 'marketing');
  const workersOfTeam = marketingTeams.map((team) =>
    people
      .filter((p) => p.teamKey === team.key && (p.role === 'marketer' || p.role === 'marketing_lead'))
      .map(
        (person): Worker => ({
          person,
          load: person.role === 'marketing_lead' ? 0.3 : Math.exp(0.5 * workerRandom.normal()),
          pace: Math.exp(0.2 * workerRandom.normal()),
          care: 0.3 * workerRandom.normal(),
        }),
      ),
  );
  const leadOfTeam = marketingTeams.map((team) => people.find((p) => p.teamKey === team.key && p.role === 'marketing_lead'));
  const salesLeadOf = new Map(people.filter((p) => p.role === 'sales_lead').map((p) => [p.teamKey, p]));

  const filers = people.filter((p) => p.role === 'sales_rep' || p.role === 'sales_lead');
  const filerRandom = random.fork('filers');
  const rate = new Map(
    filers.map((p) => {
      const base = p.role === 'sales_rep' ? REQUESTS_PER_REP_DAY : REQUESTS_PER_LEAD_DAY;
      const team = TEAM_VOLUME[(teamIndex.get(p.teamKey ?? '') ?? 0) % TEAM_VOLUME.length] ?? 1;
      return [p.key, base * team * Math.exp(0.5 * filerRandom.normal() - 0.125)];
    }),
  );

  // Filing moments, day by day; numbers follow the order of filing as they would in the portal.
  const filings: { at: number; person: DemoPerson }[] = [];
  const days = random.fork('days');
  for (let day = start; day < end; day += DAY) {
    const date = new Date(day).toISOString().slice(0, 10);
    if (!isBusinessDay(options.calendar, date)) continue;
    const season = SEASON[new Date(day).getUTCMonth()] ?? 1;
    for (const person of filers) {
      if (person.startDate > date) continue;
      if (!days.chance((rate.get(person.key) ?? 0) * season)) continue;
      // Mostly office hours in Germany (UTC+1/+2); now and then early or late.
      const hour = days.chance(0.06) ? days.float(4.5, 19.5) : days.float(6, 16);
      filings.push({ at: day + Math.round(hour * HOUR), person });
    }
  }
  filings.sort((a, b) => a.at - b.at || a.person.key.localeCompare(b.person.key));

  return filings.map((filing, i) => {
    const r = random.fork(`request:${i}`);
    const requester = filing.person;
    const locale: Locale = requester.locale;
    const typeKey = r.pickWeighted(seasonalTypes(new Date(filing.at).getUTCMonth()));
    const priority = r.pickWeighted(PRIORITY_WEIGHTS);
    const targets = options.targetsOf(typeKey, priority);
    const template = r.pick(REQUEST_TEMPLATES[typeKey]);
    const own = accountsOf.get(requester.key) ?? [];
    const account = template.account && own.length > 0 ? r.pick(own) : null;
    const region = regionOf.get(requester.teamKey ?? '') ?? 'Deutschland';

    const marketingIndex = marketingTeams.length > 1 && !PRODUCT_MARKETING_TYPES.includes(typeKey) ? 1 : 0;
    const workers = workersOfTeam[marketingIndex] ?? [];
    const worker = r.pickWeighted(workers.map((w) => [w, w.load] as const));
    const lead = leadOfTeam[marketingIndex] ?? worker.person;
    const salesIndex = teamIndex.get(requester.teamKey ?? '') ?? 0;
    const yearsIn = (filing.at - start) / (365.25 * DAY);
    const trend = 1 + (TEAM_SPEED_TREND[salesIndex % TEAM_SPEED_TREND.length] ?? 0) * yearsIn;
    // Large accounts get somewhat faster service: the fairness analysis has something to find.
    const accountBias = account?.tier === 'A' ? 0.8 : account?.tier === 'C' ? 1.1 : 1;
    const pace = worker.pace * trend * accountBias;

    const plan = new Plan(options.calendar, filing.at);
    plan.step('created', requester.key, filing.at, { number: i + 1 });
    const firstResponse = Math.max(
      5 * 60_000,
      Math.round(targets.firstResponseMinutes * 60_000 * 0.35 * pace * Math.exp(0.7 * r.normal())),
    );
    const responseAt = plan.after(filing.at, firstResponse);

    if (r.chance(0.05)) {
      plan.status('declined', lead.key, responseAt, { reason: pickText(r, DECLINE_REASONS, locale) });
    } else {
      const assigner = r.chance(0.6) ? lead : worker.person;
      plan.assign(assigner.key, responseAt - Math.min(30 * 60_000, Math.max(60_000, firstResponse / 2)), worker.person.key);
      plan.status('accepted', worker.person.key, responseAt);
      // Business time the work takes in all, first response included; beyond the target it is a breach.
      const used = Math.max(
        firstResponse + HOUR,
        Math.round(targets.resolutionMinutes * 60_000 * 0.5 * pace * Math.exp(0.55 * r.normal())),
      );
      let at = responseAt;
      let left = used - firstResponse;
      if (r.chance(0.7)) {
        at = plan.after(at, Math.round(left * 0.1));
        left -= Math.round(left * 0.1);
        plan.status('in_progress', worker.person.key, at);
      }
      if (r.chance(0.15)) plan.comment(worker.person.key, r.pick(INTERNAL_NOTES), 'internal', plan.after(at, HOUR / 2));
      if (r.chance(0.22)) {
        at = plan.after(at, Math.round(left * 0.3));
        left -= Math.round(left * 0.3);
        plan.comment(worker.person.key, pickText(r, MARKETING_QUESTIONS, locale), 'public', at);
        plan.status('waiting_for_sales', worker.person.key, at);
        const answered = plan.after(at, Math.round(HOUR * Math.exp(2 + r.normal())));
        plan.answer(requester.key, pickText(r, REQUESTER_ANSWERS, locale), answered);
        at = answered;
      }
      const delivered = plan.after(at, Math.max(60_000, left));
      if (r.chance(0.03)) {
        plan.status('declined', worker.person.key, delivered, { reason: pickText(r, DECLINE_REASONS, locale) });
      } else {
        if (r.chance(0.6)) plan.comment(worker.person.key, pickText(r, DELIVERY_NOTES, locale), 'public', delivered);
        plan.status('delivered', worker.person.key, delivered);
        const late = used > targets.resolutionMinutes * 60_000;
        if (r.chance(0.82)) {
          const score = Math.min(5, Math.max(1, Math.round(4.1 + worker.care - (late ? 1.1 : 0) + 0.8 * r.normal())));
          const extraMile = score === 5 ? r.chance(0.45) : score === 4 ? r.chance(0.1) : false;
          const comment = r.chance(0.35) ? pickText(r, RATING_COMMENTS[score >= 4 ? 'good' : 'bad'], locale) : null;
          plan.rate(requester.key, plan.after(delivered, Math.round(HOUR * Math.exp(1 + r.normal()))), {
            score,
            extraMile,
            comment,
          });
        }
        if (r.chance(0.85)) plan.status('closed', requester.key, plan.after(delivered, Math.round(HOUR * r.float(6, 40))));
      }
    }

    const watchers = [requester.key];
    const salesLead = salesLeadOf.get(requester.teamKey);
    if (salesLead && salesLead.key !== requester.key && r.chance(0.2)) watchers.push(salesLead.key);
    const dueOn = r.chance(0.4) ? new Date(filing.at + r.int(5, 25) * DAY).toISOString().slice(0, 10) : null;
    // Drawn once, so that title and description speak of the same product, fair and competitor.
    const subject: DemoSubject = {
      product: r.pick(PRODUCTS),
      account: account?.name ?? (locale === 'de' ? 'einen Neukunden' : 'a prospect'),
      fair: r.pick(TRADE_FAIRS),
      competitor: r.pick(COMPETITORS),
      industry: account?.industry ?? r.pick(['Fördertechnik', 'Lebensmitteltechnik', 'Verpackung']),
      region,
    };

    return plan.finish(end, {
      number: i + 1,
      typeKey,
      priority,
      title: fillSubject(template.title[locale], subject),
      description: fillSubject(template.description[locale], subject),
      subject,
      library: template.library ?? null,
      accountKey: account?.key ?? null,
      dueOn,
      requesterKey: requester.key,
      teamKey: requester.teamKey,
      targets,
      watcherKeys: watchers,
    });
  });
}

/** The things a request is about, which its texts and the library entry made from it name. */
export interface DemoSubject {
  product: string;
  account: string;
  fair: string;
  competitor: string;
  industry: string;
  region: string;
}

export function fillSubject(text: string, subject: DemoSubject): string {
  return text
    .replaceAll('{product}', subject.product)
    .replaceAll('{account}', subject.account)
    .replaceAll('{fair}', subject.fair)
    .replaceAll('{competitor}', subject.competitor)
    .replaceAll('{industry}', subject.industry)
    .replaceAll('{region}', subject.region);
}

function seasonalTypes(month: number): (readonly [RequestTypeKey, number])[] {
  const fairs = [1, 2, 3, 8, 9].includes(month);
  return TYPE_WEIGHTS.map(([type, weight]) => [type, type === 'event_support' && fairs ? weight * 2 : weight] as const);
}

type Step =
  | { kind: 'created'; actor: string; at: number; details: Record<string, unknown> }
  | { kind: 'status'; actor: string; at: number; to: RequestStatus; reason?: string; via?: 'comment' }
  | { kind: 'assign'; actor: string; at: number; to: string }
  | { kind: 'comment'; actor: string; at: number; body: string; visibility: CommentVisibility }
  | { kind: 'rate'; actor: string; at: number; score: number; extraMile: boolean; comment: string | null };

/** The request's history as planned; `finish` keeps what happened before the end and derives the row. */
class Plan {
  private readonly steps: Step[] = [];
  constructor(
    private readonly calendar: BusinessCalendar,
    private readonly createdAt: number,
  ) {}

  after(from: number, businessMillis: number): number {
    return addBusinessMillis(this.calendar, from, Math.max(0, Math.round(businessMillis))).getTime();
  }
  step(kind: 'created', actor: string, at: number, details: Record<string, unknown>) {
    this.steps.push({ kind, actor, at, details });
  }
  status(to: RequestStatus, actor: string, at: number, extra: { reason?: string } = {}) {
    this.steps.push({ kind: 'status', actor, at, to, ...extra });
  }
  assign(actor: string, at: number, to: string) {
    this.steps.push({ kind: 'assign', actor, at: Math.max(this.createdAt + 60_000, at), to });
  }
  comment(actor: string, body: string, visibility: CommentVisibility, at: number) {
    this.steps.push({ kind: 'comment', actor, at, body, visibility });
  }
  /** The requester's public answer while marketing waits: it moves the request back to work. */
  answer(actor: string, body: string, at: number) {
    this.steps.push({ kind: 'comment', actor, at, body, visibility: 'public' });
    this.steps.push({ kind: 'status', actor, at, to: 'in_progress', via: 'comment' });
  }
  rate(actor: string, at: number, rating: { score: number; extraMile: boolean; comment: string | null }) {
    this.steps.push({ kind: 'rate', actor, at, ...rating });
  }

  finish(
    end: number,
    fixed: Pick<
      DemoRequest,
      | 'number'
      | 'typeKey'
      | 'priority'
      | 'title'
      | 'description'
      | 'accountKey'
      | 'dueOn'
      | 'requesterKey'
      | 'teamKey'
      | 'targets'
      | 'watcherKeys'
      | 'subject'
      | 'library'
    >,
  ): DemoRequest {
    // Stable order: by time, and within one moment in the order planned (a comment before the move it causes).
    const happened = this.steps
      .map((step, order) => ({ step, order }))
      .filter(({ step }) => step.at < end)
      .sort((a, b) => a.step.at - b.step.at || a.order - b.order)
      .map(({ step }) => step);
    const iso = (at: number) => new Date(at).toISOString();
    let status: RequestStatus = 'new';
    let assignee: string | null = null;
    let firstResponseAt: string | null = null;
    let deliveredAt: string | null = null;
    let closedAt: string | null = null;
    let declineReason: string | null = null;
    let stoppedAt: string | null = null;
    let updatedAt = iso(this.createdAt);
    let lastStateChange = this.createdAt;
    let changes = 0;
    let rating: DemoRequest['rating'] = null;
    const pauses: DemoRequest['pauses'] = [];
    const comments: DemoRequestComment[] = [];
    const events: DemoRequestEvent[] = [];
    const marketing = new Set<string>();

    for (const step of happened) {
      const at = iso(step.at);
      switch (step.kind) {
        case 'created':
          events.push({ kind: 'created', actorKey: step.actor, at, details: step.details });
          break;
        case 'assign':
          events.push({ kind: 'assigned', actorKey: step.actor, at, details: { from: assignee, to: step.to } });
          marketing.add(step.actor);
          marketing.add(step.to);
          assignee = step.to;
          updatedAt = at;
          changes++;
          break;
        case 'comment':
          comments.push({ authorKey: step.actor, body: step.body, visibility: step.visibility, at });
          events.push({
            kind: 'commented',
            actorKey: step.actor,
            at,
            details: { visibility: step.visibility },
            commentIndex: comments.length - 1,
          });
          if (step.visibility === 'public' && marketing.has(step.actor)) firstResponseAt ??= at;
          updatedAt = at;
          break;
        case 'status': {
          const details: Record<string, unknown> = { from: status, to: step.to };
          if (step.reason) details.reason = step.reason;
          if (step.via) details.via = step.via;
          events.push({ kind: 'status_changed', actorKey: step.actor, at, details });
          if (step.to !== 'closed' && !step.via) {
            marketing.add(step.actor);
            firstResponseAt ??= at;
          }
          if (status === 'waiting_for_sales') {
            const open = pauses.find((p) => p.endedAt === null);
            if (open) open.endedAt = at;
          }
          if (step.to === 'waiting_for_sales') pauses.push({ startedAt: at, endedAt: null });
          if (step.to === 'declined') declineReason = step.reason ?? null;
          if (step.to === 'delivered') deliveredAt = at;
          if (step.to === 'closed') closedAt = at;
          if (step.to === 'delivered' || step.to === 'declined') stoppedAt = at;
          status = step.to;
          updatedAt = at;
          lastStateChange = step.at;
          changes++;
          break;
        }
        case 'rate':
          rating = { score: step.score, comment: step.comment, extraMile: step.extraMile, at };
          events.push({ kind: 'rated', actorKey: step.actor, at, details: { score: step.score, extraMile: step.extraMile } });
          break;
      }
    }

    const facts = {
      priority: fixed.priority,
      created_at: iso(this.createdAt),
      first_response_at: firstResponseAt,
      sla_stopped_at: stoppedAt,
      first_response_target_minutes: fixed.targets.firstResponseMinutes,
      resolution_target_minutes: fixed.targets.resolutionMinutes,
    };
    const clockPauses = pausesOf(pauses.map((p) => ({ started_at: p.startedAt, ended_at: p.endedAt })));
    const schedule = resolutionSchedule(this.calendar, facts, clockPauses, new Date(lastStateChange));
    // As of the end, which every kept step precedes: a first response by comment may follow the last state change.
    const outcomes = slaOutcomes(this.calendar, facts, clockPauses, new Date(end));
    const running = stoppedAt === null && status !== 'closed';
    const passed = (instant: string | null) => (running && instant !== null && Date.parse(instant) < end ? instant : null);

    return {
      ...fixed,
      status,
      declineReason,
      assigneeKey: assignee,
      createdAt: iso(this.createdAt),
      updatedAt,
      firstResponseAt,
      deliveredAt,
      closedAt,
      changes,
      slaStoppedAt: stoppedAt,
      resolutionDueAt: schedule.resolution_due_at,
      resolutionAtRiskAt: schedule.resolution_at_risk_at,
      atRiskNotifiedAt: passed(schedule.resolution_at_risk_at),
      breachedNotifiedAt: passed(schedule.resolution_due_at),
      slaOutcomes: outcomes,
      pauses,
      comments,
      events,
      watcherKeys: fixed.watcherKeys,
      rating,
    };
  }
}
