/**
 * The answering page a rep opens from the invitation mail: plain DOM code, no framework, so that it
 * loads fast on a phone. The personal link is the credential; the page never sends the session cookie.
 * The draft (answers, statement order seed, current page, client key) stays on the device under the
 * SHA-256 of the token, so the token itself is never written to storage.
 */
import { type Block, blocksOf, orderForRespondent } from '../../common/instrument/forms';
import {
  CANT_JUDGE_LABEL,
  CONSTRUCTS,
  findItem,
  type Item,
  LIKERT_LABELS,
  LIKERT_VALUES,
  NPS_END_LABELS,
  NPS_MAX,
  NPS_MIN,
} from '../../common/instrument/items';
import { type AnswerLocale, type AnswerStrings, STRINGS } from './strings';
import './answer.css';

const MAX_OPEN_LENGTH = 2000;
const CANT_JUDGE = 'cant-judge';
const MINUTES: Record<FormInfo['form'], number> = { pulse: 2, trust_check: 6, mirror: 5 };

interface FormInfo {
  organisationName: string;
  cycleTitle: string;
  form: 'trust_check' | 'pulse' | 'mirror';
  locale: AnswerLocale;
  closesOn: string;
  open: boolean;
  answered: boolean;
  itemIds: string[];
}

type AnswerValue = number | string | null;

interface Draft {
  v: 1;
  seed: number;
  /** -1: the introduction; otherwise the index of the page being answered. */
  block: number;
  clientKey: string;
  locale: AnswerLocale;
  answers: Record<string, AnswerValue>;
}

type Screen = 'loading' | 'intro' | 'block' | 'thanks' | 'answered' | 'closed' | 'invalid' | 'loadError';

const state: {
  token: string;
  storageKey: string | null;
  locale: AnswerLocale;
  screen: Screen;
  form: FormInfo | null;
  draft: Draft | null;
  blocks: Block[];
  submitting: boolean;
  /** 'empty': nothing answered yet; the server refuses a response without any answer. */
  submitError: 'network' | 'error' | 'empty' | null;
} = {
  token: '',
  storageKey: null,
  locale: 'de',
  screen: 'loading',
  form: null,
  draft: null,
  blocks: [],
  submitting: false,
  submitError: null,
};

const root = document.getElementById('app') as HTMLElement;

// ---------- tiny DOM helper ----------

type Child = Node | string | null | undefined | false;

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

function t(): AnswerStrings {
  return STRINGS[state.locale];
}

// ---------- storage ----------

async function storageKeyOf(token: string): Promise<string | null> {
  // crypto.subtle exists only in secure contexts (https, localhost); without it no draft is kept.
  if (!globalThis.crypto?.subtle) return null;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  return `tandem.answer.${hex}`;
}

function readDraft(): Draft | null {
  if (!state.storageKey) return null;
  try {
    const raw = localStorage.getItem(state.storageKey);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Draft>;
    if (parsed.v !== 1 || typeof parsed.seed !== 'number' || typeof parsed.clientKey !== 'string') return null;
    return {
      v: 1,
      seed: parsed.seed,
      block: typeof parsed.block === 'number' ? parsed.block : -1,
      clientKey: parsed.clientKey,
      locale: parsed.locale === 'en' ? 'en' : 'de',
      answers: parsed.answers && typeof parsed.answers === 'object' ? parsed.answers : {},
    };
  } catch {
    return null;
  }
}

function saveDraft() {
  if (!state.storageKey || !state.draft) return;
  try {
    localStorage.setItem(state.storageKey, JSON.stringify(state.draft));
  } catch {
    // Storage full or disabled (private mode): answering still works, only a reload loses the draft.
  }
}

function deleteDraft() {
  if (!state.storageKey) return;
  try {
    localStorage.removeItem(state.storageKey);
  } catch {
    // nothing to clean up
  }
}

function randomClientKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function newDraft(locale: AnswerLocale): Draft {
  const seed = crypto.getRandomValues(new Uint32Array(1))[0] ?? 1;
  return { v: 1, seed, block: -1, clientKey: randomClientKey(), locale, answers: {} };
}

// ---------- formatting ----------

function formatDate(isoDate: string): string {
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  return new Intl.DateTimeFormat(state.locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

function blockTitle(block: Block): string {
  if (block.block === 'INPS') return t().blockTitles.INPS;
  if (block.block === 'OPEN') return t().blockTitles.OPEN;
  return CONSTRUCTS[block.block]?.name[state.locale] ?? t().blockTitles.statements;
}

// ---------- rendering ----------

/** A language chosen on this device applies to later links too; it says nothing about the answers. */
const LOCALE_KEY = 'tandem.answer.locale';

function chosenLocale(): AnswerLocale | null {
  try {
    const value = localStorage.getItem(LOCALE_KEY);
    return value === 'de' || value === 'en' ? value : null;
  } catch {
    return null;
  }
}

function setLocale(locale: AnswerLocale) {
  state.locale = locale;
  try {
    localStorage.setItem(LOCALE_KEY, locale);
  } catch {
    // the choice then lasts for this visit only
  }
  if (state.draft) {
    state.draft.locale = locale;
    saveDraft();
  }
  render();
  document.getElementById(`lang-${locale}`)?.focus();
}

function header(): HTMLElement {
  const languages: [AnswerLocale, string][] = [
    ['de', 'Deutsch'],
    ['en', 'English'],
  ];
  const switcher = h('div', { class: 'lang', role: 'group', 'aria-label': t().language });
  for (const [code, name] of languages) {
    const button = h(
      'button',
      {
        type: 'button',
        id: `lang-${code}`,
        lang: code,
        'aria-pressed': String(state.locale === code),
        'data-testid': `answer-lang-${code}`,
      },
      name,
    );
    button.addEventListener('click', () => setLocale(code));
    switcher.append(button);
  }
  return h(
    'header',
    { class: 'top' },
    h(
      'div',
      { class: 'brand' },
      h('span', { class: 'logo' }, 'Tandem'),
      state.form ? h('span', { class: 'org' }, state.form.organisationName) : null,
    ),
    switcher,
  );
}

function footer(): HTMLElement {
  return h('footer', { class: 'foot' }, h('p', {}, t().anonymousFooter));
}

function messageScreen(title: string, text: string, testId: string): HTMLElement {
  const heading = h('h1', { tabindex: -1, id: 'screen-heading' }, title);
  return h(
    'main',
    { class: 'card message', 'data-testid': testId },
    state.form ? h('p', { class: 'eyebrow' }, state.form.cycleTitle) : null,
    heading,
    h('p', {}, text),
  );
}

function introScreen(form: FormInfo): HTMLElement {
  const s = t();
  const started = (state.draft?.block ?? -1) >= 0 || Object.keys(state.draft?.answers ?? {}).length > 0;
  const start = h('button', { type: 'button', class: 'primary', 'data-testid': 'answer-start' }, started ? s.resume : s.start);
  start.addEventListener('click', () => goTo(Math.max(0, state.draft?.block ?? 0)));
  return h(
    'main',
    { class: 'card', 'data-testid': 'answer-intro' },
    h('h1', { id: 'screen-heading', tabindex: -1 }, form.cycleTitle),
    h('p', { class: 'closes' }, s.closesOn(formatDate(form.closesOn))),
    h(
      'section',
      { class: 'note', 'aria-labelledby': 'anon-title' },
      h('h2', { id: 'anon-title' }, s.anonymousTitle),
      h('p', {}, s.anonymousText),
      h('p', {}, s.groupsText),
    ),
    h('p', {}, s.skipText),
    h('p', { class: 'muted' }, s.duration(state.blocks.length, MINUTES[form.form])),
    h('div', { class: 'actions single' }, start),
  );
}

function likertQuestion(item: Item, value: AnswerValue | undefined): HTMLElement {
  const options = h('div', { class: 'options' });
  for (const v of LIKERT_VALUES) {
    options.append(
      h(
        'label',
        { class: 'opt' },
        h('input', { type: 'radio', name: item.id, value: v, checked: value === v }),
        h('span', { class: 'num', 'aria-hidden': 'true' }, String(v)),
        h('span', {}, LIKERT_LABELS[v][state.locale]),
      ),
    );
  }
  options.append(
    h(
      'label',
      { class: 'opt cj' },
      h('input', {
        type: 'radio',
        name: item.id,
        value: CANT_JUDGE,
        checked: value === null,
        'data-testid': `cant-judge-${item.id}`,
      }),
      h('span', {}, CANT_JUDGE_LABEL[state.locale]),
    ),
  );
  return h('fieldset', { class: 'q', 'data-item': item.id }, h('legend', {}, item.text[state.locale]), options);
}

function npsQuestion(item: Item, value: AnswerValue | undefined): HTMLElement {
  const endsId = `${item.id}-ends`;
  const grid = h('div', { class: 'nps' });
  for (let v = NPS_MIN; v <= NPS_MAX; v++) {
    grid.append(
      h(
        'label',
        { class: 'opt numeric' },
        h('input', { type: 'radio', name: item.id, value: v, checked: value === v }),
        h('span', {}, String(v)),
      ),
    );
  }
  return h(
    'fieldset',
    { class: 'q', 'data-item': item.id, 'aria-describedby': endsId },
    h('legend', {}, item.text[state.locale].replace(/\s*\(0–10\)\s*$/, '')),
    h('p', { class: 'muted', id: endsId }, t().npsEnds(NPS_END_LABELS.low[state.locale], NPS_END_LABELS.high[state.locale])),
    grid,
  );
}

function openQuestion(item: Item, value: AnswerValue | undefined): HTMLElement {
  const text = typeof value === 'string' ? value : '';
  const hintId = `${item.id}-hint`;
  const counterId = `${item.id}-count`;
  const counter = h('p', { class: 'counter muted', id: counterId }, t().charactersLeft(text.length, MAX_OPEN_LENGTH));
  const area = h('textarea', {
    id: `${item.id}-input`,
    name: item.id,
    rows: 5,
    maxlength: MAX_OPEN_LENGTH,
    'aria-describedby': `${hintId} ${counterId}`,
  });
  area.value = text;
  area.addEventListener('input', () => {
    counter.textContent = t().charactersLeft(area.value.length, MAX_OPEN_LENGTH);
    setAnswer(item.id, area.value.trim() === '' ? undefined : area.value);
  });
  return h(
    'div',
    { class: 'q', 'data-item': item.id },
    h(
      'label',
      { for: `${item.id}-input`, class: 'q-label' },
      item.text[state.locale].replace(/\s*\((Freitext|free text), optional\)\s*$/, ''),
    ),
    h('p', { class: 'muted', id: hintId }, t().openHint),
    area,
    counter,
  );
}

function blockScreen(form: FormInfo, draft: Draft): HTMLElement {
  const s = t();
  const index = Math.min(Math.max(draft.block, 0), state.blocks.length - 1);
  const block = state.blocks[index];
  if (!block) return messageScreen(s.errorTitle, s.errorText, 'answer-error');
  const last = index === state.blocks.length - 1;
  const questions = block.items.map((item) => {
    const value = draft.answers[item.id];
    if (item.kind === 'likert') return likertQuestion(item, value);
    if (item.kind === 'nps') return npsQuestion(item, value);
    return openQuestion(item, value);
  });

  const form$ = h('form', { novalidate: true, 'aria-labelledby': 'block-heading' }, ...questions);
  form$.addEventListener('change', (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== 'radio') return;
    setAnswer(input.name, input.value === CANT_JUDGE ? null : Number(input.value));
  });

  const back = h('button', { type: 'button', class: 'secondary', 'data-testid': 'answer-back' }, s.back);
  back.addEventListener('click', () => goTo(index - 1));
  const next = h(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': last ? 'answer-submit' : 'answer-next', disabled: state.submitting },
    last ? (state.submitting ? s.submitting : s.submit) : s.next,
  );
  const alert =
    last && state.submitError
      ? h(
          'div',
          { class: 'alert', role: 'alert', 'data-testid': 'answer-submit-error' },
          h('strong', {}, submitErrorTexts(state.submitError)[0]),
          h('p', {}, submitErrorTexts(state.submitError)[1]),
        )
      : null;
  form$.append(alert ?? '', h('div', { class: 'actions' }, back, next));
  form$.addEventListener('submit', (event) => {
    event.preventDefault();
    if (last) void submit();
    else goTo(index + 1);
  });

  const progress = h(
    'div',
    { class: 'progress' },
    h('div', { class: 'bar', style: `width:${Math.round(((index + 1) / state.blocks.length) * 100)}%` }),
  );
  return h(
    'main',
    { class: 'card', 'data-testid': 'answer-block', 'data-block': block.block, 'data-index': index },
    h('h1', { class: 'eyebrow' }, form.cycleTitle),
    h('p', { class: 'step', 'data-testid': 'answer-progress' }, s.progress(index + 1, state.blocks.length)),
    progress,
    h('h2', { id: 'block-heading', tabindex: -1 }, blockTitle(block)),
    block.items[0]?.kind === 'likert' ? h('p', { class: 'muted' }, s.cantJudgeHint) : null,
    form$,
  );
}

function submitErrorTexts(error: 'network' | 'error' | 'empty'): [string, string] {
  const s = t();
  if (error === 'network') return [s.networkTitle, s.networkText];
  if (error === 'empty') return [s.emptyTitle, s.emptyText];
  return [s.errorTitle, s.errorText];
}

function render() {
  const s = t();
  document.documentElement.lang = state.locale;
  document.title = state.form ? `${state.form.cycleTitle} – Tandem` : s.pageTitle;
  let content: HTMLElement;
  switch (state.screen) {
    case 'loading':
      content = h('main', { class: 'card' }, h('p', { class: 'muted', role: 'status' }, s.loading));
      break;
    case 'intro':
      content = state.form ? introScreen(state.form) : messageScreen(s.errorTitle, s.errorText, 'answer-error');
      break;
    case 'block':
      content =
        state.form && state.draft
          ? blockScreen(state.form, state.draft)
          : messageScreen(s.errorTitle, s.errorText, 'answer-error');
      break;
    case 'thanks':
      content = messageScreen(s.thanksTitle, s.thanksText, 'answer-thanks');
      break;
    case 'answered':
      content = messageScreen(s.answeredTitle, s.answeredText, 'answer-already');
      break;
    case 'closed':
      content = messageScreen(s.closedTitle, s.closedText, 'answer-closed');
      break;
    case 'invalid':
      content = messageScreen(s.invalidTitle, s.invalidText, 'answer-invalid');
      break;
    case 'loadError': {
      const retry = h('button', { type: 'button', class: 'primary' }, s.retry);
      retry.addEventListener('click', () => void load());
      content = messageScreen(s.networkTitle, s.errorText, 'answer-load-error');
      content.append(h('div', { class: 'actions single' }, retry));
      break;
    }
  }
  root.replaceChildren(header(), content, footer());
}

function focusHeading() {
  (document.getElementById('block-heading') ?? document.getElementById('screen-heading'))?.focus();
}

function show(screen: Screen) {
  state.screen = screen;
  render();
  focusHeading();
}

// ---------- actions ----------

function setAnswer(itemId: string, value: AnswerValue | undefined) {
  if (!state.draft) return;
  if (value === undefined) delete state.draft.answers[itemId];
  else state.draft.answers[itemId] = value;
  saveDraft();
}

function goTo(index: number) {
  if (!state.draft) return;
  state.submitError = null;
  state.draft.block = index;
  saveDraft();
  state.screen = index < 0 ? 'intro' : 'block';
  render();
  focusHeading();
  window.scrollTo(0, 0);
}

async function submit() {
  const draft = state.draft;
  if (!draft || state.submitting) return;
  const answers: Record<string, number | string | null> = {};
  for (const [itemId, value] of Object.entries(draft.answers)) {
    answers[itemId] = typeof value === 'string' ? value.trim() : value;
    if (answers[itemId] === '') delete answers[itemId];
  }
  // Every statement skipped or "can't judge" and no text: the server would refuse it, so say why here.
  if (!Object.values(answers).some((value) => value !== null)) {
    showSubmitError('empty');
    return;
  }
  state.submitting = true;
  state.submitError = null;
  render();
  let response: Response;
  try {
    response = await fetch(`/api/answer/${encodeURIComponent(state.token)}`, {
      method: 'POST',
      credentials: 'omit',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ clientKey: draft.clientKey, answers }),
    });
  } catch {
    state.submitting = false;
    showSubmitError('network');
    return;
  }
  state.submitting = false;
  if (response.ok) {
    deleteDraft();
    state.draft = null;
    show('thanks');
    return;
  }
  const { code, details } = await errorOf(response);
  if (code === 'validation_failed' && details.some((detail) => detail.code === 'no_answer')) {
    showSubmitError('empty');
  } else if (code === 'conflict') {
    // The key of this draft went with another response (unique per cycle): a new key, then send again.
    draft.clientKey = randomClientKey();
    saveDraft();
    showSubmitError('error');
  } else if (code === 'already_answered') {
    deleteDraft();
    show('answered');
  } else if (code === 'cycle_closed') {
    deleteDraft();
    show('closed');
  } else if (response.status === 404) {
    show('invalid');
  } else {
    showSubmitError(response.status >= 500 ? 'network' : 'error');
  }
}

function showSubmitError(error: 'network' | 'error' | 'empty') {
  state.submitError = error;
  render();
  document.querySelector<HTMLElement>('[data-testid="answer-submit"]')?.focus();
}

async function errorOf(response: Response): Promise<{ code: string | null; details: { code?: unknown }[] }> {
  try {
    const body = (await response.json()) as { error?: { code?: string; details?: unknown } };
    const details = Array.isArray(body.error?.details) ? (body.error.details as { code?: unknown }[]) : [];
    return { code: body.error?.code ?? null, details };
  } catch {
    return { code: null, details: [] };
  }
}

async function load() {
  state.screen = 'loading';
  render();
  let response: Response;
  try {
    response = await fetch(`/api/answer/${encodeURIComponent(state.token)}`, {
      credentials: 'omit',
      headers: { accept: 'application/json' },
    });
  } catch {
    show('loadError');
    return;
  }
  if (response.status === 404 || response.status === 400) {
    show('invalid');
    return;
  }
  if (!response.ok) {
    show('loadError');
    return;
  }
  const form = (await response.json()) as FormInfo;
  state.form = form;
  const stored = readDraft();
  state.locale = stored?.locale ?? chosenLocale() ?? form.locale;
  if (form.answered || !form.open) {
    deleteDraft();
    state.screen = form.answered ? 'answered' : 'closed';
    render();
    return;
  }
  const draft = stored ?? newDraft(state.locale);
  state.draft = draft;
  const items = form.itemIds.map((id) => findItem(id)).filter((item): item is Item => item !== undefined);
  state.blocks = blocksOf(orderForRespondent(items, draft.seed));
  draft.block = Math.min(draft.block, state.blocks.length - 1);
  state.screen = draft.block >= 0 ? 'block' : 'intro';
  render();
}

async function start() {
  const match = /^\/answer\/([^/]+)\/?$/.exec(window.location.pathname);
  state.token = match?.[1] ? decodeURIComponent(match[1]) : '';
  const preferred = navigator.language?.toLowerCase().startsWith('en') ? 'en' : 'de';
  state.locale = preferred;
  if (!state.token) {
    show('invalid');
    return;
  }
  state.storageKey = await storageKeyOf(state.token);
  await load();
}

void start();
