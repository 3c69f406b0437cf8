/**
 * The demo company's asset library, as plain data: what marketing published from the requests it
 * delivered (links into the company's intranet, with titles, descriptions and tags in the language of
 * the person it was made for), and which sales people reused what over the year. Reuse counts once per
 * person and asset, as the app counts it; a few assets are popular, most are little used. A rep who
 * files a request for something already in the library picks it from the suggestions now and then.
 * Pure and deterministic given the requests.
 */
import type { Locale } from '../../../common/roles.js';
import type { Random } from '../../lib/random.js';
import { asciiFold, type DemoPerson } from './demo-generator.js';
import { type DemoRequest, fillSubject } from './demo-requests.js';
import { MONTH_NAMES } from './demo-texts.js';

export type DemoReuseWay = 'used' | 'opened' | 'suggestion';

export interface DemoAsset {
  /** The number of the request it was delivered for. */
  requestNumber: number;
  publisherKey: string;
  url: string;
  title: string;
  description: string;
  tags: string[];
  language: Locale;
  publishedAt: string;
}

export interface DemoReuse {
  /** Index into the assets. */
  assetIndex: number;
  personKey: string;
  via: DemoReuseWay;
  at: string;
}

export interface DemoLibrary {
  assets: DemoAsset[];
  reuses: DemoReuse[];
}

export interface DemoLibraryOptions {
  asOf: string;
  /** Where the published links point: the company's intranet. */
  intranetUrl: string;
}

const HOUR = 3_600_000;

/**
 * Marketers publish at work: an instant outside Monday–Friday 08:00–17:00 (German winter time, UTC+1;
 * close enough for a demo) moves to the next working morning or day, `share` of the way into it.
 */
function duringOfficeHours(at: number, share: number): number {
  const OPENS_UTC = 7;
  const CLOSES_UTC = 16;
  const date = new Date(at);
  const hour = date.getUTCHours() + date.getUTCMinutes() / 60;
  const weekday = date.getUTCDay();
  if (weekday >= 1 && weekday <= 5 && hour >= OPENS_UTC && hour < CLOSES_UTC) return at;
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  if (hour >= CLOSES_UTC || weekday === 0 || weekday === 6) day.setUTCDate(day.getUTCDate() + 1);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
  return day.getTime() + (OPENS_UTC + share * (CLOSES_UTC - OPENS_UTC)) * HOUR;
}
const DAY = 86_400_000;
/** Reuse follows publication closely and then fades: the mean delay of a reuse. */
const REUSE_DELAY_DAYS = 45;
/** The share of reps who, filing a request for something the library already has, pick the suggestion. */
const SUGGESTION_PICKED = 0.15;
/** Colleagues in the same team hear of an asset first. */
const SAME_TEAM_WEIGHT = 3;
const OTHER_LANGUAGE_WEIGHT = 0.3;
const REUSE_WAYS: readonly (readonly [DemoReuseWay, number])[] = [
  ['opened', 45],
  ['used', 40],
  ['suggestion', 15],
];

/** A tag as the library accepts it: one lower-case word of letters, digits, - _ or . */
export function tagOf(text: string): string {
  return text
    .toLowerCase()
    .trim()
    .replace(/\s+/g, '-')
    .replace(/[^\p{L}\p{N}\-_.]/gu, '')
    .replace(/^[-_.]+/, '')
    .slice(0, 40);
}

function slugOf(text: string): string {
  return asciiFold(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Poisson by multiplying uniforms (Knuth): the means here are small. */
function poisson(random: Random, mean: number): number {
  const limit = Math.exp(-mean);
  let count = 0;
  let product = random.next();
  while (product > limit) {
    count++;
    product *= random.next();
  }
  return count;
}

export function generateDemoLibrary(
  random: Random,
  requests: readonly DemoRequest[],
  people: readonly DemoPerson[],
  options: DemoLibraryOptions,
): DemoLibrary {
  const end = Date.parse(`${options.asOf}T00:00:00Z`);
  const iso = (at: number) => new Date(at).toISOString();
  const sales = people.filter((p) => p.role === 'sales_rep' || p.role === 'sales_lead');
  const personOf = new Map(people.map((p) => [p.key, p]));
  const assets: DemoAsset[] = [];
  const reuses: DemoReuse[] = [];
  const reused = new Set<string>();
  /** The latest asset per library key, for editions and suggestions. */
  const latest = new Map<string, { index: number; at: number }>();

  const addReuse = (assetIndex: number, personKey: string, via: DemoReuseWay, at: number) => {
    const id = `${assetIndex}:${personKey}`;
    if (reused.has(id) || at >= end) return;
    reused.add(id);
    reuses.push({ assetIndex, personKey, via, at: iso(at) });
  };

  // Requests come in filing order, so a request meets the assets published before it was filed.
  const published: { request: DemoRequest; at: number; key: string }[] = [];
  for (const request of requests) {
    const template = request.library;
    if (!template) continue;
    const r = random.fork(`asset:${request.number}`);
    const key = fillSubject(template.key, request.subject);
    const filedAt = Date.parse(request.createdAt);

    // Something the library had already: the rep saw it among the suggestions while typing.
    const earlier = latest.get(key);
    if (earlier && earlier.at < filedAt && r.chance(SUGGESTION_PICKED)) {
      addReuse(earlier.index, request.requesterKey, 'suggestion', filedAt);
    }

    if (!request.deliveredAt || (request.status !== 'delivered' && request.status !== 'closed')) continue;
    if (!request.assigneeKey || !r.chance(template.share)) continue;
    const at = duringOfficeHours(Date.parse(request.deliveredAt) + Math.round(r.float(1, 72) * HOUR), r.float(0, 1));
    if (at >= end) continue;
    const previous = latest.get(key);
    if (previous && (template.renewAfterDays === undefined || at - previous.at < template.renewAfterDays * DAY)) continue;

    const requester = personOf.get(request.requesterKey);
    // Made for the requester; now and then an English edition for export customers as well.
    const language: Locale = requester?.locale === 'en' || r.chance(0.1) ? 'en' : 'de';
    const date = new Date(at);
    const month = MONTH_NAMES[language][date.getUTCMonth()] ?? '';
    const fill = (text: string) =>
      fillSubject(text, request.subject)
        .replaceAll('{edition}', `${month} ${date.getUTCFullYear()}`)
        .replaceAll('{year}', String(date.getUTCFullYear()));
    const title = fill(template.title[language]);
    const index = assets.length;
    assets.push({
      requestNumber: request.number,
      publisherKey: request.assigneeKey,
      url: `${options.intranetUrl}/${date.getUTCFullYear()}/${slugOf(title)}-${request.number}`,
      title,
      description: fill(template.description[language]),
      tags: [...new Set(template.tags[language].map((tag) => tagOf(fill(tag))).filter((tag) => tag.length > 0))],
      language,
      publishedAt: iso(at),
    });
    latest.set(key, { index, at });
    published.push({ request, at, key });
  }

  // Who else reused each asset: a heavy-tailed appeal, so that most are used by few and some by many.
  published.forEach(({ request, at }, index) => {
    const asset = assets[index] as DemoAsset;
    const r = random.fork(`reuse:${request.number}`);
    const appeal = (request.library?.appeal ?? 1) * Math.exp(0.2 + 1.2 * r.normal());
    const requester = personOf.get(request.requesterKey);
    const candidates = sales
      .filter((p) => p.key !== request.requesterKey)
      .map((p) => {
        const team = p.teamKey !== null && p.teamKey === requester?.teamKey ? SAME_TEAM_WEIGHT : 1;
        const language = p.locale === asset.language ? 1 : OTHER_LANGUAGE_WEIGHT;
        return [p, team * language] as const;
      });
    const wanted = Math.min(candidates.length, poisson(r, Math.min(appeal, candidates.length)));
    for (let n = 0; n < wanted && candidates.length > 0; n++) {
      const person = r.pickWeighted(candidates);
      candidates.splice(
        candidates.findIndex(([p]) => p === person),
        1,
      );
      const when = at + Math.round(-Math.log(1 - r.next()) * REUSE_DELAY_DAYS * DAY);
      // Nobody reuses before joining the company.
      if (iso(when).slice(0, 10) < person.startDate) continue;
      addReuse(index, person.key, r.pickWeighted(REUSE_WAYS), when);
    }
  });

  reuses.sort((a, b) => a.at.localeCompare(b.at) || a.assetIndex - b.assetIndex || a.personKey.localeCompare(b.personKey));
  return { assets, reuses };
}
