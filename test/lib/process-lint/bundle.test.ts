// The lint runs in the browser modeler too: its modules bundle for the browser with every rule
// inside the bundle (no Node built-ins, nothing resolved by package name at run time).
import { expect } from 'chai';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

describe('process lint: browser bundle', () => {
  it('bundles lintDiagram for the browser from its imports alone', async () => {
    const entry = fileURLToPath(new URL('../../../lib/process-lint/lint.ts', import.meta.url));
    // esbuild (the bundler the browser apps use; installed with tsx) fails on a Node built-in for platform browser.
    const result = await build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent' });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((i) => i.startsWith('node:'))).to.deep.equal([]);
    expect(inputs.some((i) => i.endsWith('bpmnlint/rules/label-required.js'))).to.equal(true);
    expect(inputs.some((i) => i.endsWith('lib/process-lint/rules/no-code.ts'))).to.equal(true);
    expect(inputs.some((i) => i.endsWith('camunda-bpmn-moddle/resources/camunda.json'))).to.equal(true);
  });
});
