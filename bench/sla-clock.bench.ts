/**
 * SLA states (business-hour arithmetic with German holidays and pauses) for 100,000 requests, next to
 * plain wall-clock durations of the same requests, both computed in this process.
 */
import { computeSlaState, createBusinessCalendar } from '../server/lib/business-time/index.js';
import { type BenchRow, median } from './support.js';

const REQUESTS = 100_000;
const HOUR = 3_600_000;

function requestsToCheck() {
  return Array.from({ length: REQUESTS }, (_, i) => {
    const createdAt = Date.UTC(2026, 0, 1) + ((i * 7919) % 700) * 86_400_000 + (i % 24) * HOUR;
    return {
      createdAt,
      pauses: i % 3 === 0 ? [{ from: createdAt + 20 * HOUR, to: i % 2 === 0 ? null : createdAt + 50 * HOUR }] : [],
      firstResponseAt: i % 5 === 0 ? null : createdAt + 3 * HOUR,
      stoppedAt: i % 7 === 0 ? createdAt + 90 * HOUR : null,
      now: createdAt + 120 * HOUR,
    };
  });
}

export function benchSlaClock(): BenchRow[] {
  const calendar = createBusinessCalendar({ federalState: 'BY' });
  const targets = { firstResponseMs: 4 * HOUR, resolutionMs: 16 * HOUR };
  const requests = requestsToCheck();
  const slaTimes: number[] = [];
  const wallTimes: number[] = [];
  let sink = 0;
  for (let run = 0; run < 3; run++) {
    let start = performance.now();
    for (const request of requests) {
      if (computeSlaState(calendar, { ...request, targets }).resolution?.state === 'breached') sink++;
    }
    slaTimes.push(performance.now() - start);
    start = performance.now();
    for (const request of requests) {
      // Baseline: the same requests timed naively in wall-clock hours, pauses subtracted.
      const paused = request.pauses.reduce((sum, p) => sum + ((p.to ?? request.now) - p.from), 0);
      if ((request.stoppedAt ?? request.now) - request.createdAt - paused > targets.resolutionMs) sink++;
    }
    wallTimes.push(performance.now() - start);
  }
  if (sink === 0) throw new Error('nothing was computed');
  const sla = median(slaTimes);
  const wall = median(wallTimes);
  return [
    {
      benchmark: `SLA state of ${REQUESTS} requests`,
      database: 'none',
      measured: `${sla.toFixed(0)} ms`,
      baseline: `${wall.toFixed(1)} ms wall-clock durations`,
      ratio: (sla / wall).toFixed(0),
    },
  ];
}
