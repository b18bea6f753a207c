// What the calendar is made of, as data: public holidays with the dates their rules held, the
// periods of martial law, and the institution's working hours. The law has changed the holiday
// list several times and will again, so nothing here is wired into the algorithm (calendar.ts):
// the database holds the current data (migrations/20261126100000_calendar.ts seeds it from
// `defaultCalendarData`) and an administrator changes it through the API without a release.
import type { IsoDate } from './dates.ts';

export interface HolidayRule {
  /** Stable name of the holiday, e.g. 'christmas'; the same holiday on a new date is a new rule with the same code. */
  code: string;
  nameUk: string;
  nameEn: string;
  /** A fixed day of the year, or a number of days after Orthodox Easter (0 Easter, 49 Trinity). */
  kind: 'fixed' | 'easter';
  month?: number | null;
  day?: number | null;
  easterOffset?: number | null;
  /** First and last day (inclusive) on which the rule makes the date a holiday; null: still in force. */
  validFrom: IsoDate;
  validTo: IsoDate | null;
  /** The act that made or changed it. */
  law: string;
  /** Database id, when loaded from there. */
  id?: number;
}

export interface MartialLawPeriod {
  /** First and last day (inclusive); null end: still in force. */
  start: IsoDate;
  end: IsoDate | null;
  /** The decree that introduced or extended it. */
  basis: string;
  id?: number;
}

/** Opening and closing time 'HH:MM' of one weekday; null: the institution does not work that day. */
export type DayHours = { start: string; end: string } | null;

export interface WorkingHours {
  validFrom: IsoDate;
  validTo: IsoDate | null;
  /** IANA zone the hours are read in. */
  timeZone: string;
  /** Monday first, seven entries. */
  week: readonly DayHours[];
  id?: number;
}

export interface CalendarData {
  holidays: readonly HolidayRule[];
  martialLaw: readonly MartialLawPeriod[];
  workingHours: readonly WorkingHours[];
}

const KZPP = 'Кодекс законів про працю України, ст. 73';

// The 2017 amendment (25 December in, 2 May out) took effect on 02.12.2017, the day after its
// publication. The 2023 dates (8 May for 9 May; 15 July, 1 October, 25 December only) are to be
// confirmed against the official texts: the law on 15.07/01.10/25.12 was adopted on 14.07.2023. While martial law holds no holiday
// is a day off, so today's answers do not depend on them; they matter for terms before 24.02.2022.
export const defaultCalendarData: CalendarData = {
  holidays: [
    { code: 'new-year', nameUk: 'Новий рік', nameEn: "New Year's Day", kind: 'fixed', month: 1, day: 1, validFrom: '1991-01-01', validTo: null, law: KZPP },
    { code: 'christmas-julian', nameUk: 'Різдво Христове (7 січня)', nameEn: 'Christmas (7 January)', kind: 'fixed', month: 1, day: 7, validFrom: '1991-01-01', validTo: '2023-07-28', law: `${KZPP}; виключено Законом від 14.07.2023 (законопроєкт № 9431)` },
    { code: 'womens-day', nameUk: 'Міжнародний жіночий день', nameEn: "International Women's Day", kind: 'fixed', month: 3, day: 8, validFrom: '1991-01-01', validTo: null, law: KZPP },
    { code: 'labour-day', nameUk: 'День праці', nameEn: 'Labour Day', kind: 'fixed', month: 5, day: 1, validFrom: '1991-01-01', validTo: null, law: KZPP },
    { code: 'labour-day-2', nameUk: 'День праці (2 травня)', nameEn: 'Labour Day (2 May)', kind: 'fixed', month: 5, day: 2, validFrom: '1991-01-01', validTo: '2017-12-01', law: `${KZPP}; виключено Законом від 16.11.2017 (законопроєкт № 5496)` },
    { code: 'victory-day', nameUk: 'День перемоги над нацизмом у Другій світовій війні', nameEn: 'Victory Day over Nazism in World War II', kind: 'fixed', month: 5, day: 9, validFrom: '1991-01-01', validTo: '2023-06-11', law: `${KZPP}; замінено на 8 травня законом 2023 року` },
    { code: 'remembrance-day', nameUk: 'День пам’яті та перемоги над нацизмом у Другій світовій війні 1939–1945 років', nameEn: 'Day of Remembrance and Victory over Nazism in World War II', kind: 'fixed', month: 5, day: 8, validFrom: '2023-06-12', validTo: null, law: `${KZPP} (закон 2023 року)` },
    { code: 'constitution-day', nameUk: 'День Конституції України', nameEn: 'Constitution Day', kind: 'fixed', month: 6, day: 28, validFrom: '1996-06-28', validTo: null, law: KZPP },
    { code: 'statehood-day', nameUk: 'День Української Державності', nameEn: 'Day of Ukrainian Statehood', kind: 'fixed', month: 7, day: 15, validFrom: '2023-07-29', validTo: null, law: `${KZPP} (Закон від 14.07.2023, законопроєкт № 9431)` },
    { code: 'independence-day', nameUk: 'День незалежності України', nameEn: 'Independence Day', kind: 'fixed', month: 8, day: 24, validFrom: '1991-08-24', validTo: null, law: KZPP },
    { code: 'defenders-day', nameUk: 'День захисника України (14 жовтня)', nameEn: 'Defenders Day (14 October)', kind: 'fixed', month: 10, day: 14, validFrom: '2015-01-01', validTo: '2023-07-28', law: `${KZPP}; перенесено Законом від 14.07.2023 (законопроєкт № 9431)` },
    { code: 'defenders-day', nameUk: 'День захисників і захисниць України', nameEn: 'Defenders Day', kind: 'fixed', month: 10, day: 1, validFrom: '2023-07-29', validTo: null, law: `${KZPP} (Закон від 14.07.2023, законопроєкт № 9431)` },
    { code: 'christmas', nameUk: 'Різдво Христове', nameEn: 'Christmas', kind: 'fixed', month: 12, day: 25, validFrom: '2017-12-02', validTo: null, law: `${KZPP} (Закон від 16.11.2017, законопроєкт № 5496)` },
    { code: 'easter', nameUk: 'Великдень (Пасха)', nameEn: 'Easter', kind: 'easter', easterOffset: 0, validFrom: '1991-01-01', validTo: null, law: KZPP },
    { code: 'trinity', nameUk: 'Трійця', nameEn: 'Trinity', kind: 'easter', easterOffset: 49, validFrom: '1991-01-01', validTo: null, law: KZPP },
  ],
  martialLaw: [
    // Introduced from 05:30 on 24.02.2022 and extended by later decrees; end null while it holds.
    { start: '2022-02-24', end: null, basis: 'Указ Президента України № 64/2022, затверджений Законом 2102-IX, з продовженнями' },
  ],
  workingHours: [
    {
      validFrom: '1991-01-01',
      validTo: null,
      timeZone: 'Europe/Kyiv',
      // Mon-Thu 09:00-18:00, Fri 09:00-16:45: the 40-hour week of civil servants (Labour Code Art. 50).
      week: [
        { start: '09:00', end: '18:00' }, { start: '09:00', end: '18:00' }, { start: '09:00', end: '18:00' }, { start: '09:00', end: '18:00' },
        { start: '09:00', end: '16:45' }, null, null,
      ],
    },
  ],
};
