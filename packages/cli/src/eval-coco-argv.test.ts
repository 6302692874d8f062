/**
 * Issue 10 §4: main.ts runs a plain `assay eval coco …` line without commander (eval-coco-argv.ts).
 * Every line it reads must give the command exactly what commander gives it; every other line must be
 * left to commander (help, `--opt=value`, repeated or unknown options, a bad --iou-type, extra words).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evalCocoArgv } from './eval-coco-argv.js';
import { buildProgram } from './program.js';
import { withStdStreams } from './ui/std-streams.js';

/** What commander passes the eval command's action for `args`, or undefined when it stops (error, help). */
async function commanderParse(args: string[]): Promise<unknown> {
  const program = buildProgram();
  const command = program.commands.find((c) => c.name() === 'eval');
  assert.ok(command);
  let parsed: unknown;
  command.action((...actionArgs: unknown[]) => {
    parsed = {
      globals: program.opts(),
      options: command.opts(),
      positional: actionArgs.slice(0, -2),
    };
  });
  const quiet = { stdout: () => {}, stderr: () => {} };
  try {
    await withStdStreams(quiet, () => program.parseAsync(['node', 'assay', ...args]));
  } catch {
    return undefined;
  }
  return parsed;
}

const FILES = ['--gt', 'g.json', '--dt', 'd.json'];

/** Lines read without commander. */
const PLAIN: string[][] = [
  ['eval', 'coco', ...FILES],
  ['eval', 'coco', ...FILES, '--json'],
  ['--json', 'eval', 'coco', ...FILES],
  ['--debug', '--json', 'eval', 'coco', '--dt', 'd.json', '--gt', 'g.json'],
  ['eval', 'coco', ...FILES, '--iou-type', 'segm', '--iou', '0.75', '--json'],
  ['eval', 'coco', '--iou-type', 'keypoints', ...FILES, '--no-use-cats'],
  ['eval', 'coco', ...FILES, '--use-cats', '--debug'],
  ['eval', 'coco', ...FILES, '--iou', 'x'],
  ['eval', 'coco', '--gt', '', '--dt', 'eval'],
  ['eval', 'coco', '--gt', 'g.json'],
  ['eval', 'coco'],
];

/** Lines left to commander. */
const OTHERS: string[][] = [
  ['eval', 'coco', ...FILES, '--help'],
  ['eval', 'coco', '--gt=g.json', '--dt', 'd.json'],
  ['eval', 'coco', ...FILES, '--gt', 'h.json'],
  ['eval', 'coco', ...FILES, '--json', '--json'],
  ['eval', 'coco', ...FILES, '--use-cats', '--no-use-cats'],
  ['eval', 'coco', ...FILES, '--iou-type', 'mask'],
  ['eval', 'coco', ...FILES, '--iou', '-1'],
  ['eval', 'coco', ...FILES, 'extra'],
  ['eval', 'coco', ...FILES, '--project', '.'],
  ['eval', 'coco', ...FILES, '--pred', 'prediction:m'],
  ['eval', 'coco', '--gt'],
  ['eval', 'coco', ...FILES, '--'],
  ['eval', 'kitti', 'a', 'b'],
  ['eval', ...FILES],
  ['--project', '.', 'eval', 'coco', ...FILES],
  ['coco', 'eval', ...FILES],
  [],
];

describe('issue 10 §4: eval coco without commander', () => {
  it('reads plain lines as commander does', async () => {
    for (const args of PLAIN) {
      const direct = evalCocoArgv(['node', 'assay', ...args]);
      assert.ok(direct, `not read: ${args.join(' ')}`);
      assert.deepEqual(direct, await commanderParse(args), args.join(' '));
    }
  });

  it('leaves every other line to commander', () => {
    for (const args of OTHERS)
      assert.equal(evalCocoArgv(['node', 'assay', ...args]), undefined, args.join(' '));
  });
});
