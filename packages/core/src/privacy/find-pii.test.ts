import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { foreignerCheckDigit, luhnValid, rrnCheckDigit } from './check-digits.js';
import { findPii } from './find-pii.js';

const kinds = (text: string) => findPii(text).map((m) => `${m.kind}:${text.slice(m.start, m.end)}`);

describe('check digits', () => {
  it('Luhn on the card networks’ published test numbers, and one digit off', () => {
    // Test card numbers as Stripe's and PayPal's developer docs list them (Visa, Mastercard 5- and
    // 2-series, Amex, Discover, JCB, Diners, UnionPay); each satisfies ISO/IEC 7812-1 Annex B.
    for (const n of [
      '4111111111111111',
      '4012888888881881',
      '5555555555554444',
      '2223003122003222',
      '378282246310005',
      '6011111111111117',
      '3530111333300000',
      '30569309025904',
      '6200000000000005',
    ])
      assert.equal(luhnValid(n), true, n);
    for (const n of ['4111111111111112', '5555555555554443', '378282246310006', '1234567812345678'])
      assert.equal(luhnValid(n), false, n);
  });

  it('resident registration number check digit, worked by hand', () => {
    // 900101-123456?: 9·2+0·3+0·4+1·5+0·6+1·7+1·8+2·9+3·2+4·3+5·4+6·5 = 124; 124 mod 11 = 3;
    // (11 − 3) mod 10 = 8.
    assert.equal(rrnCheckDigit('900101123456'), 8);
    // 000229-312345?: weighted sum 172, 172 mod 11 = 7, (11 − 7) mod 10 = 4.
    assert.equal(rrnCheckDigit('000229312345'), 4);
    // Foreigner 881212-567890?: weighted sum 242, 242 mod 11 = 0, (13 − 0) mod 10 = 3.
    assert.equal(foreignerCheckDigit('881212567890'), 3);
  });
});

describe('findPii', () => {
  it('resident registration numbers: check digit, real dates, the post-2020 numbers as warnings', () => {
    const valid = findPii('주민번호 900101-1234568 입니다');
    assert.equal(valid.length, 1);
    assert.equal(valid[0]!.kind, 'rrn');
    assert.equal(valid[0]!.severity, 'error');
    assert.equal(valid[0]!.masked, '******-*******');
    assert.deepEqual([valid[0]!.start, valid[0]!.end], [5, 19]);
    // Without the hyphen only a holding check digit counts.
    assert.deepEqual(kinds('id 9001011234568.'), ['rrn:9001011234568']);
    assert.deepEqual(kinds('id 9001011234567.'), []);
    // Hyphenated, real date, check digit off: a number issued since October 2020 (random digits) → warning.
    const post2020 = findPii('211005-4123459');
    assert.equal(post2020.length, 1);
    assert.equal(post2020[0]!.severity, 'warning');
    assert.match(post2020[0]!.note, /October 2020/);
    // Leap day: 2000-02-29 is real (gender digit 3 → 2000s), 2002-02-29 is not; month 13 is not.
    assert.deepEqual(kinds('000229-3123454'), ['rrn:000229-3123454']);
    assert.deepEqual(kinds('020229-4123451'), []);
    assert.deepEqual(kinds('901301-1234568'), []);
    // A date in the future (2099, gender digit 3) is no birth date.
    assert.deepEqual(kinds('990101-3123458'), []);
    // Foreigner registration number: its own check digit.
    assert.equal(findPii('881212-5678903')[0]?.severity, 'error');
    assert.equal(findPii('881212-5678901')[0]?.severity, 'warning');
    // Longer digit runs are not numbers of this kind.
    assert.deepEqual(kinds('19001011234568'), []);
  });

  it('card numbers: Luhn and an issuer prefix; grouped with spaces or hyphens', () => {
    assert.deepEqual(kinds('paid with 4111 1111 1111 1111 today'), ['card:4111 1111 1111 1111']);
    assert.deepEqual(kinds('5555-5555-5555-4444'), ['card:5555-5555-5555-4444']);
    assert.deepEqual(kinds('amex 378282246310005'), ['card:378282246310005']);
    assert.equal(findPii('4111 1111 1111 1111')[0]!.masked, '**** **** **** 1111');
    // Luhn fails, or no card issuer starts with 1 (Luhn holds for 1234567812345670).
    assert.deepEqual(kinds('4111 1111 1111 1112'), []);
    assert.deepEqual(kinds('1234567812345670'), []);
    // COCO file names (12 digits) and timestamps are not cards.
    assert.deepEqual(kinds('000000397133.jpg'), []);
    assert.deepEqual(kinds('20201005123456'), []);
  });

  it('phone numbers: Korean mobile and landline, +82, international', () => {
    assert.deepEqual(kinds('연락처 010-1234-5678'), ['phone:010-1234-5678']);
    assert.deepEqual(kinds('01012345678'), ['phone:01012345678']);
    assert.deepEqual(kinds('call 011 234 5678'), ['phone:011 234 5678']);
    assert.deepEqual(kinds('+82 10-1234-5678'), ['phone:+82 10-1234-5678']);
    assert.deepEqual(kinds('+821012345678'), ['phone:+821012345678']);
    assert.deepEqual(kinds('서울 02-123-4567'), ['phone:02-123-4567']);
    assert.deepEqual(kinds('(031) 123-4567'), ['phone:(031) 123-4567']);
    assert.deepEqual(kinds('+82 2 123 4567'), ['phone:+82 2 123 4567']);
    assert.deepEqual(kinds('+1 (415) 555-2671'), ['phone:+1 (415) 555-2671']);
    assert.deepEqual(kinds('+44 20 7946 0958'), ['phone:+44 20 7946 0958']);
    assert.equal(findPii('010-1234-5678')[0]!.masked, '***-****-**78');
    // Not phone numbers: a 010 inside a longer digit run, a bare 10-digit area-code run, a short "+12".
    assert.deepEqual(kinds('img_2010123456789.jpg'), []);
    assert.deepEqual(kinds('0212345678'), []);
    assert.deepEqual(kinds('+12 34'), []);
  });

  it('e-mail addresses, but not retina file names', () => {
    assert.deepEqual(kinds('by jane.doe+cv@example.co.kr.'), ['email:jane.doe+cv@example.co.kr']);
    assert.equal(findPii('jane@example.com')[0]!.masked, 'j***@***.com');
    assert.deepEqual(kinds('icon@2x.png'), []);
    assert.deepEqual(kinds('user@localhost'), []);
  });

  it('passport numbers: Korean formats and after the word', () => {
    assert.deepEqual(kinds('M12345678'), ['passport:M12345678']);
    assert.deepEqual(kinds('M123A4567'), ['passport:M123A4567']);
    assert.deepEqual(kinds('Passport No: 533380006'), ['passport:533380006']);
    assert.deepEqual(kinds('여권번호 AB1234567'), ['passport:AB1234567']);
    assert.equal(findPii('M12345678')[0]!.masked, 'M********');
    assert.deepEqual(kinds('XM12345678'), []);
    assert.deepEqual(kinds('passport photo'), []);
  });

  it('several kinds in one string, in text order, non-overlapping', () => {
    const text = 'Kim, kim@corp.kr, 010-9876-5432, 900101-1234568, card 4012888888881881';
    assert.deepEqual(
      findPii(text).map((m) => m.kind),
      ['email', 'phone', 'rrn', 'card'],
    );
    for (const m of findPii(text)) assert.ok(!m.masked.includes(text.slice(m.start, m.end)));
  });
});
