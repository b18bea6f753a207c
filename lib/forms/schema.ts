// The JSON Schema a completion of a form must satisfy, derived from the form file alone (plus the
// schemas of our custom components, which the domain's rules supply by key): what the API's ajv
// checks (with useDefaults) before the domain's rules and before the engine sees anything.
//
//   textfield, textarea    string, minLength / maxLength / pattern from validate
//   number                 number (integer with decimalDigits 0), minimum / maximum from validate.min / max
//   checkbox               boolean; required means checked: const true (form-js refuses an unchecked required box)
//   radio, select          the values offered (type string, number or boolean when all are; both booleans: boolean)
//   checklist              an array of the values offered, each once; required means at least one
//   datetime (date)        string, format date
//   hromada-*              the schema the rules module gives for the key
//   defaultValue           default
//   validate.required      required, or, with conditional.hide, required when the field is shown:
//                          allOf [{ if: <shown>, then: { required } }], fields sharing a condition together
// Every object is closed (additionalProperties false): a completion sets the form's fields only. A
// hidden field is not refused when sent: the condition makes it required, never forbidden.
import { isCustomType } from './components.ts';
import { parseFeelCondition, shownSchema } from './feel.ts';
import type { CamundaForm, FormComponent, FormValue, JsonSchema } from './types.ts';

export class FormSchemaError extends Error {
  constructor(readonly formId: string, message: string) {
    super(`form ${formId}: ${message}`);
    this.name = 'FormSchemaError';
  }
}

function valuesSchema(values: readonly FormValue[]): Record<string, unknown> {
  const list = values.map((v) => v.value);
  if (list.every((v) => typeof v === 'boolean')) {
    return list.includes(true) && list.includes(false) ? { type: 'boolean' } : { type: 'boolean', enum: list };
  }
  if (list.every((v) => typeof v === 'string')) return { type: 'string', enum: list };
  if (list.every((v) => typeof v === 'number')) return { type: 'number', enum: list };
  return { enum: list };
}

function fieldSchema(form: CamundaForm, c: FormComponent, custom: Readonly<Record<string, JsonSchema>>): Record<string, unknown> {
  const v = c.validate ?? {};
  const out: Record<string, unknown> = (() => {
    switch (c.type) {
      case 'textfield':
      case 'textarea':
        return {
          type: 'string',
          ...(v.minLength !== undefined ? { minLength: v.minLength } : {}),
          ...(v.maxLength !== undefined ? { maxLength: v.maxLength } : {}),
          ...(v.pattern !== undefined ? { pattern: v.pattern } : {}),
        };
      case 'number':
        return {
          type: c.decimalDigits === 0 ? 'integer' : 'number',
          ...(v.min !== undefined ? { minimum: v.min } : {}),
          ...(v.max !== undefined ? { maximum: v.max } : {}),
        };
      case 'checkbox':
        return v.required ? { const: true } : { type: 'boolean' };
      case 'radio':
      case 'select':
        return valuesSchema(c.values ?? []);
      case 'checklist':
        return { type: 'array', items: valuesSchema(c.values ?? []), uniqueItems: true, ...(v.required ? { minItems: 1 } : {}) };
      case 'datetime':
        return { type: 'string', format: 'date' };
      default: {
        const given = isCustomType(c.type) ? custom[c.key!] : undefined;
        if (!given) throw new FormSchemaError(form.id, `field "${c.key}" of type ${c.type} needs its JSON Schema from the domain's rules (fieldSchemas.${c.key})`);
        return structuredClone(given) as Record<string, unknown>;
      }
    }
  })();
  if (c.defaultValue !== undefined) out.default = structuredClone(c.defaultValue);
  return out;
}

/**
 * The JSON Schema of a completion of the form (lib/forms/check.ts has accepted it). `fieldSchemas`:
 * the JSON Schema of each custom (`hromada-*`) field, by key; one missing is an error, and so is one
 * given for a key the form has not (a rule about a field nobody fills).
 */
export function formSchema(form: CamundaForm, fieldSchemas: Readonly<Record<string, JsonSchema>> = {}): JsonSchema {
  const fields = form.components.filter((c) => typeof c.key === 'string');
  for (const key of Object.keys(fieldSchemas)) {
    if (!fields.some((c) => c.key === key && isCustomType(c.type))) throw new FormSchemaError(form.id, `fieldSchemas.${key} names no custom field of the form`);
  }
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  const conditional = new Map<string, { shown: JsonSchema; required: string[] }>();
  for (const c of fields) {
    const key = c.key!;
    properties[key] = fieldSchema(form, c, fieldSchemas);
    if (!c.validate?.required) continue;
    if (c.conditional?.hide === undefined) {
      required.push(key);
      continue;
    }
    const shown = shownSchema(parseFeelCondition(c.conditional.hide));
    const id = JSON.stringify(shown);
    const group = conditional.get(id) ?? { shown, required: [] };
    group.required.push(key);
    conditional.set(id, group);
  }
  return {
    type: 'object',
    ...(required.length > 0 ? { required } : {}),
    properties,
    additionalProperties: false,
    ...(conditional.size > 0 ? { allOf: [...conditional.values()].map((g) => ({ if: g.shown, then: { required: g.required } })) } : {}),
  };
}

/** Variables every completion sets: the fields required whatever else is chosen, and those with a default. */
export function alwaysWritten(form: CamundaForm): string[] {
  return form.components
    .filter((c) => typeof c.key === 'string' && ((c.validate?.required && c.conditional?.hide === undefined) || c.defaultValue !== undefined))
    .map((c) => c.key!);
}
