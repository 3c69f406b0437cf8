/**
 * Word lists for the demo company: names of people, regions, cities and customer companies.
 */

function words(text: string): string[] {
  return text.trim().split(/\s+/);
}

export const GERMAN_FEMALE_FIRST_NAMES: readonly string[] = words(`
  Anna Andrea Angelika Anja Barbara Birgit Carina Christina Claudia Daniela Doris Elena Elisabeth
  Franziska Gabriele Hanna Heike Ines Jana Johanna Julia Jutta Karin Katharina Kerstin Kristin Laura
  Lea Lena Lisa Maike Manuela Maren Maria Marie Marion Martina Melanie Miriam Monika Nadine Nicole
  Nina Petra Sabine Sandra Sarah Silke Simone Sophie Stefanie Susanne Svenja Tanja Ulrike Ursula
  Vanessa Verena Jördis Anke Bärbel Dörte Annegret Friederike Hannelore Merle Theresa Charlotte Luisa
  Antje
`);

export const GERMAN_MALE_FIRST_NAMES: readonly string[] = words(`
  Alexander Andreas Bernd Björn Christian Christoph Daniel Dennis Dieter Dirk Florian Frank Georg
  Gerhard Hans-Peter Heiko Helmut Holger Jan Jens Joachim Jörg Jonas Jürgen Kai Karl-Heinz Klaus Lars
  Lukas Marc Marco Markus Martin Matthias Maximilian Michael Niklas Oliver Patrick Paul Peter Philipp
  Ralf Reinhard Rüdiger Sebastian Simon Stefan Sven Thomas Thorsten Tim Tobias Uwe Volker Werner
  Wolfgang Benedikt Fabian Moritz Timo Torsten Ulrich Günter Hendrik Malte Felix Johannes Konstantin
  Till
`);

export const GERMAN_LAST_NAMES: readonly string[] = words(`
  Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer
  Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt
  Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König Walter Mayer Huber
  Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Schubert Vogel Friedrich Keller Günther Frank
  Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht Schuster Simon Ludwig Böhm Winter Kraus
  Martin Schumacher Krämer Vogt Stein Jäger Otto Sommer Groß Seidel Heinrich Brandt Haas Schreiber
  Graf Schulte Dietrich Ziegler Kuhn Kühn Pohl Engel Horn Busch Bergmann Thomas Voigt Sauer Arnold
  Wolff Pfeiffer Brinkmann Hansen Jansen Petersen Lindner Ebert Dreher Hüttner Oberländer Wendt
`);

/** Colleagues with roots elsewhere; `en` marks those who would rather use Tandem in English. */
export const INTERNATIONAL_PEOPLE: readonly { first: readonly string[]; last: readonly string[]; locale: 'de' | 'en' }[] = [
  {
    first: ['Mehmet', 'Ayşe', 'Emre', 'Elif', 'Can', 'Zeynep'],
    last: ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Öztürk'],
    locale: 'de',
  },
  {
    first: ['Piotr', 'Agnieszka', 'Tomasz', 'Katarzyna', 'Paweł'],
    last: ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Łukasik'],
    locale: 'de',
  },
  {
    first: ['Giulia', 'Marco', 'Luca', 'Francesca', 'Alessandro'],
    last: ['Rossi', 'Russo', 'Bianchi', 'Romano', 'Esposito'],
    locale: 'de',
  },
  { first: ['Ana', 'Javier', 'Lucía', 'Pablo'], last: ['García', 'Fernández', 'López', 'Martínez'], locale: 'en' },
  {
    first: ['James', 'Emma', 'Oliver', 'Charlotte', 'David', 'Sarah'],
    last: ['Smith', 'Taylor', 'Brown', 'Wilson', 'Evans', 'Clarke'],
    locale: 'en',
  },
  { first: ['Lars', 'Ingrid', 'Søren', 'Astrid'], last: ['Nielsen', 'Andersen', 'Lindqvist', 'Johansson'], locale: 'en' },
  { first: ['Priya', 'Arjun', 'Ananya'], last: ['Sharma', 'Patel', 'Iyer'], locale: 'en' },
];

export interface RegionInfo {
  region: string;
  teamName: string;
  cities: readonly string[];
  /** For names like "Schwäbische Drahtwerke AG". */
  adjectives: readonly string[];
  /** Customers abroad carry their own country's legal forms. */
  legalForms?: readonly (readonly [string, number])[];
}

/** The default sales regions, in the order sales teams are created. Further teams reuse them with a number. */
export const SALES_REGIONS: readonly RegionInfo[] = [
  {
    region: 'Süd',
    adjectives: ['Bayerische', 'Fränkische', 'Allgäuer', 'Oberbayerische', 'Niederbayerische'],
    teamName: 'Vertrieb Süd',
    cities: ['München', 'Augsburg', 'Ingolstadt', 'Regensburg', 'Nürnberg', 'Erlangen', 'Rosenheim', 'Landshut', 'Passau'],
  },
  {
    region: 'Südwest',
    adjectives: ['Schwäbische', 'Badische', 'Württembergische', 'Kurpfälzer', 'Hohenloher'],
    teamName: 'Vertrieb Südwest',
    cities: [
      'Stuttgart',
      'Karlsruhe',
      'Mannheim',
      'Ulm',
      'Reutlingen',
      'Heilbronn',
      'Pforzheim',
      'Freiburg im Breisgau',
      'Tuttlingen',
    ],
  },
  {
    region: 'West',
    adjectives: ['Westfälische', 'Rheinische', 'Sauerländer', 'Bergische', 'Niederrheinische'],
    teamName: 'Vertrieb West',
    cities: ['Köln', 'Düsseldorf', 'Dortmund', 'Essen', 'Bielefeld', 'Aachen', 'Wuppertal', 'Siegen', 'Münster', 'Bochum'],
  },
  {
    region: 'Nord',
    adjectives: ['Hanseatische', 'Norddeutsche', 'Friesische', 'Holsteiner', 'Emsländer'],
    teamName: 'Vertrieb Nord',
    cities: ['Hamburg', 'Bremen', 'Hannover', 'Kiel', 'Lübeck', 'Oldenburg', 'Osnabrück', 'Braunschweig', 'Wolfsburg'],
  },
  {
    region: 'Ost',
    adjectives: ['Sächsische', 'Thüringer', 'Märkische', 'Oberlausitzer', 'Erzgebirgische'],
    teamName: 'Vertrieb Ost',
    cities: ['Leipzig', 'Dresden', 'Chemnitz', 'Berlin', 'Magdeburg', 'Erfurt', 'Jena', 'Zwickau', 'Cottbus'],
  },
  {
    region: 'DACH-International',
    adjectives: ['Tiroler', 'Steirische', 'Wiener', 'Zürcher', 'Berner', 'Vorarlberger', 'Ostschweizer'],
    teamName: 'Vertrieb DACH-International',
    cities: ['Wien', 'Linz', 'Graz', 'Salzburg', 'Zürich', 'Basel', 'Bern', 'Winterthur', 'St. Gallen', 'Luzern'],
    legalForms: [
      ['AG', 30],
      ['GmbH', 35],
      ['Ges.m.b.H.', 15],
      ['KG', 10],
      ['SA', 5],
      ['Holding AG', 5],
    ],
  },
];

export const HEADQUARTERS_REGION = 'Zentrale';

export const MARKETING_TEAM_NAMES = [
  'Produktmarketing',
  'Marketing Kommunikation',
  'Digitales Marketing',
  'Marketing Services',
] as const;

export const EXECUTIVE_TEAM_NAME = 'Geschäftsleitung';

export const GERMAN_LEGAL_FORMS: readonly (readonly [string, number])[] = [
  ['GmbH', 58],
  ['GmbH & Co. KG', 22],
  ['AG', 8],
  ['KG', 6],
  ['SE', 2],
  ['e.K.', 4],
];

/** Industries of the customers, with relative frequency and the words their company names use. */
export const INDUSTRIES: readonly { industry: string; weight: number; words: readonly string[] }[] = [
  {
    industry: 'Maschinenbau',
    weight: 26,
    words: [
      'Maschinenbau',
      'Fördertechnik',
      'Anlagenbau',
      'Werkzeugmaschinen',
      'Hydraulik',
      'Pneumatik',
      'Getriebebau',
      'Sondermaschinen',
      'Verpackungsmaschinen',
    ],
  },
  {
    industry: 'Automotive-Zulieferer',
    weight: 18,
    words: [
      'Fahrzeugteile',
      'Automotive',
      'Präzisionsteile',
      'Stanztechnik',
      'Umformtechnik',
      'Zerspanungstechnik',
      'Fahrzeugtechnik',
    ],
  },
  { industry: 'Chemie', weight: 9, words: ['Chemie', 'Spezialchemie', 'Lackfabrik', 'Klebstoffwerke', 'Oberflächentechnik'] },
  {
    industry: 'Elektrotechnik',
    weight: 11,
    words: ['Elektrotechnik', 'Schaltanlagenbau', 'Elektronik', 'Sensorik', 'Steuerungstechnik', 'Kabelwerke'],
  },
  {
    industry: 'Metallverarbeitung',
    weight: 10,
    words: ['Metallbau', 'Gießerei', 'Stahlbau', 'Drahtwerke', 'Schmiedetechnik', 'Blechbearbeitung'],
  },
  {
    industry: 'Kunststoffverarbeitung',
    weight: 6,
    words: ['Kunststofftechnik', 'Kunststoffwerke', 'Spritzguss', 'Folientechnik'],
  },
  { industry: 'Medizintechnik', weight: 5, words: ['Medizintechnik', 'Labortechnik', 'Dentaltechnik'] },
  { industry: 'Lebensmittel', weight: 5, words: ['Lebensmittelwerke', 'Molkerei', 'Backwaren', 'Getränketechnik'] },
  { industry: 'Energietechnik', weight: 5, words: ['Energietechnik', 'Windtechnik', 'Solartechnik', 'Wärmetechnik'] },
  { industry: 'Logistik', weight: 3, words: ['Logistik', 'Intralogistik', 'Lagertechnik'] },
  { industry: 'Baustoffe', weight: 2, words: ['Baustoffwerke', 'Betonwerk', 'Ziegelwerke'] },
];
