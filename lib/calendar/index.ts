// Ukrainian calendar and legal terms: pure, no I/O. The data (holidays, martial law, working
// hours) comes in as a CalendarData value; lib/calendar/repository.ts loads it from the database.
export * from './dates.ts';
export { orthodoxEaster } from './easter.ts';
export * from './data.ts';
export * from './calendar.ts';
export * from './terms.ts';
export * from './stored-term.ts';
