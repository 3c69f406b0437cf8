/**
 * The dashboard's aggregate results as CSV. It is written from the dashboard itself, so it releases
 * exactly what the dashboard releases: a withheld figure is an empty cell and a withheld group one line
 * with its reason, never a number.
 */
import type { Dashboard } from '../../../common/api/dashboard.js';
import { type CsvSeparator, writeCsv } from '../../lib/csv.js';

const HEADER = ['section', 'item', 'value', 'lower', 'upper', 'favourable_share', 'change', 'change_lower', 'change_upper'];
type Cell = string | number | null;

export function dashboardCsvOf(dashboard: Dashboard, separator: CsvSeparator): string {
  if (!dashboard.available)
    return writeCsv(HEADER, [['not_available', dashboard.reason, null, null, null, null, null, null, null]], separator);
  const rows: Cell[][] = [];
  const { cycle } = dashboard;
  rows.push(['cycle', cycle.id, cycle.title, null, null, null, null, null, null]);
  rows.push(['respondents', 'n', dashboard.n, null, null, null, null, null, null]);
  // The day the group's figures are from: they include the answers counted up to it.
  rows.push(['as_of', 'answers_up_to', dashboard.asOf, null, null, null, null, null, null]);
  const { trustIndex, inps } = dashboard;
  rows.push([
    'headline',
    'trust_index',
    trustIndex.value,
    trustIndex.lower,
    trustIndex.upper,
    null,
    trustIndex.change?.difference ?? null,
    trustIndex.change?.lower ?? null,
    trustIndex.change?.upper ?? null,
  ]);
  rows.push([
    'headline',
    'inps',
    inps.value,
    inps.lower,
    inps.upper,
    null,
    inps.change?.difference ?? null,
    inps.change?.lower ?? null,
    inps.change?.upper ?? null,
  ]);
  for (const point of dashboard.trend) {
    rows.push([
      'trend_trust_index',
      `${point.opensOn} ${point.cycleId}`,
      point.trustIndex,
      null,
      null,
      null,
      point.trustIndexChange?.difference ?? null,
      point.trustIndexChange?.lower ?? null,
      point.trustIndexChange?.upper ?? null,
    ]);
    rows.push([
      'trend_inps',
      `${point.opensOn} ${point.cycleId}`,
      point.inps,
      null,
      null,
      null,
      point.inpsChange?.difference ?? null,
      point.inpsChange?.lower ?? null,
      point.inpsChange?.upper ?? null,
    ]);
  }
  for (const driver of dashboard.drivers) {
    rows.push([
      'driver',
      driver.driverId,
      driver.value,
      driver.lower,
      driver.upper,
      driver.favourableShare,
      driver.change?.difference ?? null,
      driver.change?.lower ?? null,
      driver.change?.upper ?? null,
    ]);
  }
  for (const statement of dashboard.statements) {
    rows.push(['statement', statement.itemId, statement.mean, null, null, statement.favourableShare, null, null, null]);
  }
  for (const row of dashboard.heatmap?.rows ?? []) {
    if (!row.available) {
      rows.push([`team ${row.teamName}`, 'not_available', row.reason, null, null, null, null, null, null]);
      continue;
    }
    rows.push([`team ${row.teamName}`, 'trust_index', row.trustIndex, null, null, null, null, null, null]);
    dashboard.heatmap?.drivers.forEach((driverId, index) => {
      rows.push([`team ${row.teamName}`, driverId, row.cells[index] ?? null, null, null, null, null, null, null]);
    });
  }
  const { keyDrivers } = dashboard;
  if (keyDrivers.available) {
    rows.push(['key_drivers', 'r2', keyDrivers.r2, null, null, null, null, null, null]);
    rows.push(['key_drivers', 'n', keyDrivers.n, null, null, null, null, null, null]);
    for (const driver of keyDrivers.drivers) {
      rows.push([
        'key_driver_share',
        driver.driverId,
        driver.share,
        driver.shareLower,
        driver.shareUpper,
        null,
        null,
        null,
        null,
      ]);
    }
  } else {
    rows.push(['key_drivers', 'not_available', keyDrivers.reason, null, null, null, null, null, null]);
  }
  for (const entry of dashboard.reliability) {
    rows.push(['reliability_alpha', entry.construct, entry.alpha, null, null, null, null, null, null]);
  }
  for (const entry of dashboard.perceptionGap ?? []) {
    rows.push(['perception_gap', entry.driverId, entry.gap, entry.sales, entry.marketing, null, null, null, null]);
  }
  for (const area of dashboard.focusAreas)
    rows.push(['focus_area', area.driverId, area.recommendation.id, null, null, null, null, null, null]);
  return writeCsv(HEADER, rows, separator);
}
