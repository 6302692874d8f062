import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findPii } from '../../privacy/find-pii.js';
import { sampleTextFields } from '../../privacy/text-fields.js';
import { maskMetadata } from './pii-masks.js';

describe('maskMetadata', () => {
  it('masks each metadata string at the path privacy named it by (text-fields.ts), leaves the rest', () => {
    const metadata = {
      caller: { phone: '010-2345-6789', name: 'Ann' },
      notes: ['none', 'mail jane.doe@example.com'],
      n: 3,
    };
    // The findings as `assay privacy` stores them: field path, span and masked form per finding.
    const fields = new Map<string, { start: number; end: number; masked: string }[]>();
    for (const f of sampleTextFields({ id: 1, key: 'k', metadata }))
      for (const m of findPii(f.value)) fields.set(f.field, [...(fields.get(f.field) ?? []), m]);
    assert.deepEqual([...fields.keys()], ['metadata.caller.phone', 'metadata.notes[1]']);
    assert.deepEqual(maskMetadata(fields, metadata), {
      caller: { phone: '***-****-**89', name: 'Ann' },
      notes: ['none', 'mail j***@***.com'],
      n: 3,
    });
    assert.equal(maskMetadata(new Map(), metadata), metadata);
  });
});
