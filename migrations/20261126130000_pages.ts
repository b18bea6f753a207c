// Text of scans, page by page: what OCR or the PDF's own text layer read, with every word's box on
// the page image (later masking of personal data draws over these boxes, Law 2297-VI), and the
// document's OCR state. OCR runs after registration and never holds it up (CMU 55/2018: register
// on the day of receipt), so a document exists, registered, while its pages are still pending.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('documents', (t) => {
    t.text('ocr_status').notNullable().defaultTo('pending');
    // Why reading failed, in technical words (never text from the scan).
    t.text('ocr_error');
    t.integer('page_count');
    // Page 1 as a small PNG, kept in the content-addressed file store like the scan itself.
    t.text('thumbnail_sha256');
    t.timestamp('ocr_at', { useTz: true });
  });
  await knex.raw(`ALTER TABLE documents ADD CONSTRAINT documents_ocr_status_check CHECK (ocr_status IN ('pending', 'done', 'failed'))`);
  await knex.raw(`ALTER TABLE documents ADD CONSTRAINT documents_page_count_check CHECK (page_count IS NULL OR page_count >= 0)`);

  await knex.schema.createTable('document_pages', (t) => {
    t.uuid('document_id').notNullable().references('documents.id').onDelete('CASCADE');
    t.integer('page_no').notNullable();
    t.text('source').notNullable();
    t.text('text').notNullable();
    // [{text, left, top, width, height, confidence}] in pixels of the page image (width x height, dpi).
    t.jsonb('words').notNullable().defaultTo('[]');
    t.float('confidence');
    t.integer('width').notNullable();
    t.integer('height').notNullable();
    t.integer('dpi');
    t.primary(['document_id', 'page_no']);
  });
  await knex.raw(`ALTER TABLE document_pages ADD CONSTRAINT document_pages_source_check CHECK (source IN ('ocr', 'text-layer'))`);
  await knex.raw(`ALTER TABLE document_pages ADD CONSTRAINT document_pages_page_no_check CHECK (page_no >= 1)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('document_pages');
  await knex.raw('ALTER TABLE documents DROP CONSTRAINT IF EXISTS documents_ocr_status_check');
  await knex.raw('ALTER TABLE documents DROP CONSTRAINT IF EXISTS documents_page_count_check');
  await knex.schema.alterTable('documents', (t) => {
    t.dropColumns('ocr_status', 'ocr_error', 'page_count', 'thumbnail_sha256', 'ocr_at');
  });
}
