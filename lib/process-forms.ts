// The Camunda Forms beside the diagrams (processes/forms/<id>.form), read and checked once, and each
// user task of the domains' manifests with its form, the JSON Schema derived from it (lib/forms) and
// the domain's rules: what the task pipeline, GET /api/v1/tasks/{id}/form, the process lint and the
// launcher's deployment share. The only module that reads the files; lib/forms stays pure.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formSchema, parseForm, type CamundaForm, type JsonSchema } from './forms/index.ts';
import { domains as allDomains } from './domains.ts';
import type { DomainManifest, UserTaskContract, UserTaskRules } from './manifest.ts';

export const FORMS_DIR = fileURLToPath(new URL('../processes/forms/', import.meta.url));

/** A form file as it lies on disk: the bytes the launcher deploys and the checked form. */
export interface FormFile {
  readonly name: string;
  readonly content: Buffer;
  readonly form: CamundaForm;
}

/**
 * Every `<id>.form` of the folder, checked (lib/forms/check.ts); throws naming the file and its
 * problems, and for a file whose `id` is not its name (camunda:formRef names the id, people the file).
 */
export function readFormFiles(dir: string = FORMS_DIR): Map<string, FormFile> {
  const files = new Map<string, FormFile>();
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.form')).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return files;
    throw err;
  }
  for (const name of names) {
    const content = readFileSync(path.join(dir, name));
    let json: unknown;
    try {
      json = JSON.parse(content.toString('utf8'));
    } catch (err) {
      throw new Error(`${name}: not JSON (${(err as Error).message})`, { cause: err });
    }
    let form: CamundaForm;
    try {
      form = parseForm(json);
    } catch (err) {
      throw new Error(`${name}: ${(err as Error).message}`, { cause: err });
    }
    if (`${form.id}.form` !== name) throw new Error(`${name}: the form's id is "${form.id}"; name the file ${form.id}.form`);
    files.set(form.id, { name, content, form });
  }
  return files;
}

/** One user task with everything its completion is checked against. */
export interface UserTaskFormEntry {
  readonly task: UserTaskContract & { readonly domain: string };
  readonly formId: string;
  readonly form: CamundaForm;
  /** The JSON Schema derived from the form and the rules' custom field schemas. */
  readonly schema: JsonSchema;
  readonly rules: UserTaskRules;
}

/**
 * Every user task of the manifests by its task definition key, with its form. Pure: the forms are
 * given. Throws for a task whose form file is missing or whose custom fields have no schema.
 */
export function userTaskForms(forms: ReadonlyMap<string, CamundaForm>, domains: readonly DomainManifest[] = allDomains): Map<string, UserTaskFormEntry> {
  const out = new Map<string, UserTaskFormEntry>();
  for (const domain of domains) {
    for (const task of Object.values(domain.userTasks)) {
      const form = forms.get(task.form);
      if (!form) throw new Error(`user task ${task.id} (${domain.name}): no form file processes/forms/${task.form}.form`);
      const rules = task.rules ?? {};
      out.set(task.id, { task: { ...task, domain: domain.name }, formId: task.form, form, schema: formSchema(form, rules.fieldSchemas), rules });
    }
  }
  return out;
}

let shipped: Map<string, UserTaskFormEntry> | undefined;

/** The shipped forms of the shipped manifests, read on first use. */
export function shippedUserTaskForms(): Map<string, UserTaskFormEntry> {
  shipped ??= userTaskForms(new Map([...readFormFiles()].map(([id, f]) => [id, f.form])));
  return shipped;
}
