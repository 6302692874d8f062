import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { licenceSummary } from './licence-summary.js';
import { licenceTerms } from './licence-terms.js';

describe('licenceTerms', () => {
  it('reads the eight licences COCO 2014/2017 files list (names and URLs as in instances_val2014.json)', () => {
    // Creative Commons: NC forbids commercial use; BY, BY-SA and BY-ND (NoDerivs) allow it.
    const coco: [string, string, string][] = [
      [
        'Attribution-NonCommercial-ShareAlike License',
        'http://creativecommons.org/licenses/by-nc-sa/2.0/',
        'forbidden',
      ],
      ['Attribution-NonCommercial License', 'http://creativecommons.org/licenses/by-nc/2.0/', 'forbidden'],
      [
        'Attribution-NonCommercial-NoDerivs License',
        'http://creativecommons.org/licenses/by-nc-nd/2.0/',
        'forbidden',
      ],
      ['Attribution License', 'http://creativecommons.org/licenses/by/2.0/', 'allowed'],
      ['Attribution-ShareAlike License', 'http://creativecommons.org/licenses/by-sa/2.0/', 'allowed'],
      ['Attribution-NoDerivs License', 'http://creativecommons.org/licenses/by-nd/2.0/', 'allowed'],
      ['No known copyright restrictions', 'http://flickr.com/commons/usage/', 'allowed'],
      ['United States Government Work', 'http://www.usa.gov/copyright.shtml', 'allowed'],
    ];
    for (const [name, url, expected] of coco)
      assert.equal(licenceTerms(name, url).commercial, expected, name);
  });

  it('reads short names, research-only terms and Korean terms; unknown otherwise', () => {
    assert.equal(licenceTerms('CC BY-NC 4.0').commercial, 'forbidden');
    assert.equal(licenceTerms('CC-BY-NC-SA-4.0').commercial, 'forbidden');
    assert.equal(licenceTerms('For research purposes only').commercial, 'forbidden');
    assert.equal(licenceTerms('비영리 목적 이용').commercial, 'forbidden');
    assert.equal(licenceTerms('CC BY 4.0').commercial, 'allowed');
    assert.equal(licenceTerms('CC0-1.0').commercial, 'allowed');
    assert.equal(licenceTerms('Apache-2.0').commercial, 'allowed');
    assert.equal(licenceTerms('in-house, all rights reserved').commercial, 'unknown');
  });
});

describe('licenceSummary', () => {
  it('counts samples per licence with sources, and warns when NC is mixed with others', () => {
    const nc = { licence: 'CC BY-NC 4.0', source: 'flickr', origin: 'rule' };
    const by = { licence: 'CC BY 4.0', source: 'wikimedia', origin: 'csv' };
    const s = licenceSummary([nc, nc, by, undefined, { ...by, source: 'own' }, { ...by, source: 'own' }]);
    assert.deepEqual(
      s.licences.map((l) => [l.licence, l.samples, l.commercial, l.sources]),
      [
        ['CC BY 4.0', 3, 'allowed', ['own', 'wikimedia']],
        ['CC BY-NC 4.0', 2, 'forbidden', ['flickr']],
        ['unknown', 1, 'unknown', []],
      ],
    );
    assert.equal(s.without_licence, 1);
    assert.match(
      s.warning ?? '',
      /^2 of 6 samples are under licences that forbid commercial use \(CC BY-NC 4\.0\)/,
    );
    assert.equal(licenceSummary([nc, nc]).warning, undefined, 'all NC: nothing mixed');
    assert.equal(licenceSummary([by, undefined]).warning, undefined);
  });
});
