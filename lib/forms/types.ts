// The Camunda Forms (form-js) schema as the files in processes/forms/ use it (DESIGN.md 3a "Forms"):
// the subset lib/forms/check.ts accepts. Types only.

/** A value a select, radio or checklist offers: the Ukrainian label a person sees and the value stored. */
export interface FormValue {
  readonly label: string;
  readonly value: string | number | boolean;
}

export interface FormValidate {
  readonly required?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly min?: number;
  readonly max?: number;
}

export interface FormComponent {
  readonly type: string;
  readonly id?: string;
  /** The process variable the field reads and writes. */
  readonly key?: string;
  /** Ukrainian; the English one is `properties.label_en`. */
  readonly label?: string;
  /** The label of a `datetime` field's date part (form-js names it so), Ukrainian. */
  readonly dateLabel?: string;
  readonly description?: string;
  /** Markdown of a `text` component, Ukrainian; the English one is `properties.text_en`. */
  readonly text?: string;
  readonly values?: readonly FormValue[];
  readonly validate?: FormValidate;
  readonly defaultValue?: unknown;
  /** `hide`: a FEEL expression in the subset of lib/forms/feel.ts; the field is shown when it is false. */
  readonly conditional?: { readonly hide?: string };
  /** form-js custom properties: strings only. Ours: label_en, description_en, text_en, values_en. */
  readonly properties?: Readonly<Record<string, string>>;
  /** `datetime`: `date` only. */
  readonly subtype?: string;
  /** `number`: 0 for a whole number. */
  readonly decimalDigits?: number;
  readonly layout?: Readonly<Record<string, unknown>>;
  readonly disabled?: boolean;
  readonly readonly?: boolean;
  readonly searchable?: boolean;
}

export interface CamundaForm {
  readonly type: 'default';
  /** The form's id: what `camunda:formRef` names, and the file's name (processes/forms/<id>.form). */
  readonly id: string;
  readonly components: readonly FormComponent[];
  readonly schemaVersion: number;
  readonly exporter?: { readonly name: string; readonly version: string };
  readonly executionPlatform?: string;
  readonly executionPlatformVersion?: string;
}

/** What is wrong with a form file, bilingual like every message a person reads. */
export interface FormProblem {
  /** Where: `components[2].validate.pattern`, or '' for the whole form. */
  readonly path: string;
  readonly message: string;
  readonly message_en: string;
}

/** A JSON Schema, as plain data. */
export type JsonSchema = Readonly<Record<string, unknown>>;
