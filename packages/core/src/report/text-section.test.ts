import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeTextStats } from '../stats/text-stats.js';
import { textSection } from './text-section.js';

describe('textSection', () => {
  it('draws lengths, languages, scripts, labels, span types and text issues; names are escaped', () => {
    const stats = computeTextStats([
      { text: 'one two three', language: 'en', script: 'Latin' },
      { text: 'vier fünf', detectedLanguage: 'de', script: 'Latin' },
      { text: '경찰은 또', script: 'Hangul' },
    ]);
    assert.deepEqual(stats.languages, { en: 1, de: 1, unknown: 1 });
    const html = textSection({
      stats,
      labels: [['<b>bold</b>', 2]],
      spanTypes: [['PER', 3]],
      issues: [['encoding_damage', 1]],
    });
    assert.match(html, /<section id="text"><h2>Text<\/h2>/);
    assert.match(html, /3 text samples\./);
    for (const part of [
      'Characters per text',
      'Tokens per text',
      'Texts per language',
      'Texts per script',
      'Span types',
      'encoding_damage',
    ])
      assert.ok(html.includes(part), part);
    assert.ok(!html.includes('<b>bold</b>'), 'a label name became markup');
    assert.ok(html.includes('&lt;b&gt;bold&lt;/b&gt;'));
    assert.match(textSection({ stats, labels: [], spanTypes: [], issues: [] }), /No open text issues/);
  });
});
