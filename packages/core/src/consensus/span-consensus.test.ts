import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AnnotatorSpan, annotatorSpanQuality, sampleSpanConsensus } from './span-consensus.js';

const s = (annotator: string, label: string, start: number, end: number): AnnotatorSpan => ({
  annotator,
  label,
  start,
  end,
});

describe('span consensus', () => {
  it('keeps spans more than half the annotators marked; the rest are disputed, with who marked them', () => {
    const spans = [
      s('a', 'PER', 0, 3),
      s('b', 'PER', 0, 3),
      s('c', 'PER', 0, 3),
      s('a', 'LOC', 12, 17),
      s('b', 'LOC', 12, 17),
      s('c', 'ORG', 12, 17),
      s('c', 'PER', 25, 28),
    ];
    const r = sampleSpanConsensus(spans, ['a', 'b', 'c']);
    assert.deepEqual(
      r.spans.map((x) => [x.label, x.start, x.votes]),
      [
        ['PER', 0, 3],
        ['LOC', 12, 2],
      ],
    );
    assert.deepEqual(
      r.disputed.map((x) => [x.label, x.start, x.annotators]),
      [
        ['LOC', 12, ['a', 'b']],
        ['ORG', 12, ['c']],
        ['PER', 25, ['c']],
      ],
    );
    // 4 distinct spans, one unanimous.
    assert.equal(r.agreement, 0.25);
    // Two annotators split 1–1: no majority, nothing kept.
    assert.deepEqual(sampleSpanConsensus([s('a', 'X', 0, 1)], ['a', 'b']).spans, []);
    const q = annotatorSpanQuality([{ consensus: r, spans }]);
    assert.deepEqual(
      q.map((x) => [x.annotator, x.precision, x.recall]),
      [
        ['a', 1, 1],
        ['b', 1, 1],
        ['c', 1 / 3, 1 / 2],
      ],
    );
  });
});
