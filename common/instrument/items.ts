/**
 * The trust instrument as data: constructs, the sales items, the marketing mirror items and the answer
 * scales, in German and English. This is the single source of truth:
 * components, exports and analytics read texts from here. Item ids are stable forever because history
 * and exports key on them: a new wording gets a new id, never an edit in place.
 */
import type { Locale } from '../roles.js';

export type LocalizedText = Readonly<Record<Locale, string>>;

export const CONSTRUCT_IDS = ['TRUST', 'AMB', 'INV', 'FAIR', 'ENB', 'BUF', 'PRX', 'CMP', 'INT'] as const;
export type ConstructId = (typeof CONSTRUCT_IDS)[number];

/** The drivers are every construct except the outcome (TRUST), in the order the forms show them. */
export const DRIVER_IDS = ['AMB', 'INV', 'FAIR', 'ENB', 'BUF', 'PRX', 'CMP', 'INT'] as const satisfies readonly ConstructId[];
export type DriverId = (typeof DRIVER_IDS)[number];

/** Where a construct comes from in the seed: its numbered driver, a recommendation, or a trustworthiness factor. */
export type SeedDriver = 'outcome' | '1' | '2' | '3' | 'recommendation 3' | 'ability' | 'integrity';

export interface Construct {
  readonly id: ConstructId;
  readonly name: LocalizedText;
  readonly captures: LocalizedText;
  readonly seedDriver: SeedDriver;
  /** Shown when the driver is a focus area; the outcome has none because it is not acted on directly. */
  readonly recommendation: LocalizedText | null;
  /** The product feature that works on this driver. */
  readonly lever: LocalizedText | null;
}

export type ItemKind = 'likert' | 'nps' | 'open';
/** Who answers an item: salespeople about marketing, or marketers about themselves (the mirror). */
export type Audience = 'sales' | 'marketing';

type ItemShape<Id extends string> =
  | {
      readonly id: Id;
      readonly kind: 'likert';
      readonly construct: ConstructId;
      readonly audience: Audience;
      /** For a mirror statement, the sales statement it mirrors. */
      readonly mirrorOf: Id | null;
      readonly text: LocalizedText;
    }
  | {
      readonly id: Id;
      readonly kind: 'nps' | 'open';
      readonly construct: null;
      readonly audience: 'sales';
      readonly mirrorOf: null;
      readonly text: LocalizedText;
    };

export const CONSTRUCTS: Readonly<Record<ConstructId, Construct>> = deepFreeze({
  TRUST: {
    id: 'TRUST',
    name: { en: 'Trust in marketing', de: 'Vertrauen ins Marketing' },
    captures: {
      en: 'outcome: overall trust, reliance, willingness to disclose',
      de: 'Ergebnis: Vertrauen insgesamt, Verlässlichkeit, Bereitschaft, sich zu öffnen',
    },
    seedDriver: 'outcome',
    recommendation: null,
    lever: null,
  },
  AMB: {
    id: 'AMB',
    name: { en: 'Ambassador to leadership', de: 'Fürsprecher bei der Geschäftsleitung' },
    captures: {
      en: "represents sales' interests upward, champions field initiatives, shares failures and successes",
      de: 'vertritt die Interessen des Vertriebs nach oben, setzt sich für Initiativen aus dem Außendienst ein, trägt Misserfolge und Erfolge mit',
    },
    seedDriver: '1',
    recommendation: {
      en: "Make marketing the field's voice in front of leadership; own results together.",
      de: 'Machen Sie das Marketing zur Stimme des Außendienstes vor der Geschäftsleitung; tragen Sie Ergebnisse gemeinsam.',
    },
    lever: {
      en: 'field-voice pipeline to leadership, joint win/loss ledger',
      de: 'Kanal für Anliegen aus dem Außendienst an die Geschäftsleitung, gemeinsames Protokoll gewonnener und verlorener Aufträge',
    },
  },
  INV: {
    id: 'INV',
    name: { en: "Invested in sales' success", de: 'Einsatz für den Vertriebserfolg' },
    captures: {
      en: 'time invested, extra miles, responsiveness',
      de: 'investierte Zeit, Extrameilen, schnelle Reaktion',
    },
    seedDriver: '2',
    recommendation: {
      en: 'Treat salespeople as internal customers: every interaction counts.',
      de: 'Behandeln Sie die Kolleginnen und Kollegen im Vertrieb als interne Kunden: Jeder Kontakt zählt.',
    },
    lever: {
      en: 'request portal with SLAs and satisfaction ratings, time invested',
      de: 'Anfrageportal mit SLAs und Zufriedenheitsbewertungen, investierte Zeit',
    },
  },
  FAIR: {
    id: 'FAIR',
    name: { en: 'Equal treatment', de: 'Gleichbehandlung' },
    captures: {
      en: 'same support for every salesperson, whatever the account size',
      de: 'gleiche Unterstützung für alle im Vertrieb, unabhängig von der Größe ihrer Kunden',
    },
    seedDriver: '2',
    recommendation: {
      en: 'Spread time and attention fairly, whatever the account size.',
      de: 'Verteilen Sie Zeit und Aufmerksamkeit gerecht – unabhängig von der Größe der Kunden.',
    },
    lever: {
      en: 'fairness analytics of support per salesperson',
      de: 'Auswertung, wie gerecht die Unterstützung auf die Personen im Vertrieb verteilt ist',
    },
  },
  ENB: {
    id: 'ENB',
    name: { en: 'Enablement', de: 'Befähigung' },
    captures: {
      en: 'coaching, training, preparation and accompaniment of new strategies',
      de: 'Coaching, Training, Vorbereitung und Begleitung neuer Strategien',
    },
    seedDriver: '2',
    recommendation: {
      en: 'Prepare and accompany every launch; coach for the field.',
      de: 'Bereiten Sie jede Einführung vor und begleiten Sie sie; coachen Sie praxisnah für den Außendienst.',
    },
    lever: {
      en: 'enablement programmes, readiness, coaching',
      de: 'Befähigungsprogramme, Einsatzbereitschaft, Coaching',
    },
  },
  BUF: {
    id: 'BUF',
    name: { en: 'Buffer', de: 'Puffer' },
    captures: {
      en: 'filters unrealistic pressure from above, gives leadership an honest view of the field',
      de: 'filtert unrealistischen Druck von oben, gibt der Geschäftsleitung ein ehrliches Bild vom Markt',
    },
    seedDriver: '3',
    recommendation: {
      en: "Filter unrealistic demands, report the field's reality upward.",
      de: 'Filtern Sie unrealistische Vorgaben heraus und tragen Sie die Wirklichkeit des Außendienstes nach oben.',
    },
    lever: {
      en: 'directive buffer workflow, workload monitor',
      de: 'Ablauf zum Abfedern von Vorgaben, Überblick über die Arbeitslast',
    },
  },
  PRX: {
    id: 'PRX',
    name: { en: 'Proximity', de: 'Nähe zum Vertrieb' },
    captures: {
      en: 'proactive, visible, first-hand knowledge of the field, hands-on help',
      de: 'geht von sich aus auf den Vertrieb zu, ist sichtbar, kennt den Außendienst aus eigener Erfahrung, packt mit an',
    },
    seedDriver: 'recommendation 3',
    recommendation: {
      en: 'Go to sales proactively and visibly; get your hands dirty.',
      de: 'Gehen Sie von sich aus und sichtbar auf den Vertrieb zu; packen Sie selbst mit an.',
    },
    lever: {
      en: 'field-engagement log (ride-alongs, joint visits)',
      de: 'Protokoll der Einsätze im Außendienst (Mitfahrten, gemeinsame Kundenbesuche)',
    },
  },
  CMP: {
    id: 'CMP',
    name: { en: 'Competence', de: 'Kompetenz' },
    captures: {
      en: 'understands customers and markets, useful output',
      de: 'versteht Kunden und Märkte, liefert brauchbare Ergebnisse',
    },
    seedDriver: 'ability',
    recommendation: {
      en: 'Build first-hand customer knowledge; make output useful.',
      de: 'Bauen Sie Kundenwissen aus erster Hand auf; sorgen Sie dafür, dass Ihre Arbeitsergebnisse nützlich sind.',
    },
    lever: {
      en: 'asset library with usage, field engagement',
      de: 'Materialbibliothek mit Nutzungsdaten, Einsätze im Außendienst',
    },
  },
  INT: {
    id: 'INT',
    name: { en: 'Integrity', de: 'Integrität' },
    captures: {
      en: 'keeps commitments, open and honest communication',
      de: 'hält Zusagen ein, kommuniziert offen und ehrlich',
    },
    seedDriver: 'integrity',
    recommendation: {
      en: 'Keep commitments, say bad news early.',
      de: 'Halten Sie Zusagen ein und sprechen Sie schlechte Nachrichten früh aus.',
    },
    lever: {
      en: 'SLA attainment, directive transparency',
      de: 'Einhaltung der SLAs, Transparenz bei Vorgaben',
    },
  },
});

/**
 * The sales form's wording, exactly as in instrument.md. The "(0–10)" and "(free text, optional)" notes
 * of the document are not part of the texts: the scale and the optional field are rendered by the UI
 * from the item's kind.
 */
const SALES_ITEMS = [
  likert('TRUST1', 'TRUST', 'I trust our marketing team.', 'Ich vertraue unserem Marketing.'),
  likert(
    'TRUST2',
    'TRUST',
    'When it matters, I can rely on marketing to deliver what it promised.',
    'Wenn es darauf ankommt, kann ich mich darauf verlassen, dass das Marketing hält, was es zusagt.',
  ),
  likert(
    'TRUST3',
    'TRUST',
    'I would openly discuss problems from my territory with marketing.',
    'Probleme aus meinem Gebiet würde ich offen mit dem Marketing besprechen.',
  ),
  likert(
    'AMB1',
    'AMB',
    'Marketing stands up for the interests of sales in front of top management.',
    'Das Marketing setzt sich bei der Geschäftsleitung für die Interessen des Vertriebs ein.',
  ),
  likert(
    'AMB2',
    'AMB',
    'Marketing takes ideas and initiatives from the field to management and pushes for decisions.',
    'Das Marketing bringt Ideen und Initiativen aus dem Außendienst zur Geschäftsleitung und treibt Entscheidungen voran.',
  ),
  likert(
    'AMB3',
    'AMB',
    'Marketing shares responsibility with us for failures as well as for successes.',
    'Das Marketing trägt Misserfolge genauso mit uns wie Erfolge.',
  ),
  likert(
    'INV1',
    'INV',
    'Marketing invests real time in supporting my work.',
    'Das Marketing investiert echte Zeit in die Unterstützung meiner Arbeit.',
  ),
  likert(
    'INV2',
    'INV',
    'When I need support, marketing goes the extra mile.',
    'Wenn ich Unterstützung brauche, geht das Marketing die Extrameile.',
  ),
  likert(
    'INV3',
    'INV',
    'Marketing responds to my requests quickly and reliably.',
    'Das Marketing reagiert schnell und zuverlässig auf meine Anfragen.',
  ),
  likert(
    'FAIR1',
    'FAIR',
    'Marketing supports all salespeople equally, regardless of the size of their accounts.',
    'Das Marketing unterstützt alle im Vertrieb gleichermaßen – unabhängig von der Größe ihrer Kunden.',
  ),
  likert(
    'FAIR2',
    'FAIR',
    'I get the same attention from marketing as my colleagues do.',
    'Ich bekomme vom Marketing dieselbe Aufmerksamkeit wie meine Kolleginnen und Kollegen.',
  ),
  likert(
    'ENB1',
    'ENB',
    'Marketing prepares us well before new campaigns or strategies are launched.',
    'Das Marketing bereitet uns gut vor, bevor neue Kampagnen oder Strategien starten.',
  ),
  likert(
    'ENB2',
    'ENB',
    'Marketing stays with us while new strategies are rolled out in the field.',
    'Das Marketing begleitet uns, während neue Strategien im Markt umgesetzt werden.',
  ),
  likert(
    'ENB3',
    'ENB',
    'The coaching and training I get from marketing help me sell.',
    'Die Coachings und Trainings des Marketings helfen mir beim Verkaufen.',
  ),
  likert(
    'BUF1',
    'BUF',
    'Marketing shields us from unrealistic demands from above.',
    'Das Marketing schützt uns vor unrealistischen Vorgaben von oben.',
  ),
  likert(
    'BUF2',
    'BUF',
    'Marketing gives top management an honest picture of what is happening in the field.',
    'Das Marketing vermittelt der Geschäftsleitung ein ehrliches Bild davon, was im Markt passiert.',
  ),
  likert(
    'BUF3',
    'BUF',
    'When pressure comes from management, marketing helps us cope with it.',
    'Wenn Druck von der Geschäftsleitung kommt, hilft uns das Marketing, damit umzugehen.',
  ),
  likert(
    'PRX1',
    'PRX',
    'Marketing approaches sales proactively, without waiting to be asked.',
    'Das Marketing kommt von sich aus auf den Vertrieb zu, ohne erst gefragt zu werden.',
  ),
  likert(
    'PRX2',
    'PRX',
    'Marketing people know our day-to-day work first-hand, for example from customer visits.',
    'Die Kolleginnen und Kollegen im Marketing kennen unseren Alltag aus eigener Erfahrung, z. B. von Kundenbesuchen.',
  ),
  likert(
    'PRX3',
    'PRX',
    'Marketing is willing to get its hands dirty when we need help.',
    'Das Marketing packt selbst mit an, wenn wir Hilfe brauchen.',
  ),
  likert('CMP1', 'CMP', 'Marketing understands our customers and markets.', 'Das Marketing versteht unsere Kunden und Märkte.'),
  likert(
    'CMP2',
    'CMP',
    'The materials and leads from marketing are useful in my daily work.',
    'Die Materialien und Leads des Marketings sind in meinem Arbeitsalltag nützlich.',
  ),
  likert(
    'INT1',
    'INT',
    'Marketing keeps its commitments to sales.',
    'Das Marketing hält seine Zusagen gegenüber dem Vertrieb ein.',
  ),
  likert(
    'INT2',
    'INT',
    'Marketing communicates openly and honestly with us, also when the news is bad.',
    'Das Marketing kommuniziert offen und ehrlich mit uns – auch bei schlechten Nachrichten.',
  ),
  question(
    'INPS',
    'nps',
    'How likely are you to recommend working with our marketing team to a sales colleague?',
    'Wie wahrscheinlich ist es, dass Sie die Zusammenarbeit mit unserem Marketing einer Kollegin oder einem Kollegen im Vertrieb empfehlen?',
  ),
  question(
    'OPEN1',
    'open',
    'What is one thing marketing should start doing to earn more of your trust?',
    'Was sollte das Marketing künftig tun, um mehr von Ihrem Vertrauen zu gewinnen?',
  ),
  question(
    'OPEN2',
    'open',
    'What is marketing already doing well that it should keep?',
    'Was macht das Marketing schon gut und sollte es beibehalten?',
  ),
] as const;

/**
 * Marketing's view of itself, one mirror per sales statement, so the product can show the perception
 * gap per driver. Wording rule: "Marketing …" becomes "We in marketing …" / "Wir im Marketing …", and
 * "us"/"my" (meaning sales) becomes "sales"/"the salespeople". AMB1_M, FAIR1_M, BUF1_M and TRUST1_M are
 * the document's examples, verbatim.
 */
const MIRROR_ITEMS = [
  mirror('TRUST1', 'Sales trusts us.', 'Der Vertrieb vertraut uns.'),
  mirror(
    'TRUST2',
    'When it matters, sales can rely on us to deliver what we promised.',
    'Wenn es darauf ankommt, kann sich der Vertrieb darauf verlassen, dass wir halten, was wir zusagen.',
  ),
  mirror(
    'TRUST3',
    'The salespeople would openly discuss problems from their territories with us.',
    'Probleme aus ihrem Gebiet würden die Kolleginnen und Kollegen im Vertrieb offen mit uns besprechen.',
  ),
  mirror(
    'AMB1',
    'We in marketing stand up for the interests of sales in front of top management.',
    'Wir im Marketing setzen uns bei der Geschäftsleitung für die Interessen des Vertriebs ein.',
  ),
  mirror(
    'AMB2',
    'We in marketing take ideas and initiatives from the field to management and push for decisions.',
    'Wir im Marketing bringen Ideen und Initiativen aus dem Außendienst zur Geschäftsleitung und treiben Entscheidungen voran.',
  ),
  mirror(
    'AMB3',
    'We in marketing share responsibility with sales for failures as well as for successes.',
    'Wir im Marketing tragen Misserfolge genauso mit dem Vertrieb wie Erfolge.',
  ),
  mirror(
    'INV1',
    'We in marketing invest real time in supporting the work of the salespeople.',
    'Wir im Marketing investieren echte Zeit in die Unterstützung der Arbeit im Vertrieb.',
  ),
  mirror(
    'INV2',
    'When the salespeople need support, we in marketing go the extra mile.',
    'Wenn der Vertrieb Unterstützung braucht, gehen wir im Marketing die Extrameile.',
  ),
  mirror(
    'INV3',
    'We in marketing respond to requests from sales quickly and reliably.',
    'Wir im Marketing reagieren schnell und zuverlässig auf Anfragen des Vertriebs.',
  ),
  mirror(
    'FAIR1',
    'We support all salespeople equally, regardless of the size of their accounts.',
    'Wir unterstützen alle im Vertrieb gleichermaßen – unabhängig von der Größe ihrer Kunden.',
  ),
  mirror(
    'FAIR2',
    'Every salesperson gets the same attention from us in marketing as their colleagues do.',
    'Jede Person im Vertrieb bekommt von uns im Marketing dieselbe Aufmerksamkeit wie ihre Kolleginnen und Kollegen.',
  ),
  mirror(
    'ENB1',
    'We in marketing prepare sales well before new campaigns or strategies are launched.',
    'Wir im Marketing bereiten den Vertrieb gut vor, bevor neue Kampagnen oder Strategien starten.',
  ),
  mirror(
    'ENB2',
    'We in marketing stay with sales while new strategies are rolled out in the field.',
    'Wir im Marketing begleiten den Vertrieb, während neue Strategien im Markt umgesetzt werden.',
  ),
  mirror(
    'ENB3',
    'The coaching and training the salespeople get from us in marketing help them sell.',
    'Die Coachings und Trainings, die wir im Marketing anbieten, helfen dem Vertrieb beim Verkaufen.',
  ),
  mirror(
    'BUF1',
    'We shield sales from unrealistic demands from above.',
    'Wir schützen den Vertrieb vor unrealistischen Vorgaben von oben.',
  ),
  mirror(
    'BUF2',
    'We in marketing give top management an honest picture of what is happening in the field.',
    'Wir im Marketing vermitteln der Geschäftsleitung ein ehrliches Bild davon, was im Markt passiert.',
  ),
  mirror(
    'BUF3',
    'When pressure comes from management, we in marketing help sales cope with it.',
    'Wenn Druck von der Geschäftsleitung kommt, helfen wir im Marketing dem Vertrieb, damit umzugehen.',
  ),
  mirror(
    'PRX1',
    'We in marketing approach sales proactively, without waiting to be asked.',
    'Wir im Marketing kommen von uns aus auf den Vertrieb zu, ohne erst gefragt zu werden.',
  ),
  mirror(
    'PRX2',
    'We in marketing know the day-to-day work of the salespeople first-hand, for example from customer visits.',
    'Wir im Marketing kennen den Alltag des Vertriebs aus eigener Erfahrung, z. B. von Kundenbesuchen.',
  ),
  mirror(
    'PRX3',
    'We in marketing are willing to get our hands dirty when sales needs help.',
    'Wir im Marketing packen selbst mit an, wenn der Vertrieb Hilfe braucht.',
  ),
  mirror('CMP1', 'We in marketing understand our customers and markets.', 'Wir im Marketing verstehen unsere Kunden und Märkte.'),
  mirror(
    'CMP2',
    'The materials and leads from us in marketing are useful in the daily work of the salespeople.',
    'Die Materialien und Leads, die wir im Marketing liefern, sind im Arbeitsalltag des Vertriebs nützlich.',
  ),
  mirror(
    'INT1',
    'We in marketing keep our commitments to sales.',
    'Wir im Marketing halten unsere Zusagen gegenüber dem Vertrieb ein.',
  ),
  mirror(
    'INT2',
    'We in marketing communicate openly and honestly with sales, also when the news is bad.',
    'Wir im Marketing kommunizieren offen und ehrlich mit dem Vertrieb – auch bei schlechten Nachrichten.',
  ),
] as const;

export type SalesItemId = (typeof SALES_ITEMS)[number]['id'];
export type MirrorItemId = (typeof MIRROR_ITEMS)[number]['id'];
export type ItemId = SalesItemId | MirrorItemId;
export type Item = ItemShape<ItemId>;
/** A statement answered on the 1–5 scale: every likert item, sales or mirror. */
export type StatementItem = Extract<Item, { kind: 'likert' }>;

/** Every item, sales first (in the document's order), then the mirror statements. Frozen: ids are forever. */
export const ITEMS: readonly Item[] = deepFreeze([...SALES_ITEMS, ...MIRROR_ITEMS]);

const ITEMS_BY_ID: ReadonlyMap<string, Item> = new Map(ITEMS.map((item) => [item.id, item]));

export function findItem(id: string): Item | undefined {
  return ITEMS_BY_ID.get(id);
}

export function isItemId(id: string): id is ItemId {
  return ITEMS_BY_ID.has(id);
}

/** The statements of one construct for one audience, in id order. */
export function statementsOf(construct: ConstructId, audience: Audience): readonly StatementItem[] {
  return ITEMS.filter(
    (item): item is StatementItem => item.kind === 'likert' && item.construct === construct && item.audience === audience,
  );
}

// ---------- answer scales ----------

export const LIKERT_VALUES = [1, 2, 3, 4, 5] as const;
export type LikertValue = (typeof LIKERT_VALUES)[number];

export const LIKERT_LABELS: Readonly<Record<LikertValue, LocalizedText>> = deepFreeze({
  1: { en: 'strongly disagree', de: 'stimme überhaupt nicht zu' },
  2: { en: 'disagree', de: 'stimme nicht zu' },
  3: { en: 'neither', de: 'teils/teils' },
  4: { en: 'agree', de: 'stimme zu' },
  5: { en: 'strongly agree', de: 'stimme voll zu' },
});

/** Offered next to the scale; stored as no answer (null), never as 3, so it cannot pull scores to the middle. */
export const CANT_JUDGE_LABEL: LocalizedText = deepFreeze({ en: "can't judge", de: 'kann ich nicht beurteilen' });

export const NPS_MIN = 0;
export const NPS_MAX = 10;
export const NPS_END_LABELS: Readonly<{ low: LocalizedText; high: LocalizedText }> = deepFreeze({
  low: { en: 'not at all likely', de: 'sehr unwahrscheinlich' },
  high: { en: 'extremely likely', de: 'sehr wahrscheinlich' },
});

// ---------- helpers for writing the bank compactly ----------

function likert<Id extends string>(id: Id, construct: ConstructId, en: string, de: string) {
  return { id, kind: 'likert', construct, audience: 'sales', mirrorOf: null, text: { en, de } } as const;
}

/** A mirror statement takes its id (`<sales id>_M`) and construct from the statement it mirrors. */
function mirror<Of extends SalesItemId>(of: Of, en: string, de: string) {
  const mirrored = SALES_ITEMS.find((item) => item.id === of);
  if (mirrored?.kind !== 'likert') throw new Error(`${of} is not a sales statement`);
  const id = `${of}_M` as const;
  return { id, kind: 'likert', construct: mirrored.construct, audience: 'marketing', mirrorOf: of, text: { en, de } } as const;
}

function question<Id extends string>(id: Id, kind: 'nps' | 'open', en: string, de: string) {
  return { id, kind, construct: null, audience: 'sales', mirrorOf: null, text: { en, de } } as const;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const nested of Object.values(value)) deepFreeze(nested);
    Object.freeze(value);
  }
  return value;
}
