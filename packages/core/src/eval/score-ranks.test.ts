import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testScenes, tiedImages } from './_scenes-test-kit.js';
import { scoreOrder } from './coco/score-order.js';
import { rankOrder, scoreRanks } from './score-ranks.js';
import { tideErrors } from './tide.js';

describe('scoreRanks and rankOrder', () => {
  it('order positions as scoreOrder does (ties in position order, -0 equal to 0)', () => {
    const score = Float64Array.from([0.5, -0, 0.25, 0.5, 0, 0.75, 0.25, -0, 0.5]);
    const ranks = scoreRanks(score, scoreOrder(score));
    assert.ok(ranks);
    assert.equal(ranks.count, 4);
    const key = Float64Array.from(ranks.rank, (r) => -r);
    assert.deepEqual(
      Array.from(rankOrder([{ key, n: key.length }], ranks.count)),
      Array.from(scoreOrder(score)),
    );
    // Two lists: the first's before the second's at equal ranks.
    const a = key.subarray(0, 4);
    const b = key.slice(4);
    const both = Float64Array.from([...a, ...b]);
    assert.deepEqual(
      Array.from(
        rankOrder(
          [
            { key: a, n: 4 },
            { key: b, n: b.length },
          ],
          ranks.count,
        ),
      ),
      Array.from(scoreOrder(both)),
    );
    assert.equal(scoreRanks(Float64Array.of(1, Number.NaN), Int32Array.of(0, 1)), undefined);
  });

  it('give TIDE the same result as ranking its points by score', () => {
    const scenes = testScenes(tiedImages(300), 3);
    const ranks = scoreRanks(scenes.dtScore, scoreOrder(scenes.dtScore));
    assert.ok(ranks);
    const byScore = tideErrors(scenes);
    const byRank = tideErrors(scenes, { ranks });
    assert.ok(byScore.ap > 0.1 && byScore.ap < 0.9, `ap ${byScore.ap}`);
    for (const key of ['ap', 'dap', 'special', 'counts'] as const)
      assert.deepEqual(byRank[key], byScore[key], key);
    assert.deepEqual(byRank.dtError, byScore.dtError);
    assert.deepEqual(byRank.gtError, byScore.gtError);
  });
});
