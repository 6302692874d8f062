import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { type LanguageDetector, loadEldDetector } from './language-detector.js';
import { type TextCheckSample, textChecks } from './text-checks.js';
import { expectedLanguages } from './text-quality-checks.js';

// Issue 17: "expected = ≥ 10 % of reliable detections" made a minority language a main one on small
// sets (1 English text among 9 Korean ones is 10 %). Now a main language also needs 5 texts, and the
// main languages must hold 80 % of the reliable detections, else no text is judged (and the check says why).
const KOREAN = [
  '오늘 아침에 카드 결제가 거절되었습니다',
  '계좌 이체가 아직 도착하지 않았어요',
  '새 카드의 비밀번호를 바꾸고 싶습니다',
  '해외 송금 수수료는 얼마인가요',
  '환불을 받으려면 어떻게 해야 하나요',
  '앱에 로그인할 수 없어서 답답합니다',
  '현금 인출 한도는 얼마나 되나요',
  '제 계좌에 모르는 결제 내역이 있어요',
  '카드를 잃어버렸는데 정지해 주세요',
  '환율이 어제보다 많이 올랐네요',
  '충전한 금액이 잔액에 보이지 않아요',
  '이체가 두 번 처리된 것 같습니다',
  '주소를 변경하려면 무엇이 필요한가요',
  '결제 대기 중인 금액은 언제 빠지나요',
  '가상 카드는 어디에서 만들 수 있나요',
  '계좌를 해지하고 잔액을 돌려받고 싶어요',
  '매장에서 카드가 인식되지 않았습니다',
  '수수료가 두 번 청구된 이유가 궁금합니다',
  '본인 확인 절차가 너무 오래 걸리는 것 같아요',
  '자동 충전 기능을 끄는 방법을 알려주세요',
];
const ENGLISH = [
  'Why was my card payment declined at the shop this morning?',
  'How long does a transfer to another bank usually take?',
  'I would like to change the PIN of my new card please',
];
const GERMAN = 'Warum wurde meine Zahlung mit der Karte im Geschäft abgelehnt?';

describe('unexpected_language default on small mixed sets (issue 17)', () => {
  let detect: LanguageDetector;
  before(async () => {
    detect = await loadEldDetector();
  });
  const samples = (texts: string[]): TextCheckSample[] =>
    texts.map((text, i) => ({ id: i + 1, key: `t${i + 1}`, text, detected: detect(text) }));
  const flagged = (texts: string[]) => {
    const result = textChecks(samples(texts), [], { only: new Set(['unexpected_language']) });
    return {
      keys: result.issues.map((i) => `${i.reason.split(':')[0]} ${i.details?.detected}`),
      skipped: result.skipped,
    };
  };

  it('the texts are read as written (eld, reliably)', () => {
    for (const t of KOREAN) assert.deepEqual(detect(t), { language: 'ko', reliable: true }, t);
    for (const t of ENGLISH) assert.deepEqual(detect(t), { language: 'en', reliable: true }, t);
    assert.deepEqual(detect(GERMAN), { language: 'de', reliable: true });
  });

  it('20 Korean + 2 English texts: Korean is the main language, both English texts are flagged', () => {
    const got = flagged([...KOREAN, ENGLISH[0]!, ENGLISH[1]!]);
    assert.deepEqual(got.keys, ['t21 en', 't22 en']);
    assert.deepEqual(got.skipped, []);
  });

  it('9 Korean + 1 English (10 %, a main language under the old rule): the English text is flagged', () => {
    assert.deepEqual(expectedLanguages(samples([...KOREAN.slice(0, 9), ENGLISH[0]!]), undefined).languages, [
      'ko',
    ]);
    assert.deepEqual(flagged([...KOREAN.slice(0, 9), ENGLISH[0]!]).keys, ['t10 en']);
  });

  it('5 texts of 3 languages: no clear main language, nothing flagged, and the check says why', () => {
    const got = flagged([KOREAN[0]!, KOREAN[1]!, ENGLISH[0]!, ENGLISH[1]!, GERMAN]);
    assert.deepEqual(got.keys, []);
    assert.equal(got.skipped.length, 1);
    assert.match(
      got.skipped[0]!.reason,
      /no clear main language among 5 .*\(en 2, ko 2, de 1\).*--languages/,
    );
  });

  it('a long tail: 6 Korean with 3 English and 3 German texts (main languages hold 50 %) is not judged', () => {
    const german = [
      GERMAN,
      'Wo ist meine neue Karte geblieben, sie ist noch nicht angekommen?',
      'Ich möchte mein Konto schließen und das Guthaben überweisen lassen',
    ];
    for (const t of german) assert.equal(detect(t).language, 'de', t);
    const got = flagged([...KOREAN.slice(0, 6), ...ENGLISH, ...german]);
    assert.deepEqual(got.keys, []);
    assert.equal(got.skipped.length, 1);
  });

  it('given languages still decide alone: 2 English among 3 Korean texts, expected en', () => {
    const result = textChecks(samples([...KOREAN.slice(0, 3), ENGLISH[0]!, ENGLISH[1]!]), [], {
      only: new Set(['unexpected_language']),
      languages: ['en'],
    });
    assert.deepEqual(
      result.issues.map((i) => i.sampleId),
      [1, 2, 3],
    );
  });
});
