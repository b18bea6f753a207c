// Dates as people read them, in the page's language and always in Kyiv time (the law's clock).
import { lang } from './common.js';

const KYIV = 'Europe/Kyiv';
const locale = () => (lang() === 'en' ? 'en-GB' : 'uk-UA');

/** 'YYYY-MM-DD' → "понеділок, 8 грудня 2025 р." (a calendar day, no time zone arithmetic). */
export function formatDate(iso) {
  const [y, m, d] = String(iso).slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return String(iso);
  return new Intl.DateTimeFormat(locale(), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(Date.UTC(y, m - 1, d)));
}

/** An instant → "8 грудня 2025 р. о 16:50" in Kyiv time. */
export function formatDateTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return new Intl.DateTimeFormat(locale(), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: KYIV })
    .format(date);
}

/** The Kyiv wall-clock time of an instant: "18:00". */
export function formatTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat('uk-UA', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: KYIV }).format(date);
}

/** Now in Kyiv as the value of an <input type="datetime-local">: 'YYYY-MM-DDTHH:MM'. */
export function kyivNowLocal(now = new Date()) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: KYIV,
  }).formatToParts(now).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}
