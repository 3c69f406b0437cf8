/**
 * The instrument's mapping from a driver that is a focus area to the seed's recommendation and to the
 * product's levers (instrument.md, "Mapping to the seed's recommendations and to the product's levers").
 * The recommendation texts live on the constructs (items.ts), the single source of the instrument's
 * wording; this file gives each recommendation and each lever a stable id, splits the levers one by one,
 * and names the page in the app where a lever exists (null where it does not, yet).
 */
import { CONSTRUCTS, DRIVER_IDS, type DriverId, type LocalizedText } from './items.js';

export const LEVER_IDS = [
  'field_voice_pipeline',
  'win_loss_ledger',
  'request_portal',
  'time_invested',
  'fairness_analytics',
  'enablement_programmes',
  'coaching',
  'directive_buffer',
  'workload_monitor',
  'field_engagement_log',
  'asset_library',
  'sla_attainment',
  'directive_transparency',
] as const;
export type LeverId = (typeof LEVER_IDS)[number];

export interface Lever {
  readonly id: LeverId;
  readonly name: LocalizedText;
  /** The app page that works this lever, or null where the product has none yet. */
  readonly path: string | null;
}

export const LEVERS: Readonly<Record<LeverId, Lever>> = Object.freeze({
  field_voice_pipeline: {
    id: 'field_voice_pipeline',
    name: {
      en: 'field-voice pipeline to leadership',
      de: 'Kanal für Anliegen aus dem Außendienst an die Geschäftsleitung',
    },
    path: null,
  },
  win_loss_ledger: {
    id: 'win_loss_ledger',
    name: { en: 'joint win/loss ledger', de: 'gemeinsames Protokoll gewonnener und verlorener Aufträge' },
    path: null,
  },
  request_portal: {
    id: 'request_portal',
    name: {
      en: 'request portal with SLAs and satisfaction ratings',
      de: 'Anfrageportal mit SLAs und Zufriedenheitsbewertungen',
    },
    path: '/requests',
  },
  time_invested: { id: 'time_invested', name: { en: 'time invested', de: 'investierte Zeit' }, path: null },
  fairness_analytics: {
    id: 'fairness_analytics',
    name: {
      en: 'fairness analytics of support per salesperson',
      de: 'Auswertung, wie gerecht die Unterstützung auf die Personen im Vertrieb verteilt ist',
    },
    path: null,
  },
  enablement_programmes: {
    id: 'enablement_programmes',
    name: { en: 'enablement programmes, readiness', de: 'Befähigungsprogramme, Einsatzbereitschaft' },
    path: null,
  },
  coaching: { id: 'coaching', name: { en: 'coaching', de: 'Coaching' }, path: null },
  directive_buffer: {
    id: 'directive_buffer',
    name: { en: 'directive buffer workflow', de: 'Ablauf zum Abfedern von Vorgaben' },
    path: null,
  },
  workload_monitor: {
    id: 'workload_monitor',
    name: { en: 'workload monitor', de: 'Überblick über die Arbeitslast' },
    path: null,
  },
  field_engagement_log: {
    id: 'field_engagement_log',
    name: {
      en: 'field-engagement log (ride-alongs, joint visits)',
      de: 'Protokoll der Einsätze im Außendienst (Mitfahrten, gemeinsame Kundenbesuche)',
    },
    path: null,
  },
  asset_library: {
    id: 'asset_library',
    name: { en: 'asset library with usage', de: 'Materialbibliothek mit Nutzungsdaten' },
    path: '/library',
  },
  sla_attainment: { id: 'sla_attainment', name: { en: 'SLA attainment', de: 'Einhaltung der SLAs' }, path: '/requests' },
  directive_transparency: {
    id: 'directive_transparency',
    name: { en: 'directive transparency', de: 'Transparenz bei Vorgaben' },
    path: null,
  },
} satisfies Record<LeverId, Lever>);

export interface Recommendation {
  /** Stable: `rec_<driver>`. */
  readonly id: string;
  readonly driver: DriverId;
  readonly text: LocalizedText;
  readonly levers: readonly LeverId[];
}

const LEVERS_OF_DRIVER: Readonly<Record<DriverId, readonly LeverId[]>> = {
  AMB: ['field_voice_pipeline', 'win_loss_ledger'],
  INV: ['request_portal', 'time_invested'],
  FAIR: ['fairness_analytics'],
  ENB: ['enablement_programmes', 'coaching'],
  BUF: ['directive_buffer', 'workload_monitor'],
  PRX: ['field_engagement_log'],
  CMP: ['asset_library', 'field_engagement_log'],
  INT: ['sla_attainment', 'directive_transparency'],
};

export const RECOMMENDATIONS: Readonly<Record<DriverId, Recommendation>> = Object.freeze(
  Object.fromEntries(
    DRIVER_IDS.map((driver) => {
      const text = CONSTRUCTS[driver].recommendation;
      if (!text) throw new Error(`driver ${driver} has no recommendation`);
      return [driver, Object.freeze({ id: `rec_${driver}`, driver, text, levers: LEVERS_OF_DRIVER[driver] })];
    }),
  ) as Record<DriverId, Recommendation>,
);
