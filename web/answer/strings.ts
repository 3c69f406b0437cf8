/**
 * The answering page's own texts, German first. Kept apart from the SPA's i18n files so that the page
 * a rep opens from a mail link loads nothing but itself. Statement texts and scale labels come from
 * the instrument (common/instrument).
 */
export type AnswerLocale = 'de' | 'en';

export interface AnswerStrings {
  pageTitle: string;
  language: string;
  loading: string;
  closesOn: (date: string) => string;
  anonymousTitle: string;
  anonymousText: string;
  groupsText: string;
  skipText: string;
  duration: (screens: number, minutes: number) => string;
  start: string;
  resume: string;
  progress: (current: number, total: number) => string;
  back: string;
  next: string;
  submit: string;
  submitting: string;
  cantJudgeHint: string;
  npsEnds: (low: string, high: string) => string;
  openHint: string;
  charactersLeft: (used: number, max: number) => string;
  blockTitles: { INPS: string; OPEN: string; statements: string };
  thanksTitle: string;
  thanksText: string;
  answeredTitle: string;
  answeredText: string;
  closedTitle: string;
  closedText: string;
  invalidTitle: string;
  invalidText: string;
  networkTitle: string;
  networkText: string;
  retry: string;
  errorTitle: string;
  errorText: string;
  emptyTitle: string;
  emptyText: string;
  anonymousFooter: string;
}

export const STRINGS: Record<AnswerLocale, AnswerStrings> = {
  de: {
    pageTitle: 'Befragung – Tandem',
    language: 'Sprache',
    loading: 'Die Befragung wird geladen …',
    closesOn: (date) => `Antworten möglich bis ${date}`,
    anonymousTitle: 'Ihre Antworten sind anonym',
    anonymousText:
      'Ihre Antworten werden ohne Ihren Namen gespeichert. Tandem zeigt niemandem – auch nicht dem Marketing oder Ihrer Führungskraft –, was Sie geantwortet haben.',
    groupsText:
      'Ergebnisse werden nur für Gruppen gezeigt, in denen genug Personen geantwortet haben. Freitexte erscheinen erst ab einer größeren Gruppe.',
    skipText: 'Jede Frage ist freiwillig. Wenn Sie etwas nicht einschätzen können, wählen Sie „kann ich nicht beurteilen“.',
    duration: (screens, minutes) => `${screens} kurze Seiten, etwa ${minutes} Minuten.`,
    start: 'Los geht’s',
    resume: 'Weiter, wo ich aufgehört habe',
    progress: (current, total) => `Seite ${current} von ${total}`,
    back: 'Zurück',
    next: 'Weiter',
    submit: 'Absenden',
    submitting: 'Wird gesendet …',
    cantJudgeHint: 'Wie sehr stimmen Sie zu?',
    npsEnds: (low, high) => `0 = ${low}, 10 = ${high}`,
    openHint: 'Freiwillig. Bitte keine Namen nennen – so bleibt Ihre Antwort anonym.',
    charactersLeft: (used, max) => `${used} von ${max} Zeichen`,
    blockTitles: { INPS: 'Empfehlung', OPEN: 'In Ihren Worten', statements: 'Aussagen' },
    thanksTitle: 'Vielen Dank!',
    thanksText: 'Ihre Antworten sind angekommen. Sie können dieses Fenster jetzt schließen.',
    answeredTitle: 'Sie haben bereits geantwortet',
    answeredText: 'Für diese Befragung liegen Ihre Antworten schon vor. Vielen Dank!',
    closedTitle: 'Diese Befragung ist beendet',
    closedText: 'Antworten werden nicht mehr angenommen. Die nächste Einladung kommt per E-Mail.',
    invalidTitle: 'Dieser Link ist ungültig',
    invalidText: 'Bitte verwenden Sie den Link aus Ihrer neuesten Einladung.',
    networkTitle: 'Keine Verbindung',
    networkText: 'Ihre Antworten sind auf diesem Gerät gespeichert und gehen nicht verloren. Bitte versuchen Sie es erneut.',
    retry: 'Erneut versuchen',
    errorTitle: 'Etwas ist schiefgelaufen',
    errorText: 'Ihre Antworten sind auf diesem Gerät gespeichert. Bitte versuchen Sie es später erneut.',
    emptyTitle: 'Noch keine Antwort',
    emptyText:
      'Beantworten Sie mindestens eine Aussage oder Frage, bevor Sie absenden. Mit „Zurück“ kommen Sie zu den vorigen Seiten.',
    anonymousFooter: 'Anonym: Ihre Antworten werden ohne Namen gespeichert.',
  },
  en: {
    pageTitle: 'Survey – Tandem',
    language: 'Language',
    loading: 'Loading the survey …',
    closesOn: (date) => `Open for answers until ${date}`,
    anonymousTitle: 'Your answers are anonymous',
    anonymousText:
      'Your answers are stored without your name. Tandem shows nobody – not marketing, not your manager – what you answered.',
    groupsText: 'Results are only shown for groups in which enough people have answered. Comments only appear for larger groups.',
    skipText: "Every question is optional. If you cannot assess something, choose “can't judge”.",
    duration: (screens, minutes) => `${screens} short pages, about ${minutes} minutes.`,
    start: 'Start',
    resume: 'Continue where I left off',
    progress: (current, total) => `Page ${current} of ${total}`,
    back: 'Back',
    next: 'Next',
    submit: 'Submit',
    submitting: 'Sending …',
    cantJudgeHint: 'How much do you agree?',
    npsEnds: (low, high) => `0 = ${low}, 10 = ${high}`,
    openHint: 'Optional. Please do not mention names – this keeps your answer anonymous.',
    charactersLeft: (used, max) => `${used} of ${max} characters`,
    blockTitles: { INPS: 'Recommendation', OPEN: 'In your own words', statements: 'Statements' },
    thanksTitle: 'Thank you!',
    thanksText: 'Your answers have arrived. You can close this window now.',
    answeredTitle: 'You have already answered',
    answeredText: 'Your answers to this survey are already in. Thank you!',
    closedTitle: 'This survey is closed',
    closedText: 'Answers are no longer taken. The next invitation will come by e-mail.',
    invalidTitle: 'This link is not valid',
    invalidText: 'Please use the link from your latest invitation.',
    networkTitle: 'No connection',
    networkText: 'Your answers are saved on this device and will not be lost. Please try again.',
    retry: 'Try again',
    errorTitle: 'Something went wrong',
    errorText: 'Your answers are saved on this device. Please try again later.',
    emptyTitle: 'No answer yet',
    emptyText: 'Answer at least one statement or question before submitting. “Back” takes you to the previous pages.',
    anonymousFooter: 'Anonymous: your answers are stored without your name.',
  },
};
