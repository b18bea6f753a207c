// Answers to public-information requests (Law 2939-VI): the draft and its masks of personal data
// (Art. 6 p.7: restricted parts of a document are masked, the rest is given; Law 2297-VI), the
// signed PDFs (Law 2155-VIII), and the public register of answered requests.
//
// request_id is a plain uuid: the request table belongs to the request process and may land later,
// so there is no foreign key to it. One answer per (request, round): a retried worker finds it.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('info_answers', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('request_id').notNullable();
    t.integer('round').notNullable();
    // The unmasked original: kept, shown to staff only through an audited view.
    t.text('text').notNullable();
    t.specificType('document_ids', 'uuid[]').notNullable().defaultTo('{}');
    t.timestamp('masks_proposed_at', { useTz: true });
    t.timestamp('reviewed_at', { useTz: true });
    t.integer('reviewed_by').references('staff_users.id');
    t.text('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['request_id', 'round']);
  });
  await knex.raw('ALTER TABLE info_answers ADD CONSTRAINT info_answers_round_check CHECK (round >= 1)');

  await knex.schema.createTable('info_answer_masks', (t) => {
    t.bigIncrements('id');
    t.uuid('answer_id').notNullable().references('info_answers.id').onDelete('CASCADE');
    // detected (lib/masking) | lawyer (added in the review)
    t.text('origin').notNullable();
    // proposed (detected, not yet reviewed) | kept | removed (by the lawyer)
    t.text('state').notNullable();
    // text: a span of the answer's text; page: rectangles on a scanned page of a document
    t.text('target').notNullable();
    // A kind of lib/masking (PersonalDataKind); names what the mark in the text says.
    t.text('kind').notNullable();
    t.integer('text_start');
    t.integer('text_end');
    t.uuid('document_id');
    t.integer('page_no');
    // [{ left, top, width, height }] in pixels of the page image the OCR read (document_pages).
    t.jsonb('rects');
    t.text('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('decided_by').references('staff_users.id');
    t.timestamp('decided_at', { useTz: true });
    t.index(['answer_id']);
  });
  await knex.raw(`ALTER TABLE info_answer_masks ADD CONSTRAINT info_answer_masks_shape_check CHECK (
    origin IN ('detected', 'lawyer') AND state IN ('proposed', 'kept', 'removed')
    AND (origin = 'detected' OR state <> 'proposed')
    AND ((target = 'text' AND text_start >= 0 AND text_end > text_start AND document_id IS NULL)
      OR (target = 'page' AND document_id IS NOT NULL AND page_no >= 1 AND jsonb_typeof(rects) = 'array')))`);

  // Two signed copies of one answer: the letter to the requester (with their name and address) and
  // the public copy for the register, where the addressee is masked too. Each has its own
  // verification id: random, unguessable, never personal.
  await knex.schema.createTable('info_answer_pdfs', (t) => {
    t.bigIncrements('id');
    t.uuid('answer_id').notNullable().references('info_answers.id').onDelete('RESTRICT');
    // recipient | public
    t.text('variant').notNullable();
    t.text('verify_id').notNullable().unique();
    t.text('pdf_sha256').notNullable();
    t.text('masked_text').notNullable();
    t.text('registration_index').notNullable();
    t.date('registered_on').notNullable();
    t.text('subject').notNullable();
    t.integer('signer_user_id').notNullable().references('staff_users.id');
    t.text('signer_position').notNullable();
    t.text('certificate_serial').notNullable().references('signing_certificates.serial');
    t.timestamp('signed_at', { useTz: true }).notNullable();
    t.unique(['answer_id', 'variant']);
  });
  await knex.raw(`ALTER TABLE info_answer_pdfs ADD CONSTRAINT info_answer_pdfs_variant_check CHECK (variant IN ('recipient', 'public'))`);

  // The public register of answered requests: masked answers only. `tsv` follows the search
  // migration's normalisation ('simple' configuration over search_normalize: exact word forms).
  await knex.raw(`
    CREATE TABLE info_register (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      answer_id uuid NOT NULL UNIQUE REFERENCES info_answers(id) ON DELETE RESTRICT,
      request_index text NOT NULL,
      received_on date NOT NULL,
      subject text NOT NULL,
      result text NOT NULL,
      answer_index text NOT NULL,
      answered_on date NOT NULL,
      masked_text text NOT NULL,
      public_pdf_id bigint NOT NULL REFERENCES info_answer_pdfs(id),
      published_at timestamptz NOT NULL DEFAULT now(),
      tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', search_normalize(request_index || ' ' || answer_index || ' ' || subject)), 'A')
        || setweight(to_tsvector('simple', search_normalize(masked_text)), 'D')
      ) STORED
    );
    CREATE INDEX info_register_tsv ON info_register USING gin (tsv);
    CREATE INDEX info_register_published_at ON info_register (published_at DESC);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('info_register');
  await knex.schema.dropTableIfExists('info_answer_pdfs');
  await knex.schema.dropTableIfExists('info_answer_masks');
  await knex.schema.dropTableIfExists('info_answers');
}
