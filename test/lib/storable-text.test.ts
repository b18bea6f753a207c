// Text the database cannot store, found anywhere in a parsed input and named like a schema error.
import { expect } from 'chai';
import { MAX_INPUT_DEPTH, printableName, storableTextErrors } from '../../lib/storable-text.ts';

const fields = (value: unknown, prefix?: string) => storableTextErrors(value, prefix).map((e) => e.field);

describe('storable text (lib/storable-text)', () => {
  it('passes text a person types, emoji (surrogate pairs) and other control characters included', () => {
    expect(storableTextErrors({ a: 'Київ, вул. Хрещатик', b: ['😀 ok', 'tab\there'], c: 1, d: null, e: true })).to.deep.equal([]);
    expect(storableTextErrors('line\r\nbreak')).to.deep.equal([]);
  });

  it('names every string with NUL or a lone surrogate, nested paths joined with dots as ajv does', () => {
    const input = { title: 'a\u0000b', nested: { list: ['ok', '\uD800'], low: 'x\uDC00' }, pair: '\uD83D\uDE00' };
    expect(fields(input)).to.deep.equal(['title', 'nested.list.1', 'nested.low']);
    expect(fields(input, 'metadata')).to.deep.equal(['metadata.title', 'metadata.nested.list.1', 'metadata.nested.low']);
    const [nul, surrogate] = storableTextErrors(input);
    expect(nul).to.deep.include({ message: 'must not contain the NUL character (U+0000)' });
    expect(surrogate!.message_uk).to.match(/сурогат/);
  });

  it('names a whole string input as (body) or by its prefix', () => {
    expect(fields('\u0000')).to.deep.equal(['(body)']);
    expect(fields('\uDBFF', 'request')).to.deep.equal(['request']);
  });

  it('refuses a property name carrying them, shown with U+FFFD in its place', () => {
    const [error] = storableTextErrors({ 'x\u0000y': 1 });
    expect(error).to.deep.include({ field: 'x\uFFFDy', message: 'its name must not contain the NUL character (U+0000)' });
    expect(printableName('a\uD800b\u0000')).to.equal('a\uFFFDb\uFFFD');
  });

  it(`refuses nesting deeper than ${MAX_INPUT_DEPTH} levels, naming the outer field, without recursing`, () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(fields({ title: deep })).to.deep.equal(['title']);
    expect(fields(deep, 'appeal')).to.deep.equal(['appeal']);
    let ok: unknown = 'x';
    for (let i = 0; i < MAX_INPUT_DEPTH - 1; i++) ok = [ok];
    expect(fields({ title: ok })).to.deep.equal([]);
  });

  it('stops after 20 errors', () => {
    expect(storableTextErrors(Array.from({ length: 1000 }, () => '\u0000'))).to.have.length(20);
  });
});
