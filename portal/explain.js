// A legal term in plain words: when it ends and how that day was reached (the API's
// `explanation`: receipt, start, rule and article, days counted and skipped with their reasons,
// shifts, martial law). DESIGN.md: every deadline the system shows must be explainable.
import { h, lang, t } from './common.js';
import { formatDate, formatDateTime, formatTime } from './format.js';

/** Picks the text of the current language. */
export const L = (uk, en) => (lang() === 'en' ? en : uk);

function plural(n, forms) {
  const rule = new Intl.PluralRules(lang() === 'en' ? 'en' : 'uk').select(n);
  return `${n} ${forms[rule] ?? forms.other ?? forms.many}`;
}

function units(unit, n) {
  switch (unit) {
    case 'working-days': return L(plural(n, { one: 'робочий день', few: 'робочі дні', many: 'робочих днів', other: 'робочого дня' }), plural(n, { one: 'working day', other: 'working days' }));
    case 'calendar-days': return L(plural(n, { one: 'календарний день', few: 'календарні дні', many: 'календарних днів', other: 'календарного дня' }), plural(n, { one: 'calendar day', other: 'calendar days' }));
    case 'months': return L(plural(n, { one: 'місяць', few: 'місяці', many: 'місяців', other: 'місяця' }), plural(n, { one: 'month', other: 'months' }));
    default: return L(plural(n, { one: 'година', few: 'години', many: 'годин', other: 'години' }), plural(n, { one: 'hour', other: 'hours' }));
  }
}

/** A citation the API gives only in Ukrainian (the act's official name): marked so a screen reader says it right. */
const law = (text) => h('span', { lang: 'uk' }, text);

/** A list of days with their reasons; parts missing from a day are left out, never thrown on. */
function dayList(days, pick) {
  return h('ul', { class: 'days' }, days.map((day) => h('li', {}, `${formatDate(day?.date)} — ${list(pick(day ?? {})).map((r) => t(r)).join('; ')}`)));
}

const list = (value) => (Array.isArray(value) ? value : []);
const isObject = (value) => typeof value === 'object' && value !== null;

/**
 * Renders `{ due, dueDateTime?, internalDue?, explanation }` (GET /api/v1/deadlines, or the term
 * of a tracked case) as a headline with the due day and a list of the steps. The API hands over
 * whole explanations (lib/calendar/stored-term.ts); still, a part that is missing is left out and
 * never stops the page: the due day is shown whatever else is known.
 */
export function renderDeadline({ due, dueDateTime, explanation }) {
  const x = isObject(explanation) ? explanation : {};
  const hours = x.unit === 'hours';
  // For a term in hours the headline is the instant; a date alone is shown as a day.
  const headline = hours ? (dueDateTime ?? due) : due;
  const out = [];
  out.push(h('p', { class: 'due', id: 'due' },
    L('Строк спливає: ', 'The term ends: '),
    h('time', { datetime: headline }, hours && String(headline).includes('T') ? formatDateTime(headline) : formatDate(headline))));
  if (hours) {
    if (Number.isFinite(x.amount)) {
      out.push(h('p', { class: 'due-sub' }, L(`${x.amount} годин від моменту отримання, включно з ночами й вихідними.`, `${x.amount} hours from the moment of receipt, nights and days off included.`)));
    }
  } else if (dueDateTime && formatTime(dueDateTime)) {
    out.push(h('p', { class: 'due-sub', id: 'due-time' },
      L(`Відповідь має бути надана до ${formatTime(dueDateTime)} — кінця робочого дня установи `, `The answer is due by ${formatTime(dueDateTime)}, the end of the office's working day `),
      L(law('(ЦК України, ст. 255)'), '(Civil Code Art. 255)'), '.'));
  }

  const facts = [];
  const fact = (term, ...value) => facts.push(h('dt', {}, term), h('dd', {}, ...value));

  if (isObject(x.received) && x.received.at) {
    fact(L('Отримано', 'Received'), formatDateTime(x.received.at),
      x.received.withinWorkingHours === false ? L(' — поза робочим часом установи', ' — outside the office\'s working hours') : '');
  }
  if (isObject(x.counted) && x.counted.date && x.counted.date !== x.received?.date) {
    fact(L('Вважається отриманим', 'Counts as received on'), `${formatDate(x.counted.date)} — ${t(x.counted.reason)}`);
  }
  if (x.rule || x.law) fact(L('Правило', 'Rule'), t(x.rule), x.law ? [x.rule ? ' (' : '', law(x.law), x.rule ? ')' : ''] : '');
  if (isObject(x.decided) && x.decided.to) {
    fact(L('Рішення про строк', 'The decision on the term'), L(`до ${formatDate(x.decided.to)}`, `until ${formatDate(x.decided.to)}`));
    if (x.decided.limit) fact(L('Найпізніший строк, який дозволяє закон', 'The latest term the law allows'), formatDate(x.decided.limit));
  }
  if (isObject(x.start)) {
    fact(L('Початок строку', 'The term starts'), hours || !x.start.date ? t(x.start.reason) : `${formatDate(x.start.date)} — ${t(x.start.reason)}`);
  }
  if (!hours && x.lastDay) {
    const counted = x.unit === 'working-days'
      ? units('working-days', x.workingDaysCounted ?? x.amount)
      : x.unit === 'months' ? units('months', x.amount) : units('calendar-days', x.daysCounted ?? x.amount);
    fact(L('Пораховано', 'Counted'), L(`${counted}; останній день строку — ${formatDate(x.lastDay)}`, `${counted}; the last day of the term is ${formatDate(x.lastDay)}`));
  }
  const skipped = list(x.skipped);
  if (skipped.length > 0) {
    fact(L('Не враховано (неробочі дні)', 'Not counted (days off)'), dayList(skipped, (d) => d.reasons));
  } else if (x.unit === 'working-days') {
    fact(L('Не враховано (неробочі дні)', 'Not counted (days off)'), L('жодного дня', 'no days'));
  }
  const notes = list(x.notes);
  if (notes.length > 0) {
    fact(L('Робочі дні, які без воєнного стану були б вихідними', 'Working days that would be days off without martial law'), dayList(notes, (d) => d.notes));
  }
  if (isObject(x.shift) && x.shift.from && x.shift.to) {
    fact(L('Перенесення', 'Moved'), L(`з ${formatDate(x.shift.from)} на ${formatDate(x.shift.to)}: `, `from ${formatDate(x.shift.from)} to ${formatDate(x.shift.to)}: `), t(x.shift.reason));
  }
  if (isObject(x.internalShift) && x.internalShift.to) {
    fact(L('Внутрішній контрольний строк установи', 'The office\'s internal control date'), `${formatDate(x.internalShift.to)} — ${t(x.internalShift.reason)}`);
  }
  if (isObject(x.martialLaw)) {
    const martial = x.martialLaw;
    fact(L('Воєнний стан', 'Martial law'),
      martial.assumed === 'off' ? L('розраховано так, ніби його немає: святкові дні та перенесення вихідних враховано.', 'counted as if there were none: holidays and transferred days off apply.')
        : martial.assumed === 'on' ? L('розраховано так, ніби він діє весь час.', 'counted as if it held all along.')
          : martial.inForceOnDue
            ? [L('діє: святкові дні є робочими, вихідні — лише субота й неділя ', 'in force: public holidays are working days, only Saturdays and Sundays are off '), L(law('(Закон № 2136-IX, ст. 6)'), '(Law 2136-IX, Art. 6)'), '.']
            : L('не діє в день закінчення строку.', 'not in force on the last day.'));
  }
  if (facts.length > 0) out.push(h('dl', { class: 'facts', id: 'due-explanation' }, facts));
  return out;
}
