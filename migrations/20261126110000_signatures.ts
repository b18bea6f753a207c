// Electronic signatures (Law 2155-VIII, CMU 798/2023): the certificates of our own demo certificate
// authority, with their private keys encrypted at rest, and the signatures made with them.
//
// Keys live in the database, encrypted with a key-encryption key kept in a file of the data folder
// (lib/signing/key-vault.ts): a database dump alone cannot sign, a copied data folder alone holds no
// keys, and the unique indexes below make "created once" hold across every API and worker process.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('signing_certificates', (t) => {
    t.increments('id');
    // Upper-case hex, as OpenSSL and node:crypto print it.
    t.text('serial').notNullable().unique();
    t.text('kind').notNullable();
    t.integer('user_id').references('staff_users.id');
    // A system certificate's purpose, e.g. `registration-seal`.
    t.text('system_name');
    t.text('common_name').notNullable();
    t.text('certificate_pem').notNullable();
    // AES-256-GCM under the data folder's key-encryption key, bound to the serial (lib/signing/key-vault.ts).
    t.text('encrypted_private_key').notNullable();
    t.timestamp('not_before', { useTz: true }).notNullable();
    t.timestamp('not_after', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`
    ALTER TABLE signing_certificates ADD CONSTRAINT signing_certificates_kind_check CHECK (
      (kind = 'ca' AND user_id IS NULL AND system_name IS NULL)
      OR (kind = 'user' AND user_id IS NOT NULL AND system_name IS NULL)
      OR (kind = 'system' AND user_id IS NULL AND system_name IS NOT NULL));
    -- One root, one certificate per staff member, one per system seal: the backstop behind the
    -- advisory locks that make two processes starting at once create each of them only once.
    CREATE UNIQUE INDEX signing_certificates_one_ca ON signing_certificates (kind) WHERE kind = 'ca';
    CREATE UNIQUE INDEX signing_certificates_one_per_user ON signing_certificates (user_id) WHERE kind = 'user';
    CREATE UNIQUE INDEX signing_certificates_one_per_system ON signing_certificates (system_name) WHERE kind = 'system';
  `);

  await knex.schema.createTable('signatures', (t) => {
    t.bigIncrements('id');
    t.uuid('document_id').notNullable().references('documents.id');
    // registration, resolution, approval, ...
    t.text('purpose').notNullable();
    t.text('signer_kind').notNullable();
    t.integer('signer_user_id').references('staff_users.id');
    t.text('signer_system');
    // `user:<id>` or `system:<name>`: the identity a retried worker is recognised by.
    t.text('signer').notNullable();
    t.text('certificate_serial').notNullable().references('signing_certificates.serial');
    t.text('signed_xml').notNullable();
    t.timestamp('signed_at', { useTz: true }).notNullable();
    // One signature per document, purpose and signer: a retried task finds it instead of signing twice.
    t.unique(['document_id', 'purpose', 'signer']);
    t.index(['document_id']);
  });
  await knex.raw(`
    ALTER TABLE signatures ADD CONSTRAINT signatures_signer_check CHECK (
      (signer_kind = 'user' AND signer_user_id IS NOT NULL AND signer_system IS NULL AND signer = 'user:' || signer_user_id)
      OR (signer_kind = 'system' AND signer_user_id IS NULL AND signer_system IS NOT NULL AND signer = 'system:' || signer_system));
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('signatures');
  await knex.schema.dropTableIfExists('signing_certificates');
}
