// Every text the portal marks for translation has its English words: a missing key would leave a
// Ukrainian phrase on an English page without anyone noticing. Reads the files; needs no browser.
import { expect } from 'chai';
import { readdir, readFile } from 'node:fs/promises';

const portal = new URL('../../portal/', import.meta.url);

describe('portal texts', () => {
  it('have an English translation for every data-i18n key and msg() key, and no unused ones', async () => {
    const files = await readdir(portal);
    const strings = await readFile(new URL('strings.js', portal), 'utf8');
    const english = new Set([...strings.matchAll(/^\s*'([^']+)':/gm)].map((m) => m[1]!));
    const used = new Set<string>();
    for (const file of files.filter((f) => f.endsWith('.html') || f.endsWith('.js'))) {
      const text = await readFile(new URL(file, portal), 'utf8');
      for (const m of text.matchAll(/data-i18n(?:-label)?=["']([^"']+)["']/g)) used.add(m[1]!);
      for (const m of text.matchAll(/'data-i18n': '([^']+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/msg\('[^']*', '([^']+)'\)/g)) used.add(m[1]!);
    }
    expect([...used].filter((key) => !english.has(key)), 'keys without English').to.deep.equal([]);
    expect([...english].filter((key) => !used.has(key)), 'English nobody uses').to.deep.equal([]);
  });
});
