// The legal calendar as the database holds it now, read again only when an administrator changed
// it (one small query of its revision per use): for the API's routes and the workers' handlers.
import type { Queryable } from '../db.ts';
import type { CalendarData } from './data.ts';
import { calendarRevision, loadCalendarData } from './repository.ts';

export function calendarCache(db: Queryable): () => Promise<CalendarData> {
  let cached: { revision: number; data: CalendarData } | undefined;
  return async () => {
    const revision = await calendarRevision(db);
    if (cached?.revision !== revision) cached = await loadCalendarData(db);
    return cached.data;
  };
}
