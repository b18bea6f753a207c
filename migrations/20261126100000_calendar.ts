// The legal calendar as data (lib/calendar): public holidays with the dates their rules held,
// periods of martial law, and working hours, so an administrator changes them without a release.
// A one-row revision, bumped by a trigger on any change to the three tables, lets the API and the
// workers keep the calendar in memory and reload it only when it changed.
import type { Knex } from 'knex';
import { defaultCalendarData } from '../lib/calendar/data.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('calendar_holiday_rules', (t) => {
    t.increments('id');
    t.text('code').notNullable();
    t.text('name_uk').notNullable();
    t.text('name_en').notNullable();
    t.text('kind').notNullable();
    t.smallint('month');
    t.smallint('day');
    t.smallint('easter_offset');
    t.date('valid_from').notNullable();
    t.date('valid_to');
    t.text('law').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`
    ALTER TABLE calendar_holiday_rules
      ADD CONSTRAINT calendar_holiday_rules_kind CHECK (
        (kind = 'fixed' AND month BETWEEN 1 AND 12 AND day BETWEEN 1 AND 31 AND easter_offset IS NULL)
        OR (kind = 'easter' AND easter_offset IS NOT NULL AND month IS NULL AND day IS NULL)),
      ADD CONSTRAINT calendar_holiday_rules_dates CHECK (valid_to IS NULL OR valid_to >= valid_from)`);

  await knex.schema.createTable('calendar_martial_law_periods', (t) => {
    t.increments('id');
    t.date('start_date').notNullable();
    t.date('end_date');
    t.text('basis').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`ALTER TABLE calendar_martial_law_periods
    ADD CONSTRAINT calendar_martial_law_dates CHECK (end_date IS NULL OR end_date >= start_date)`);

  await knex.schema.createTable('calendar_working_hours', (t) => {
    t.increments('id');
    t.date('valid_from').notNullable();
    t.date('valid_to');
    t.text('time_zone').notNullable();
    // Seven entries, Monday first: {"start":"09:00","end":"18:00"} or null for a day off.
    t.jsonb('week').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`ALTER TABLE calendar_working_hours
    ADD CONSTRAINT calendar_working_hours_week CHECK (jsonb_typeof(week) = 'array' AND jsonb_array_length(week) = 7)`);

  await knex.raw(`
    CREATE TABLE calendar_revision (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      revision bigint NOT NULL DEFAULT 0
    );
    INSERT INTO calendar_revision DEFAULT VALUES;
    CREATE FUNCTION calendar_bump_revision() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE calendar_revision SET revision = revision + 1;
      RETURN NULL;
    END $$;
    CREATE TRIGGER calendar_holiday_rules_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_holiday_rules
      FOR EACH STATEMENT EXECUTE FUNCTION calendar_bump_revision();
    CREATE TRIGGER calendar_martial_law_periods_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_martial_law_periods
      FOR EACH STATEMENT EXECUTE FUNCTION calendar_bump_revision();
    CREATE TRIGGER calendar_working_hours_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_working_hours
      FOR EACH STATEMENT EXECUTE FUNCTION calendar_bump_revision();
  `);

  await knex('calendar_holiday_rules').insert(defaultCalendarData.holidays.map((h) => ({
    code: h.code, name_uk: h.nameUk, name_en: h.nameEn, kind: h.kind,
    month: h.kind === 'fixed' ? h.month : null, day: h.kind === 'fixed' ? h.day : null,
    easter_offset: h.kind === 'easter' ? h.easterOffset : null,
    valid_from: h.validFrom, valid_to: h.validTo, law: h.law,
  })));
  await knex('calendar_martial_law_periods').insert(defaultCalendarData.martialLaw.map((p) => ({
    start_date: p.start, end_date: p.end, basis: p.basis,
  })));
  await knex('calendar_working_hours').insert(defaultCalendarData.workingHours.map((w) => ({
    valid_from: w.validFrom, valid_to: w.validTo, time_zone: w.timeZone, week: JSON.stringify(w.week),
  })));
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['calendar_holiday_rules', 'calendar_martial_law_periods', 'calendar_working_hours', 'calendar_revision']) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.raw('DROP FUNCTION IF EXISTS calendar_bump_revision()');
}
