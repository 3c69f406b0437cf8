/**
 * Texts for the demo company's activity: survey comments, request titles, descriptions, comments,
 * decline reasons and rating comments, in German and English (whoever writes uses their own language).
 */
import type { RequestTypeKey } from '../../../common/api/contracts.js';
import type { DriverId } from '../../../common/instrument/items.js';
import type { Locale } from '../../../common/roles.js';
import type { Random } from '../../lib/random.js';

type Texts = Readonly<Record<Locale, readonly string[]>>;

/** OPEN1, "what should marketing start doing": a wish about the driver that is weakest where it matters. */
const START_DOING: Readonly<Record<DriverId, Texts>> = {
  AMB: {
    de: [
      'Unsere Themen aus dem Außendienst auch wirklich bei der Geschäftsleitung vertreten, nicht nur zuhören.',
      'Bei Entscheidungen der Geschäftsleitung früher sagen, was für den Vertrieb dabei herauskommt.',
    ],
    en: ['Actually take our field issues to management instead of just listening to them.'],
  },
  INV: {
    de: [
      'Anfragen schneller beantworten – zwei Wochen für ein Datenblatt sind zu lang.',
      'Einen festen Ansprechpartner für unser Gebiet benennen.',
    ],
    en: ['Answer requests faster; waiting two weeks for a data sheet is too long.'],
  },
  FAIR: {
    de: [
      'Nicht nur die Key Accounts unterstützen, auch die kleineren Kunden bringen Umsatz.',
      'Unterstützung gleichmäßiger auf alle im Team verteilen.',
    ],
    en: ['Support the smaller accounts too, not only the big names.'],
  },
  ENB: {
    de: [
      'Vor einem Produktlaunch eine richtige Schulung machen, nicht nur ein PDF schicken.',
      'Neue Kampagnen vorher mit uns durchsprechen.',
    ],
    en: ['Train us properly before a launch instead of sending a PDF.'],
  },
  BUF: {
    de: [
      'Unrealistische Zielvorgaben von oben nicht einfach durchreichen.',
      'Der Geschäftsleitung ehrlich sagen, was im Markt gerade los ist.',
    ],
    en: ['Push back on unrealistic targets from above instead of passing them on.'],
  },
  PRX: {
    de: [
      'Öfter mit zum Kunden fahren, um zu sehen, wie unser Alltag aussieht.',
      'Von sich aus auf uns zukommen, nicht erst, wenn wir fragen.',
    ],
    en: ['Come along on customer visits now and then to see what our days look like.'],
  },
  CMP: {
    de: ['Materialien näher an den Fragen unserer Kunden ausrichten.', 'Leads besser vorqualifizieren, bevor sie zu uns kommen.'],
    en: ['Qualify leads better before passing them on.'],
  },
  INT: {
    de: ['Zusagen einhalten oder früh Bescheid geben, wenn es nicht klappt.', 'Auch schlechte Nachrichten offen ansprechen.'],
    en: ['Keep promised dates, or tell us early when they slip.'],
  },
};

/** OPEN2, "what is marketing already doing well": praise for the driver that is strongest where it matters. */
const KEEP_DOING: Readonly<Record<DriverId, Texts>> = {
  AMB: {
    de: ['Dass unsere Initiative zur Ersatzteilaktion bis zur Geschäftsleitung getragen wurde.'],
    en: ['Taking our spare-parts initiative all the way to management.'],
  },
  INV: {
    de: [
      'Die schnelle Hilfe bei dringenden Angeboten – da war immer jemand erreichbar.',
      'Das neue Anfrageportal, es geht viel schneller.',
    ],
    en: ['Quick help with urgent quotes; someone was always there.'],
  },
  FAIR: {
    de: ['Alle im Team bekommen die gleiche Unterstützung, egal wie groß der Kunde ist.'],
    en: ['Everyone in the team gets the same support, whatever the account size.'],
  },
  ENB: {
    de: ['Die Schulungen zur neuen Getriebeserie waren sehr praxisnah.', 'Die Launch-Vorbereitung mit Argumentationshilfen.'],
    en: ['The training on the new gearbox range was very practical.'],
  },
  BUF: {
    de: ['Dass das Marketing die Quartalsvorgaben für uns realistisch gemacht hat.'],
    en: ['Marketing made the quarterly targets realistic for us.'],
  },
  PRX: {
    de: ['Die gemeinsamen Kundenbesuche – bitte beibehalten!', 'Man merkt, dass das Marketing unseren Alltag kennt.'],
    en: ['The joint customer visits, please keep them up!'],
  },
  CMP: {
    de: ['Die Referenzberichte sind bei Kunden richtig gut angekommen.', 'Die Wettbewerbsvergleiche sind sehr hilfreich.'],
    en: ['The competitor comparisons are really useful.'],
  },
  INT: {
    de: ['Ehrliche Kommunikation, auch wenn etwas länger dauert.'],
    en: ['Honest communication, even when something takes longer.'],
  },
};

/**
 * A free-text answer that fits the answers the person gave: the wish names the driver that drags their
 * trust down most (low score × weight), the praise the one that lifts it most.
 */
export function openAnswerText(
  random: Random,
  itemId: 'OPEN1' | 'OPEN2',
  locale: Locale,
  drivers: Readonly<Record<DriverId, number>>,
  weights: Readonly<Record<DriverId, number>>,
): string {
  const entries = Object.entries(drivers) as [DriverId, number][];
  const impact = (d: DriverId, v: number) => (weights[d] + 0.1) * (v - 3) + 0.3 * random.normal();
  const sorted = entries.map(([d, v]) => [d, impact(d, v)] as const).sort((a, b) => a[1] - b[1]);
  const driver = (itemId === 'OPEN1' ? sorted[0] : sorted[sorted.length - 1])?.[0] ?? 'INV';
  const pool = (itemId === 'OPEN1' ? START_DOING : KEEP_DOING)[driver][locale];
  return random.pick(pool);
}

// ---------- requests ----------

export const PRODUCTS: readonly string[] = [
  'Getriebemotor GM-400',
  'Servoantrieb SX 3',
  'Planetengetriebe PG 120',
  'Frequenzumrichter FU 7',
  'Stirnradgetriebe SR-Serie',
  'Kegelradgetriebe KR 80',
  'Antriebspaket Intralogistik',
];

export const TRADE_FAIRS: readonly string[] = [
  'Hannover Messe',
  'SPS Nürnberg',
  'LogiMAT',
  'Motek',
  'AMB Stuttgart',
  'Agritechnica',
];

export const COMPETITORS: readonly string[] = ['Hessler Antriebe', 'Vantec Motion', 'Orbis Drives', 'Kranich Getriebebau'];

/**
 * What marketing puts into the asset library when it delivers such a request. Pricing and lead lists
 * are never published (confidential, personal data); customer-specific work only as a neutral version.
 */
export interface LibraryTemplate {
  /** Share of delivered requests of this kind whose result is published. */
  share: number;
  /** Two deliverables with the same key are the same thing: it is published once ... */
  key: string;
  /** ... unless the last one is this many days old: then a current edition follows. */
  renewAfterDays?: number;
  /** How much sales reuses such an asset, relative to others. */
  appeal: number;
  title: Readonly<Record<Locale, string>>;
  description: Readonly<Record<Locale, string>>;
  /** Words that become tags; placeholders become tags of their value. */
  tags: Readonly<Record<Locale, readonly string[]>>;
}

interface RequestTemplate {
  title: Readonly<Record<Locale, string>>;
  description: Readonly<Record<Locale, string>>;
  /** Whether the request is about one of the requester's accounts. */
  account: boolean;
  library?: LibraryTemplate;
}

/**
 * Placeholders: {product}, {account}, {fair}, {competitor}, {industry}, {region}; in library texts also
 * {edition} (month and year of publication) and {year}.
 */
export const REQUEST_TEMPLATES: Readonly<Record<RequestTypeKey, readonly RequestTemplate[]>> = {
  collateral: [
    {
      title: { de: 'Präsentation für Termin bei {account}', en: 'Slide deck for meeting with {account}' },
      description: {
        de: 'Ich brauche eine kurze Präsentation zum {product} für ein Gespräch mit dem technischen Einkauf von {account}.',
        en: 'I need a short deck on the {product} for a meeting with the technical buyers at {account}.',
      },
      account: true,
      library: {
        share: 0.2,
        key: 'deck:{product}',
        appeal: 1.2,
        title: {
          de: 'Kurzpräsentation {product} für den technischen Einkauf',
          en: 'Short deck on the {product} for technical buyers',
        },
        description: {
          de: 'Neutrale Fassung der Präsentation für {account}: Wirkungsgrad, Baugrößen, Lieferzeiten und Servicezusagen auf zwölf Folien, ohne Kundennamen.',
          en: 'Neutral version of the deck made for {account}: efficiency, frame sizes, delivery times and service commitments on twelve slides, without customer names.',
        },
        tags: { de: ['präsentation', '{product}', 'einkauf'], en: ['presentation', '{product}', 'purchasing'] },
      },
    },
    {
      title: { de: 'Datenblatt {product} aktualisieren', en: 'Update the {product} data sheet' },
      description: {
        de: 'Im Datenblatt zum {product} stehen noch die alten Wirkungsgrade. Kunden fragen danach.',
        en: 'The {product} data sheet still shows the old efficiency figures; customers keep asking.',
      },
      account: false,
      library: {
        share: 0.85,
        key: 'datasheet:{product}',
        renewAfterDays: 120,
        appeal: 1.8,
        title: { de: 'Datenblatt {product} (Stand {edition})', en: '{product} data sheet ({edition} edition)' },
        description: {
          de: 'Aktuelles Datenblatt zum {product} mit den neuen Wirkungsgraden, Maßen und Baugrößen. Bitte nur noch diese Fassung an Kunden geben.',
          en: 'Current {product} data sheet with the new efficiency figures, dimensions and frame sizes. Please give customers only this version.',
        },
        tags: { de: ['datenblatt', '{product}', 'technik'], en: ['data-sheet', '{product}', 'technical'] },
      },
    },
    {
      title: { de: 'Referenzbericht {account}', en: 'Reference story {account}' },
      description: {
        de: '{account} ist mit dem {product} sehr zufrieden und wäre bereit für einen Referenzbericht.',
        en: '{account} is very happy with the {product} and would agree to a reference story.',
      },
      account: true,
      library: {
        share: 0.7,
        key: 'reference:{account}',
        appeal: 1.4,
        title: { de: 'Referenzbericht {account}: {product} im Einsatz', en: 'Reference story {account}: the {product} in use' },
        description: {
          de: 'Zweiseitiger Anwenderbericht mit Zitat des Kunden, Fotos aus der Anlage und Zahlen zu Energieeinsparung und Verfügbarkeit. Für Angebote und Messen freigegeben.',
          en: 'Two-page customer story with a quote, photos from the plant and figures on energy savings and uptime. Approved for quotes and trade fairs.',
        },
        tags: { de: ['referenz', '{product}', '{industry}'], en: ['reference', '{product}', '{industry}'] },
      },
    },
  ],
  campaign_support: [
    {
      title: { de: 'Mailing an Bestandskunden {region}', en: 'Mailing to existing customers in {region}' },
      description: {
        de: 'Für das Quartalsende möchten wir unsere Bestandskunden in {region} zum {product} anschreiben.',
        en: 'Before quarter end we want to write to our existing customers in {region} about the {product}.',
      },
      account: false,
      library: {
        share: 0.35,
        key: 'mailing:{product}',
        appeal: 0.8,
        title: {
          de: 'Mailingvorlage {product} für Bestandskunden',
          en: 'Mailing template: the {product} for existing customers',
        },
        description: {
          de: 'Anschreiben und E-Mail-Text zum {product} mit Platzhaltern für Ansprechpartner und Gebiet; zuerst eingesetzt in {region}.',
          en: 'Letter and e-mail text on the {product} with placeholders for contact and territory; first used in {region}.',
        },
        tags: { de: ['mailing', 'vorlage', '{product}'], en: ['mailing', 'template', '{product}'] },
      },
    },
    {
      title: { de: 'Aktion Retrofit {industry}', en: 'Retrofit campaign for {industry}' },
      description: {
        de: 'Viele Anlagen in der Branche {industry} sind über 15 Jahre alt. Können wir eine Retrofit-Aktion starten?',
        en: 'Many plants in {industry} are over 15 years old. Could we run a retrofit campaign?',
      },
      account: false,
      library: {
        share: 0.5,
        key: 'retrofit:{industry}',
        appeal: 1.1,
        title: {
          de: 'Retrofit-Paket {industry}: Argumente und Mailing',
          en: 'Retrofit kit for {industry}: arguments and mailing',
        },
        description: {
          de: 'Gesprächsleitfaden für die Modernisierung von Anlagen, die älter als 15 Jahre sind, mit Mailingtext und einer Amortisationsrechnung zum {product}.',
          en: 'Talking points for modernising plants older than 15 years, with a mailing text and a payback calculation for the {product}.',
        },
        tags: { de: ['retrofit', '{industry}', 'kampagne'], en: ['retrofit', '{industry}', 'campaign'] },
      },
    },
  ],
  event_support: [
    {
      title: { de: 'Standbesetzung {fair}', en: 'Booth staffing at {fair}' },
      description: {
        de: 'Für die {fair} brauchen wir Exponate, Prospekte und eine Einladungsaktion für unsere Kunden.',
        en: 'For {fair} we need exhibits, brochures and an invitation mailing for our customers.',
      },
      account: false,
      library: {
        share: 0.3,
        key: 'fair:{fair}',
        renewAfterDays: 330,
        appeal: 0.9,
        title: { de: 'Messepaket {fair} {year}', en: '{fair} {year} trade fair kit' },
        description: {
          de: 'Einladungsvorlage, Standplan, Exponatliste und Gesprächsleitfaden für die {fair}, dazu die Terminliste für Kundengespräche am Stand.',
          en: 'Invitation template, booth plan, list of exhibits and talking points for {fair}, with the schedule for customer meetings at the booth.',
        },
        tags: { de: ['messe', '{fair}', 'einladung'], en: ['trade-fair', '{fair}', 'invitation'] },
      },
    },
    {
      title: { de: 'Kundentag bei {account}', en: 'Customer day at {account}' },
      description: {
        de: '{account} möchte einen Technologietag für seine Instandhaltung. Bitte um Unterstützung bei Agenda und Material.',
        en: '{account} wants a technology day for its maintenance team. Please help with agenda and material.',
      },
      account: true,
      library: {
        share: 0.25,
        key: 'customer-day',
        renewAfterDays: 150,
        appeal: 0.6,
        title: {
          de: 'Technologietag Instandhaltung: Ablauf und Material (Stand {edition})',
          en: 'Maintenance technology day: agenda and material ({edition} edition)',
        },
        description: {
          de: 'Agenda, Vortragsfolien und Checkliste für einen Technologietag beim Kunden, erprobt bei {account}.',
          en: 'Agenda, slides and checklist for a technology day at a customer site, first run at {account}.',
        },
        tags: { de: ['kundentag', 'instandhaltung', 'schulung'], en: ['customer-day', 'maintenance', 'training'] },
      },
    },
  ],
  lead_list: [
    {
      title: { de: 'Leadliste {industry} in {region}', en: 'Lead list: {industry} in {region}' },
      description: {
        de: 'Bitte eine Liste von Unternehmen der Branche {industry} in {region} mit über 200 Mitarbeitenden.',
        en: 'Please compile companies in {industry} in {region} with more than 200 employees.',
      },
      account: false,
    },
    {
      title: { de: 'Messekontakte {fair} nachfassen', en: 'Follow up {fair} contacts' },
      description: {
        de: 'Welche Kontakte von der {fair} gehören in mein Gebiet? Bitte als Liste mit Ansprechpartnern.',
        en: 'Which {fair} contacts belong to my territory? Please as a list with contact persons.',
      },
      account: false,
    },
  ],
  competitive_intelligence: [
    {
      title: { de: 'Vergleich {product} mit {competitor}', en: '{product} compared with {competitor}' },
      description: {
        de: '{competitor} bietet bei {account} gerade deutlich günstiger an. Was sind unsere Argumente?',
        en: '{competitor} is quoting much lower at {account}. What are our arguments?',
      },
      account: true,
      library: {
        share: 0.6,
        key: 'battlecard:{product}:{competitor}',
        appeal: 2,
        title: { de: 'Argumentationshilfe {product} gegen {competitor}', en: 'Battle card: the {product} against {competitor}' },
        description: {
          de: 'Vergleich von Preis, Lieferzeit, Wirkungsgrad und Service gegenüber {competitor}, mit Antworten auf die häufigsten Einwände im Preisgespräch.',
          en: 'Price, delivery time, efficiency and service compared with {competitor}, with answers to the most common objections in price talks.',
        },
        tags: { de: ['wettbewerb', '{competitor}', '{product}'], en: ['competition', '{competitor}', '{product}'] },
      },
    },
    {
      title: { de: 'Neue Produktlinie von {competitor}', en: 'New product line from {competitor}' },
      description: {
        de: 'Kunden sprechen mich auf die neue Produktlinie von {competitor} an. Gibt es eine Einschätzung?',
        en: 'Customers ask me about the new product line from {competitor}. Do we have an assessment?',
      },
      account: false,
      library: {
        share: 0.65,
        key: 'competitor:{competitor}',
        renewAfterDays: 180,
        appeal: 1.6,
        title: {
          de: 'Einschätzung: neue Produktlinie von {competitor} (Stand {edition})',
          en: 'Assessment: the new product line from {competitor} ({edition})',
        },
        description: {
          de: 'Was die neue Produktlinie von {competitor} kann, wo wir besser sind und wie wir im Kundengespräch darauf antworten.',
          en: 'What the new product line from {competitor} offers, where we are stronger, and how to answer in customer meetings.',
        },
        tags: { de: ['wettbewerb', '{competitor}', 'marktbeobachtung'], en: ['competition', '{competitor}', 'market-watch'] },
      },
    },
  ],
  pricing_support: [
    {
      title: { de: 'Preisfreigabe Rahmenvertrag {account}', en: 'Price approval for framework contract {account}' },
      description: {
        de: '{account} verhandelt einen Rahmenvertrag über drei Jahre. Ich brauche eine Kalkulation für den {product}.',
        en: '{account} is negotiating a three-year framework contract. I need a calculation for the {product}.',
      },
      account: true,
    },
    {
      title: { de: 'Staffelpreise {product}', en: 'Volume pricing for the {product}' },
      description: {
        de: 'Für ein Projekt bei {account} brauche ich Staffelpreise ab 50 Stück.',
        en: 'For a project at {account} I need volume prices from 50 units.',
      },
      account: true,
    },
  ],
  training: [
    {
      title: { de: 'Produktschulung {product}', en: 'Product training {product}' },
      description: {
        de: 'Unser Team hätte gern eine Schulung zum {product}, vor allem zu Auslegung und Einwänden.',
        en: 'Our team would like a training on the {product}, mainly sizing and objections.',
      },
      account: false,
      library: {
        share: 0.7,
        key: 'training:{product}',
        renewAfterDays: 180,
        appeal: 1.3,
        title: {
          de: 'Schulungsunterlagen {product}: Auslegung und Einwände (Stand {edition})',
          en: 'Training material on the {product}: sizing and objections ({edition} edition)',
        },
        description: {
          de: 'Folien und Übungsbeispiele aus der Produktschulung zum {product}, mit Auslegungsbeispielen und den häufigsten Kundeneinwänden.',
          en: 'Slides and exercises from the {product} product training, with sizing examples and the most common customer objections.',
        },
        tags: { de: ['schulung', '{product}', 'auslegung'], en: ['training', '{product}', 'sizing'] },
      },
    },
  ],
  other: [
    {
      title: { de: 'Visitenkarten und Musterkoffer', en: 'Business cards and sample case' },
      description: {
        de: 'Für den neuen Kollegen im Team brauchen wir Visitenkarten und einen Musterkoffer.',
        en: 'Our new colleague needs business cards and a sample case.',
      },
      account: false,
    },
    {
      title: { de: 'Frage zu Kampagnencodes im CRM', en: 'Question about campaign codes in the CRM' },
      description: {
        de: 'Welchen Kampagnencode soll ich für Leads aus der {fair} verwenden?',
        en: 'Which campaign code should I use for leads from {fair}?',
      },
      account: false,
    },
  ],
};

export const MARKETING_QUESTIONS: Texts = {
  de: [
    'Kurze Rückfrage: Für welche Baugröße soll das sein?',
    'Gibt es vom Kunden schon konkrete Stückzahlen?',
    'Bis wann genau brauchst du das? Dann plane ich es ein.',
    'Kannst du mir die Anfrage des Kunden weiterleiten?',
  ],
  en: [
    'Quick question: which frame size is this for?',
    'Do we have concrete quantities from the customer yet?',
    'When exactly do you need it? Then I can plan it in.',
  ],
};

export const REQUESTER_ANSWERS: Texts = {
  de: [
    'Baugröße 3, Details im Anhang der Kundenmail.',
    'Ca. 120 Stück pro Jahr.',
    'Spätestens Ende nächster Woche.',
    'Habe ich dir gerade weitergeleitet.',
  ],
  en: ['Frame size 3, details in the customer mail.', 'About 120 units a year.', 'End of next week at the latest.'],
};

export const DELIVERY_NOTES: Texts = {
  de: [
    'Anbei der Entwurf, Feedback gern bis Freitag.',
    'Ist fertig und liegt im Laufwerk unter Vertrieb/Material.',
    'Hier die Unterlagen. Melde dich, wenn noch etwas fehlt.',
  ],
  en: ['Attached is the draft; feedback welcome by Friday.', 'Done, you will find it in the sales material folder.'],
};

export const INTERNAL_NOTES: readonly string[] = [
  'Rücksprache mit dem Produktmanagement nötig, Zahlen noch nicht freigegeben.',
  'Ähnliche Anfrage kam letzten Monat aus Süd, Material wiederverwenden.',
  'Kapazität knapp wegen Messevorbereitung, Priorität mit Teamleitung klären.',
  'Preisfreigabe muss über den Vertriebsleiter laufen.',
];

export const DECLINE_REASONS: Texts = {
  de: [
    'Das gibt es bereits: bitte das aktuelle Datenblatt aus der Bibliothek verwenden.',
    'Preisfreigaben laufen über den Vertriebsinnendienst, nicht über das Marketing.',
    'Dafür fehlt in diesem Quartal das Budget; wir nehmen es in die Jahresplanung auf.',
    'Doppelte Anfrage, wird in der früheren Anfrage bearbeitet.',
  ],
  en: [
    'This already exists: please use the current data sheet from the library.',
    'Price approvals go through sales operations, not marketing.',
    'There is no budget for this in this quarter; we will add it to the annual plan.',
  ],
};

export const RATING_COMMENTS: Readonly<Record<'good' | 'bad', Texts>> = {
  good: {
    de: ['Super, genau das, was der Kunde brauchte.', 'Schnell und unkompliziert, danke!', 'Hat mir den Abschluss gerettet.'],
    en: ['Great, exactly what the customer needed.', 'Fast and easy, thanks!'],
  },
  bad: {
    de: ['Kam leider zu spät für den Termin.', 'Inhaltlich okay, aber viele Rückfragen nötig.'],
    en: ['Unfortunately too late for the meeting.', 'Content fine, but it took many rounds.'],
  },
};

export function pickText(random: Random, texts: Texts, locale: Locale): string {
  return random.pick(texts[locale].length > 0 ? texts[locale] : texts.de);
}

/** Month names for the edition of a published data sheet ("Stand März 2026", "March 2026 edition"). */
export const MONTH_NAMES: Readonly<Record<Locale, readonly string[]>> = {
  de: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};
