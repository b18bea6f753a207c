// The shape of the code (README "Layout"): no import cycles, and configuration reaches handlers and
// repositories through their factories, never read from the environment deep inside.
import { expect } from 'chai';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const rel = path.join(dir, name);
    if (name === 'node_modules') return [];
    return statSync(path.join(root, rel)).isDirectory() ? sources(rel) : /\.(ts|mjs|js)$/.test(name) ? [rel] : [];
  });
}

/** Relative imports of a module, types too (a type-only cycle still ties two modules together). */
export function importsOf(file: string, text: string): string[] {
  const out: string[] = [];
  const withoutComments = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  for (const m of withoutComments.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]+)\1/gm)) {
    out.push(path.normalize(path.join(path.dirname(file), m[2]!)));
  }
  return out;
}

/** Every cycle of the graph, each as the list of modules on it (Tarjan's strongly connected components). */
export function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index); low.set(v, index); index++;
    stack.push(v); on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do { w = stack.pop()!; on.delete(w); component.push(w); } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return found;
}

describe('architecture', () => {
  const files = ['api', 'lib', 'workers', 'scripts', 'bench'].flatMap(sources);

  it('has no import cycles in api/, lib/, workers/, scripts/ and bench/', () => {
    const graph = new Map(files.map((f) => [f, importsOf(f, readFileSync(path.join(root, f), 'utf8'))]));
    expect(cycles(graph)).to.deep.equal([]);
  });

  it('finds a cycle when there is one (the check itself)', () => {
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).to.deep.equal([['a', 'b', 'c']]);
    expect(importsOf('api/app.ts', "import type { X } from './routes/a.ts';\nconst m = await import('../lib/b.ts');"))
      .to.deep.equal(['api/routes/a.ts', 'lib/b.ts']);
  });

  // DESIGN.md section 3: repositories hold SQL only, services do a use case, route and topic
  // handlers call a service. The domains listed have been brought to that shape; a domain joins the
  // list once its repositories and handlers are.
  const layeredDomains = ['appeals', 'correspondence'];
  const code = (f: string) => readFileSync(path.join(root, f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

  it('keeps only SQL in the repositories of the layered domains and the case kernel: no audit, no mail, no transaction of a use case', () => {
    const repositories = files.filter((f) => /^lib\/[^/]+\/(?:[^/]+-)?repository\.ts$/.test(f)
      && [...layeredDomains, 'cases', 'ocr'].includes(f.split('/')[1]!));
    expect(repositories, 'the check sees the repositories').to.include('lib/correspondence/registrations-repository.ts');
    const offending = repositories.flatMap((f) => {
      const text = code(f);
      return [
        ...importsOf(f, text).filter((i) => i === 'lib/audit.ts' || i.startsWith('lib/notifications/')).map((i) => `${f} imports ${i}`),
        ...(/\.transaction\(/.test(text) ? [`${f} runs a transaction`] : []),
        ...(/\b(?:appendAudit|enqueueMessage)\(/.test(text) ? [`${f} writes the audit log or mail`] : []),
      ];
    });
    expect(offending).to.deep.equal([]);
  });

  it('has no SQL in the route and topic handlers of the layered domains: they call the domain\'s service', () => {
    const handlers = files.filter((f) => layeredDomains.some((d) => f.startsWith(`api/routes/${d}/`) || f.startsWith(`workers/topics/${d}/`)));
    expect(handlers, 'the check sees the handlers').to.include('workers/topics/correspondence/file-document.ts');
    const offending = handlers.flatMap((f) => {
      const text = code(f);
      return [
        ...importsOf(f, text).filter((i) => /repository\.ts$/.test(i) || i === 'lib/audit.ts').map((i) => `${f} imports ${i}`),
        // A query builder called on a table name, or raw SQL.
        ...(/\b(?:db|trx|tx|q)\s*\(\s*['"`]|\.raw\(/.test(text) ? [`${f} queries the database`] : []),
      ];
    });
    expect(offending).to.deep.equal([]);
  });

  it('reads no environment in route handlers, topic handlers and lib/ (configuration comes through the factories)', () => {
    const deep = files.filter((f) => /^(api\/routes|workers\/topics|lib)\//.test(f) && f !== 'lib/config.ts');
    // The one exception: the OCR tools are spawned with the process's own PATH (lib/ocr/run.ts).
    const code = (f: string) => readFileSync(path.join(root, f), 'utf8').replace(/^\s*\/\/.*$/gm, '').replace(/process\.env\.PATH\b/g, '');
    const reading = deep.filter((f) => /process\.env\b/.test(code(f)));
    expect(reading, 'configuration comes through the factory (lib/config.ts readRuntimeConfig, read in the entry files)').to.deep.equal([]);
  });
});

describe('architecture: one instance of every module under the test runner', () => {
  // The API finds each domain's routes, and the runner each domain's topics, by a dynamic import of
  // the domain's name. Under mocha with Node's require(esm), spec files were loaded as CommonJS
  // copies and a dynamic import made a second, ESM instance of every module (a ProblemError of one
  // was no instanceof the other's): .mocharc.json turns require(esm) off, as the real processes run.
  it('gives a dynamic import the same module a static import has', async () => {
    const { ProblemError } = await import('../../lib/problem.ts');
    const name = 'problem';
    const dynamic = (await import(`../../lib/${name}.ts`)) as { ProblemError: unknown };
    expect(dynamic.ProblemError).to.equal(ProblemError);
  });
});
