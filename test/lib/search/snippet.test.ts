import { expect } from 'chai';
import { escapeHtml, headlineOptions, MARK_START, MARK_STOP, markedToHtml } from '../../../lib/search/index.ts';

describe('search snippets', () => {
  it('escapes the text and marks only what the database marked', () => {
    const marked = `Лист <script>alert("x")</script> про ${MARK_START}ремонт${MARK_STOP} & ${MARK_START}ліфти${MARK_STOP}`;
    expect(markedToHtml(marked)).to.equal('Лист &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; про <mark>ремонт</mark> &amp; <mark>ліфти</mark>');
  });

  it('repairs unbalanced markers and blanks other control characters', () => {
    expect(markedToHtml(`${MARK_STOP}a${MARK_START}b`)).to.equal('a<mark>b</mark>');
    expect(markedToHtml(`a\u0000b\u0007c\nd`)).to.equal('a b c\nd');
  });

  it('escapes every character with a meaning in HTML', () => {
    expect(escapeHtml(`<a href='x'>&"</a>`)).to.equal('&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;');
  });

  it('gives ts_headline our markers', () => {
    const options = headlineOptions({ maxWords: 20, minWords: 8, maxFragments: 2 });
    expect(options).to.include(`StartSel=${MARK_START}`).and.include(`StopSel=${MARK_STOP}`).and.include('MaxFragments=2');
  });
});
