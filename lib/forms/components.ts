// The component types a form file may use: form-js's own that the server can re-check, and ours
// (`hromada-*`) for values no form-js component holds. Anything else (groups, dynamic lists, tables,
// options loaded from variables, buttons, HTML) is refused, because the server could not derive
// what a completion must contain.

/** form-js types that hold a value, with the `validate` keys each may use. */
export const FIELD_TYPES = {
  textfield: ['required', 'minLength', 'maxLength', 'pattern'],
  textarea: ['required', 'minLength', 'maxLength', 'pattern'],
  number: ['required', 'min', 'max'],
  checkbox: ['required'],
  radio: ['required'],
  select: ['required'],
  checklist: ['required'],
  datetime: ['required'],
} as const satisfies Record<string, readonly string[]>;

/** form-js types that only show something: no key, no value. */
export const DISPLAY_TYPES = ['text', 'separator', 'spacer'] as const;

/**
 * Our component types. Each holds one variable whose JSON Schema no form-js component can say;
 * the domain's rules module supplies it by the component's key (UserTaskRules.fieldSchemas in
 * lib/manifest.ts), the tasklist registers a renderer for the type.
 */
export const CUSTOM_TYPES = {
  /**
   * A resolution's executors (CMU 55/2018): a map from `department:<code>` or `user:<username>` to
   * `responsible` or `co-executor`, e.g. {"department:03": "responsible", "user:ivanenko": "co-executor"}.
   */
  'hromada-executors': 'executors of a resolution: {"department:03": "responsible", "user:ivanenko": "co-executor"}',
  /** A set of departments as a map from department code to true (the task API takes no arrays): {"03": true}. */
  'hromada-department-set': 'a set of departments: {"03": true, "05": true}',
  /** A set of registered documents as a map from document id to true: {"<uuid>": true}. */
  'hromada-document-set': 'a set of registered documents: {"<document id>": true}',
} as const;

export type FieldType = keyof typeof FIELD_TYPES;
export type CustomType = keyof typeof CUSTOM_TYPES;

export function isFieldType(type: string): type is FieldType {
  return Object.hasOwn(FIELD_TYPES, type);
}

export function isCustomType(type: string): type is CustomType {
  return Object.hasOwn(CUSTOM_TYPES, type);
}

export function isDisplayType(type: string): boolean {
  return (DISPLAY_TYPES as readonly string[]).includes(type);
}

/** The `datetime` subtypes the server checks: a day only (JSON Schema format `date`). */
export const DATETIME_SUBTYPES = ['date'] as const;

/**
 * form-js schema versions accepted: up to the one form-js 1.8 writes (16), the form-js of the
 * Camunda 7.23+ webapps' Tasklist; a newer editor's file may use what that Tasklist cannot render.
 */
export const MAX_SCHEMA_VERSION = 16;

/** The properties a component may carry; an unknown one may change what form-js does unseen. */
export const COMPONENT_PROPERTIES = new Set([
  'type', 'id', 'key', 'label', 'dateLabel', 'description', 'text', 'values', 'validate', 'defaultValue',
  'conditional', 'properties', 'subtype', 'decimalDigits', 'layout', 'disabled', 'readonly', 'searchable',
]);

export const FORM_PROPERTIES = new Set(['type', 'id', 'components', 'schemaVersion', 'exporter', 'executionPlatform', 'executionPlatformVersion']);

/** Process variable names, as the task API accepts them (lib/tasks/schemas.ts). */
export const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Form ids: the file name and the `camunda:formRef`. */
export const FORM_ID_PATTERN = /^[a-z][a-z0-9-]{0,99}$/;
