// Camunda Forms (form-js) for every form a person fills (DESIGN.md 3a "Forms"): checking a form file,
// and the JSON Schema of its completions. Pure, no I/O: the API, the process lint and later the
// browser apps share it. The files themselves are read by lib/process-forms.ts.
export type { CamundaForm, FormComponent, FormProblem, FormValidate, FormValue, JsonSchema } from './types.ts';
export { CUSTOM_TYPES, DISPLAY_TYPES, FIELD_TYPES, MAX_SCHEMA_VERSION } from './components.ts';
export { checkForm, englishValueLabels, formKeys, FormFileError, parseForm } from './check.ts';
export { conditionSchema, evaluateCondition, FeelSubsetError, parseFeelCondition, shownSchema, type FeelCondition } from './feel.ts';
export { alwaysWritten, formSchema, FormSchemaError } from './schema.ts';
