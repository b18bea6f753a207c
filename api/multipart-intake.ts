// A citizen's submission with scans attached, as multipart/form-data: one JSON field (the same
// schema as the plain JSON route) and 0..N file parts `files`, judged by content. Shared by the
// appeal and the information-request routes. Errors name `<field>.<property>` or `files[<index>]`;
// when anything is wrong, every file already received is discarded: nothing is half-stored. The JSON
// field is checked when it arrives (text the database cannot store included, lib/storable-text.ts),
// so files sent after a refused one are never written at all.
import type { FastifyRequest } from 'fastify';
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { ValidateFunction } from 'ajv';
import { ALLOWED_FILE_TYPES, FileTooLargeError, FileTypeNotAllowedError, type FileStore, type StagedFile } from '../lib/file-store.ts';
import { ProblemError, fieldErrorsFromAjv, validationProblem, type FieldError } from '../lib/problem.ts';
import { sanitiseDisplayName } from '../lib/cases/attachments.ts';
import { printableName, storableTextErrors } from '../lib/storable-text.ts';

export interface StagedAttachment { staged: StagedFile; displayName: string | null }

export interface MultipartIntake<T> {
  /** The name of the JSON field (`appeal`, `request`). */
  field: string;
  validate: ValidateFunction<T>;
  maxFiles: number;
  uploadLimitBytes: number;
  files: FileStore;
}

/** The multipart body read and checked: the JSON value and the files staged (not yet committed). */
export async function readMultipartIntake<T>(request: FastifyRequest, intake: MultipartIntake<T>): Promise<{ body: T; staged: StagedAttachment[] }> {
  const { field: name, validate, maxFiles, uploadLimitBytes, files } = intake;
  if (!request.isMultipart()) {
    throw new ProblemError('unsupported-media-type', {
      detail: `Expected multipart/form-data with a field "${name}" and file parts "files"`,
      detail_uk: `Очікується multipart/form-data з полем "${name}" і файлами "files"`,
    });
  }
  const allowedTypes = ALLOWED_FILE_TYPES.join(', ');
  const staged: StagedAttachment[] = [];
  // Index of the file part being read: the one a size or type error is about.
  let current = 0;
  try {
    const errors: FieldError[] = [];
    let received = false;
    let body: T | undefined;
    /** The JSON value checked as soon as it arrives: when it is refused, later files are not stored at all. */
    const readJson = (raw: string) => {
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        errors.push({ field: name, message: 'is not valid JSON', message_uk: 'не є коректним JSON' });
        return;
      }
      const unstorable = storableTextErrors(value, name);
      if (unstorable.length > 0) errors.push(...unstorable);
      else if (validate(value)) body = value;
      else errors.push(...fieldErrorsFromAjv(validate.errors ?? [], name));
    };
    // One part more than allowed of each kind, so that the extra one is reported by name here
    // rather than by the generic limit errors of api/app.ts.
    for await (const part of request.parts({ limits: { files: maxFiles, fields: 2, parts: maxFiles + 2 } })) {
      if (part.type === 'file') {
        const filePart = part as MultipartFile;
        if (filePart.fieldname !== 'files') {
          filePart.file.resume();
          errors.push({ field: printableName(filePart.fieldname), message: 'unexpected file part', message_uk: 'непередбачений файл' });
          continue;
        }
        if (errors.length > 0) {
          // Refused already: the bytes are read past, never written to the store.
          filePart.file.resume();
          continue;
        }
        current = staged.length;
        const file = await files.receive(filePart.file, { isTruncated: () => filePart.file.truncated });
        // The name may carry personal data: kept for staff, never logged (Law 2297-VI).
        staged.push({ staged: file, displayName: sanitiseDisplayName(filePart.filename) });
      } else {
        const value = part as MultipartValue;
        if (value.fieldname !== name) errors.push({ field: printableName(value.fieldname), message: 'is not allowed', message_uk: 'поле не передбачене' });
        else if (received) errors.push({ field: name, message: 'must be sent once', message_uk: 'має бути передане один раз' });
        else if (value.valueTruncated) throw ProblemError.field('payload-too-large', name, 'is too long', 'завелике поле');
        else {
          received = true;
          readJson(String(value.value));
        }
      }
    }
    if (!received) errors.push({ field: name, message: 'is required', message_uk: 'обов’язкове поле' });
    if (errors.length > 0 || body === undefined) throw validationProblem(errors);
    return { body, staged };
  } catch (err) {
    await discardAll(files, staged);
    const code = (err as { code?: unknown }).code;
    if (err instanceof FileTooLargeError || code === 'FST_REQ_FILE_TOO_LARGE') {
      throw ProblemError.field('payload-too-large', `files[${current}]`, `is larger than ${uploadLimitBytes} bytes`, `перевищує ${uploadLimitBytes} байт`);
    }
    if (err instanceof FileTypeNotAllowedError) {
      throw ProblemError.field('unsupported-media-type', `files[${current}]`, `must be one of ${allowedTypes}`, `має бути одного з типів: ${allowedTypes}`);
    }
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
      throw ProblemError.field('validation', 'files', `at most ${maxFiles} files`, `не більше ${maxFiles} файлів`);
    }
    if (code === 'FST_FIELDS_LIMIT') throw ProblemError.field('validation', name, `only the field "${name}" is expected`, `очікується лише поле "${name}"`);
    throw err;
  }
}

/** Discarding a committed file is a no-op: its temp file has already been moved into the store. */
export async function discardAll(files: FileStore, staged: readonly StagedAttachment[]): Promise<void> {
  await Promise.all(staged.map((s) => files.discard(s.staged)));
}

/** A problem about the JSON value, its field names prefixed with the multipart field's (`request.email`). */
export function withinField(name: string, err: unknown): unknown {
  if (!(err instanceof ProblemError) || !err.details.errors) return err;
  return new ProblemError(err.code, { ...err.details, errors: err.details.errors.map((e) => ({ ...e, field: `${name}.${e.field}` })) });
}
