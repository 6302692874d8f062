import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MOVING_MAX, MOVING_MIN, MOVING_START, MovingBudget } from './moving-budget.js';

describe('MovingBudget', () => {
  it('halves after a redraw over budget and grows back by a quarter after each on time, within bounds', () => {
    const budget = new MovingBudget();
    assert.equal(budget.points, MOVING_START);
    budget.took(50); // over two frames: half
    assert.equal(budget.points, MOVING_START / 2);
    budget.took(20); // within: a quarter more
    assert.equal(budget.points, (MOVING_START / 2) * 1.25);
    for (let k = 0; k < 10; k++) budget.took(200);
    assert.equal(budget.points, MOVING_MIN);
    for (let k = 0; k < 30; k++) budget.took(16);
    assert.equal(budget.points, MOVING_MAX);
    budget.took(33); // exactly the target is on time
    assert.equal(budget.points, MOVING_MAX);
  });
});
