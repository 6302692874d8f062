import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { CheckIssue } from '../check-types.js';
import { encodingDamage } from './encoding-damage.js';
import { type LanguageDetector, loadEldDetector } from './language-detector.js';
import { textChecks } from './text-checks.js';
import { expectedLanguages, languageIssues } from './text-quality-checks.js';
import { dominantScript } from './text-script.js';

/** UTF-8 bytes of a text decoded as Windows-1252 (what a wrong `encoding=` does), built here, not typed in. */
function asCp1252(text: string): string {
  return new TextDecoder('windows-1252').decode(new TextEncoder().encode(text));
}

describe('encodingDamage', () => {
  it('finds mojibake made by decoding UTF-8 as Windows-1252 and repairs the piece', () => {
    const broken = asCp1252('Café déjà vu – it’s “fine”');
    const d = encodingDamage(broken);
    assert.equal(d?.kind, 'mojibake');
    assert.equal(d?.found, 'Ã©');
    assert.equal(d?.repaired, 'é');
    // é, é, à, –, ’, “, ” : seven damaged characters.
    assert.equal(d?.count, 7);
  });

  it('finds replacement and control characters; clean Latin-1, Korean and emoji texts pass', () => {
    assert.equal(
      encodingDamage(new TextDecoder().decode(new Uint8Array([0x61, 0xff, 0x62])))?.kind,
      'replacement_character',
    );
    assert.equal(encodingDamage('tab\tand\r\nnew line\u0007bell')?.kind, 'control_character');
    for (const ok of [
      'À la française, señor Müller',
      'Ã is a letter in Portuguese: São Paulo',
      '경찰은 박씨를',
      'ok 🛫 «quoted»',
    ])
      assert.equal(encodingDamage(ok), undefined, ok);
  });
});

describe('dominantScript', () => {
  it('names the script most letters use', () => {
    assert.equal(dominantScript('Hello world'), 'Latin');
    assert.equal(dominantScript('경찰은 또 성매매 알선 자금을'), 'Hangul');
    assert.equal(dominantScript('Привет, мир'), 'Cyrillic');
    assert.equal(dominantScript('東京へ行きます'), 'Japanese');
    assert.equal(dominantScript('12 + 3'), undefined);
  });
});

describe('languages', () => {
  let detect: LanguageDetector;
  before(async () => {
    detect = await loadEldDetector();
  });

  it('eld reads English, German, French and Korean sentences; too short a text is not judged', () => {
    assert.deepEqual(detect('How do I top up my card with a bank transfer?'), {
      language: 'en',
      reliable: true,
    });
    assert.equal(detect('Wo ist meine neue Karte geblieben, bitte?').language, 'de');
    assert.equal(detect('Je voudrais changer le code de ma carte bancaire').language, 'fr');
    assert.equal(detect('경찰은 또 성매매 알선 자금을 관리한 박씨').language, 'ko');
    assert.deepEqual(detect('hi there'), { reliable: false });
  });

  it('unexpected_language: outside the main detected languages, or other than stated', () => {
    const english = [
      'How do I top up my card with a bank transfer?',
      'Why was my card payment declined at the shop?',
      'I would like to change the PIN of my new card',
      'What are the fees for an international transfer?',
      'Can I get a refund for a payment I did not make?',
      'My card has not arrived yet, where is it now?',
      'How long does a transfer to another bank take?',
      'Please close my account and send me the balance',
      'Is there a limit on how much cash I can withdraw?',
      'Why is there an extra charge on my statement?',
    ];
    const samples = [
      ...english.map((text, i) => ({ id: i, key: `en${i}`, text, detected: detect(text) })),
      {
        id: 10,
        key: 'de',
        text: 'Warum wurde meine Zahlung mit der Karte abgelehnt?',
        detected: detect('Warum wurde meine Zahlung mit der Karte abgelehnt?'),
      },
      { id: 11, key: 'stated', text: english[0]!, language: 'fr-FR', detected: detect(english[0]!) },
    ];
    assert.deepEqual(expectedLanguages(samples.slice(0, 11), undefined), {
      languages: ['en'],
      from: 'detected',
    });
    const out: CheckIssue[] = [];
    languageIssues(samples, undefined, out);
    // Sample 11 states fr-FR: the stated languages (fr) become the expected ones, so every English text is
    // flagged too; given languages decide instead.
    const given: CheckIssue[] = [];
    languageIssues(samples, ['en'], given);
    assert.deepEqual(
      given.map((i) => [i.sampleId, i.details?.detected]),
      [
        [10, 'de'],
        [11, 'en'],
      ],
    );
    assert.match(given[1]!.reason, /stated as fr-FR, reads as en/);
    assert.equal(out.length, 12);
  });

  it('textChecks runs encoding_damage always and unexpected_language only with detections (skipped otherwise)', () => {
    const samples = [{ id: 1, key: 'a', text: asCp1252('naïve résumé') }];
    const result = textChecks(samples, []);
    assert.deepEqual(
      result.issues.map((i) => i.type),
      ['encoding_damage'],
    );
    assert.deepEqual(
      result.skipped.map((s) => s.check),
      ['unexpected_language'],
    );
  });
});

describe('singleAnnotatorClasses', () => {
  it('flags every span of a class only one of several annotators uses', async () => {
    const { singleAnnotatorClasses } = await import('./single-annotator-class.js');
    const row = (id: number, source: string, label: string) => ({
      id,
      sampleId: id,
      sampleKey: `s${id}`,
      source,
      label,
    });
    const out: CheckIssue[] = [];
    singleAnnotatorClasses(
      [
        row(1, 'annotator:a', 'PER'),
        row(2, 'annotator:b', 'PER'),
        row(3, 'annotator:b', 'PERSON'),
        row(4, 'annotator:b', 'PERSON'),
      ],
      out,
    );
    assert.deepEqual(
      out.map((i) => [i.annotationId, i.type]),
      [
        [3, 'single_annotator_class'],
        [4, 'single_annotator_class'],
      ],
    );
    const alone: CheckIssue[] = [];
    singleAnnotatorClasses([row(1, 'annotator:a', 'X')], alone);
    assert.deepEqual(alone, []);
  });
});
