// The form files beside the diagrams (processes/forms/): one per user task of the manifests, each
// passing lib/forms/check.ts, bilingual as the conventions say (README "Forms").
import { expect } from 'chai';
import { allUserTasks } from '../../../lib/domains.ts';
import { checkForm } from '../../../lib/forms/index.ts';
import { readFormFiles } from '../../../lib/process-forms.ts';

describe('forms: the shipped form files (processes/forms/)', () => {
  const files = readFormFiles();

  it('has one form per user task of the manifests, each passing the check', () => {
    expect([...files.keys()].sort()).to.deep.equal([...allUserTasks().values()].map((t) => t.form).sort());
    for (const [id, file] of files) {
      expect(checkForm(file.form), id).to.deep.equal([]);
      expect(file.name).to.equal(`${id}.form`);
    }
  });

  it('labels every field in Ukrainian first and in English in its properties', () => {
    for (const [id, { form: f }] of files) {
      for (const c of f.components) {
        if (c.type === 'text') {
          expect(c.text, id).to.match(/[а-яєіїґ]/i);
          expect(c.properties?.text_en, id).to.match(/^[\x20-\x7e]+$/);
          continue;
        }
        expect(c.label ?? c.dateLabel, `${id}.${c.key}`).to.match(/[а-яєіїґ]/i);
        expect(c.properties?.label_en, `${id}.${c.key}`).to.match(/^[\x20-\x7e]+$/);
        for (const v of c.values ?? []) expect(v.label, `${id}.${c.key}=${String(v.value)}`).to.match(/[а-яєіїґ]/i);
      }
    }
  });
});
