// lib/forms: a Camunda Form file is checked (known components, bilingual labels, FEEL only in the
// subset) and turned into the JSON Schema the API checks completions against.
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { expect } from 'chai';
import {
  checkForm, conditionSchema, evaluateCondition, formSchema, FormFileError, parseFeelCondition, parseForm, shownSchema,
  type CamundaForm, type FormComponent,
} from '../../../lib/forms/index.ts';

const form = (...components: object[]): CamundaForm => ({ type: 'default', id: 'demo', components: components as FormComponent[], schemaVersion: 16 });
const en = (label: string, more: Record<string, string> = {}) => ({ properties: { label_en: label, ...more } });
const paths = (value: unknown) => checkForm(value).map((p) => p.path);

describe('forms: the JSON Schema of a form (lib/forms/schema.ts)', () => {
  const property = (component: object, fieldSchemas?: Record<string, Record<string, unknown>>) =>
    (formSchema(parseForm(form(component)), fieldSchemas).properties as Record<string, unknown>)[(component as { key: string }).key];

  it('turns each field type into its schema', () => {
    expect(property({ type: 'textfield', key: 'a', label: 'А', validate: { minLength: 1, maxLength: 5, pattern: '\\S' }, ...en('A') }))
      .to.deep.equal({ type: 'string', minLength: 1, maxLength: 5, pattern: '\\S' });
    expect(property({ type: 'textarea', key: 'a', label: 'А', ...en('A') })).to.deep.equal({ type: 'string' });
    expect(property({ type: 'number', key: 'n', label: 'Ч', decimalDigits: 0, validate: { min: 1, max: 9 }, ...en('N') }))
      .to.deep.equal({ type: 'integer', minimum: 1, maximum: 9 });
    expect(property({ type: 'number', key: 'n', label: 'Ч', ...en('N') })).to.deep.equal({ type: 'number' });
    expect(property({ type: 'checkbox', key: 'c', label: 'П', ...en('C') })).to.deep.equal({ type: 'boolean' });
    expect(property({ type: 'checkbox', key: 'c', label: 'П', validate: { required: true }, ...en('C') }), 'a required box is a checked box')
      .to.deep.equal({ const: true });
    const values = [{ label: 'Так', value: 'yes' }, { label: 'Ні', value: 'no' }];
    const valuesEn = JSON.stringify({ yes: 'Yes', no: 'No' });
    expect(property({ type: 'radio', key: 'r', label: 'Р', values, ...en('R', { values_en: valuesEn }) })).to.deep.equal({ type: 'string', enum: ['yes', 'no'] });
    expect(property({ type: 'select', key: 's', label: 'В', values, ...en('S', { values_en: valuesEn }) })).to.deep.equal({ type: 'string', enum: ['yes', 'no'] });
    expect(property({
      type: 'radio', key: 'b', label: 'Р', values: [{ label: 'Так', value: true }, { label: 'Ні', value: false }],
      ...en('B', { values_en: JSON.stringify({ true: 'Yes', false: 'No' }) }),
    }), 'both booleans: a boolean').to.deep.equal({ type: 'boolean' });
    expect(property({ type: 'checklist', key: 'l', label: 'С', values, validate: { required: true }, ...en('L', { values_en: valuesEn }) }))
      .to.deep.equal({ type: 'array', items: { type: 'string', enum: ['yes', 'no'] }, uniqueItems: true, minItems: 1 });
    expect(property({ type: 'datetime', subtype: 'date', key: 'd', dateLabel: 'Дата', ...en('Date') })).to.deep.equal({ type: 'string', format: 'date' });
    const executors = { type: 'object', minProperties: 1 };
    expect(property({ type: 'hromada-executors', key: 'executors', label: 'Виконавці', defaultValue: {}, ...en('Executors') }, { executors }), 'a custom field: the rules\' schema and the form\'s default')
      .to.deep.equal({ type: 'object', minProperties: 1, default: {} });
    expect(property({ type: 'textfield', key: 'a', label: 'А', defaultValue: 'x', ...en('A') })).to.deep.equal({ type: 'string', default: 'x' });
  });

  it('requires the required fields, closes the object, and has nothing for text, separators and spacers', () => {
    const schema = formSchema(parseForm(form(
      { type: 'text', text: 'Прочитайте', properties: { text_en: 'Read' } },
      { type: 'separator' },
      { type: 'textfield', key: 'a', label: 'А', validate: { required: true }, ...en('A') },
      { type: 'checkbox', key: 'b', label: 'Б', ...en('B') },
    )));
    expect(schema).to.deep.equal({
      type: 'object', required: ['a'], properties: { a: { type: 'string' }, b: { type: 'boolean' } }, additionalProperties: false,
    });
    expect(formSchema(parseForm(form()))).to.deep.equal({ type: 'object', properties: {}, additionalProperties: false });
  });

  it('makes a field hidden under a condition required only when it is shown, fields of one condition together', () => {
    const values = [{ label: 'Так', value: 'yes' }, { label: 'Ні', value: 'no' }];
    const schema = formSchema(parseForm(form(
      { type: 'radio', key: 'choice', label: 'В', values, validate: { required: true }, ...en('Choice', { values_en: JSON.stringify({ yes: 'Yes', no: 'No' }) }) },
      { type: 'textfield', key: 'why', label: 'Чому', validate: { required: true }, conditional: { hide: '=choice != "no"' }, ...en('Why') },
      { type: 'datetime', subtype: 'date', key: 'when', dateLabel: 'Коли', validate: { required: true }, conditional: { hide: '=choice != "no"' }, ...en('When') },
      { type: 'textfield', key: 'note', label: 'Примітка', conditional: { hide: '=choice = "no"' }, ...en('Note') },
    )));
    expect(schema.allOf).to.deep.equal([{ if: { properties: { choice: { const: 'no' } }, required: ['choice'] }, then: { required: ['why', 'when'] } }]);
    const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
    ajvFormats.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate({ choice: 'yes' })).to.equal(true);
    expect(validate({ choice: 'no', why: 'Бо', when: '2026-01-01' })).to.equal(true);
    expect(validate({ choice: 'no', why: 'Бо' })).to.equal(false);
    expect(validate({ choice: 'yes', why: 'Бо', note: 'x' }), 'a hidden field sent is not refused').to.equal(true);
    expect(validate({ choice: 'yes', other: 1 }), 'closed').to.equal(false);
  });

  it('refuses a custom field without its schema, and a schema for a field the form has not', () => {
    const f = parseForm(form({ type: 'hromada-department-set', key: 'departments', label: 'Підрозділи', ...en('Departments') }));
    expect(() => formSchema(f)).to.throw(/departments.*needs its JSON Schema/);
    expect(() => formSchema(f, { departments: { type: 'object' }, other: { type: 'string' } })).to.throw(/fieldSchemas.other names no custom field/);
  });
});

describe('forms: the FEEL subset of conditional.hide (lib/forms/feel.ts)', () => {
  it('reads comparisons with strings, numbers and booleans, joined by and, or, not and parentheses', () => {
    expect(parseFeelCondition('=decision != "forward"')).to.deep.equal({ kind: 'compare', name: 'decision', op: '!=', value: 'forward' });
    expect(parseFeelCondition('= extend = true')).to.deep.equal({ kind: 'compare', name: 'extend', op: '=', value: true });
    expect(parseFeelCondition('=a = "x \\"y\\"" and (b != 2.5 or not(c = false))')).to.deep.equal({
      kind: 'and', items: [
        { kind: 'compare', name: 'a', op: '=', value: 'x "y"' },
        { kind: 'or', items: [{ kind: 'compare', name: 'b', op: '!=', value: 2.5 }, { kind: 'not', item: { kind: 'compare', name: 'c', op: '=', value: false } }] },
      ],
    });
  });

  it('refuses everything else, saying so in Ukrainian and English', () => {
    for (const expression of [
      'decision != "forward"', '=is defined(decision)', '=count > 3', '=a.b = 1', '=a = b', '=a = null', '=a = "open',
      '=a', '=a = 1 b = 2', '=not a = 1', '=a = 1 and', '=a = "x" + "y"', '=a in ["x"]', '=', '=(a = 1',
    ]) {
      expect(() => parseFeelCondition(expression), expression).to.throw().that.satisfies((err: { message_uk?: string }) => /[а-яі]/i.test(err.message_uk ?? ''));
    }
  });

  it('turns a condition into a JSON Schema that holds exactly when FEEL says it does', () => {
    const ajv = new Ajv({ strict: false });
    const conditions = ['=a = "x"', '=a != "x"', '=b = true', '=b != true', '=a = "x" and b = false', '=a != "x" or b = true', '=not(a = "x" or b != false)', '=n = 3'];
    const data = [{}, { a: 'x' }, { a: 'y' }, { b: true }, { b: false }, { a: 'x', b: false }, { a: 'x', b: true }, { a: 'y', b: false }, { n: 3 }, { n: '3' }, { a: null }];
    for (const text of conditions) {
      const condition = parseFeelCondition(text);
      const holds = ajv.compile(conditionSchema(condition));
      const shown = ajv.compile(shownSchema(condition));
      for (const d of data) {
        expect(holds(d), `${text} on ${JSON.stringify(d)}`).to.equal(evaluateCondition(condition, d));
        expect(shown(d), `shown unless ${text} on ${JSON.stringify(d)}`).to.equal(!evaluateCondition(condition, d));
      }
    }
  });
});

describe('forms: checking a form file (lib/forms/check.ts)', () => {
  const field = { type: 'textfield', key: 'a', label: 'Поле', properties: { label_en: 'Field' } };

  it('accepts a well-formed form', () => {
    expect(checkForm(form(field))).to.deep.equal([]);
  });

  it('refuses component types it cannot check and properties it does not know', () => {
    expect(paths(form({ type: 'group', components: [] }))).to.deep.equal(['components[0].type']);
    expect(paths(form({ type: 'button', key: 'submit', label: 'Надіслати' }))).to.deep.equal(['components[0].type']);
    expect(paths(form({ type: 'dynamiclist', key: 'items', label: 'Список' }))).to.deep.equal(['components[0].type']);
    expect(paths(form({ ...field, type: 'select', valuesKey: 'options' }))).to.include('components[0].valuesKey');
    expect(paths({ ...form(field), title: 'x' })).to.deep.equal(['title']);
    expect(paths({ ...form(field), schemaVersion: 19 })).to.deep.equal(['schemaVersion']);
    expect(paths({ ...form(field), type: 'other' })).to.deep.equal(['type']);
    expect(paths({ ...form(field), id: 'Bad Id' })).to.deep.equal(['id']);
    expect(paths(form({ ...field, type: 'datetime', subtype: 'datetime', dateLabel: 'Коли', label: undefined }))).to.deep.equal(['components[0].subtype']);
  });

  it('wants a Ukrainian and an English label for every field and every value, and the English text of a text', () => {
    expect(paths(form({ ...field, properties: {} }))).to.deep.equal(['components[0].properties.label_en']);
    expect(paths(form({ ...field, label: ' ' }))).to.deep.equal(['components[0].label']);
    expect(paths(form({ ...field, description: 'Опис' }))).to.deep.equal(['components[0].properties.description_en']);
    expect(paths(form({ type: 'text', text: 'Текст' }))).to.deep.equal(['components[0].properties.text_en']);
    const radio = { type: 'radio', key: 'r', label: 'Р', properties: { label_en: 'R', values_en: '{"yes":"Yes"}' }, values: [{ label: 'Так', value: 'yes' }, { label: 'Ні', value: 'no' }] };
    expect(checkForm(form(radio)).map((p) => p.message_en)).to.deep.equal(['No English label for value "no"']);
    expect(paths(form({ ...radio, properties: { label_en: 'R' } }))).to.deep.equal(['components[0].properties.values_en']);
    expect(paths(form({ ...radio, values: [{ label: '', value: 'yes' }] }))).to.deep.equal(['components[0].values[0].label']);
    for (const p of checkForm(form({ ...field, properties: {} }))) expect(p.message).to.match(/[а-яі]/i);
  });

  it('refuses FEEL and templates outside conditional.hide, and FEEL outside the subset', () => {
    expect(paths(form({ ...field, label: '=upper case(name)' }))).to.deep.equal(['components[0].label']);
    expect(paths(form({ ...field, label: 'Привіт, {{name}}' }))).to.deep.equal(['components[0].label']);
    expect(paths(form({ ...field, validate: { maxLength: '=limit' } }))).to.deep.equal(['components[0].validate.maxLength']);
    expect(paths(form({ ...field, readonly: '=locked' }))).to.deep.equal(['components[0].readonly']);
    const other = { type: 'checkbox', key: 'b', label: 'Б', properties: { label_en: 'B' } };
    expect(paths(form(other, { ...field, conditional: { hide: '=b = true' } }))).to.deep.equal([]);
    expect(paths(form(other, { ...field, conditional: { hide: '=is defined(b)' } }))).to.deep.equal(['components[1].conditional.hide']);
    expect(paths(form(other, { ...field, conditional: { hide: '=missing = true' } })), 'a name that is no field').to.deep.equal(['components[1].conditional.hide']);
    expect(paths(form(other, { ...field, conditional: { hide: '=b = "yes"' } })), 'a checkbox is true or false').to.deep.equal(['components[1].conditional.hide']);
    const radio = { type: 'radio', key: 'r', label: 'Р', properties: { label_en: 'R', values_en: '{"yes":"Yes"}' }, values: [{ label: 'Так', value: 'yes' }] };
    expect(paths(form(radio, { ...field, conditional: { hide: '=r != "yess"' } })), 'a value the field does not offer').to.deep.equal(['components[1].conditional.hide']);
    expect(paths(form({ ...field, conditional: { hide: '=a = "x"' } })), 'hiding itself').to.deep.equal(['components[0].conditional.hide']);
  });

  it('wants keys that are variable names, once each, validation it can re-check, and defaults of the field\'s type', () => {
    expect(paths(form({ ...field, key: 'a.b' }))).to.deep.equal(['components[0].key']);
    expect(paths(form(field, field))).to.deep.equal(['components[1].key']);
    expect(paths(form({ ...field, validate: { min: 1 } }))).to.deep.equal(['components[0].validate.min']);
    expect(paths(form({ ...field, validate: { validationType: 'email' } }))).to.deep.equal(['components[0].validate.validationType']);
    expect(paths(form({ ...field, validate: { pattern: '(' } }))).to.deep.equal(['components[0].validate.pattern']);
    expect(paths(form({ ...field, validate: { minLength: 5, maxLength: 2 } }))).to.deep.equal(['components[0].validate']);
    expect(paths(form({ ...field, defaultValue: 5 }))).to.deep.equal(['components[0].defaultValue']);
    expect(paths(form({ type: 'checkbox', key: 'b', label: 'Б', defaultValue: 'no', properties: { label_en: 'B' } }))).to.deep.equal(['components[0].defaultValue']);
    expect(paths(form({ type: 'text', key: 'x', text: 'Т', properties: { text_en: 'T' } }))).to.deep.equal(['components[0].key']);
    expect(() => parseForm(form({ ...field, key: 'a.b' }))).to.throw(FormFileError, /components\[0\]\.key/);
  });
});
