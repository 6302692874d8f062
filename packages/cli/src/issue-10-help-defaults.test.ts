/**
 * Issue 10: help texts said a default twice (commander appends "(default: x)" when an option has a
 * default; the text said "(default)" again). Every option of every command mentions its default once.
 */
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { describe, it } from 'node:test';
import { runCli } from './test-kit/run-cli.js';

const COMMANDS = [
  'init',
  'import',
  'scan',
  'info',
  'export',
  'label-errors',
  'check',
  'issues',
  'stats',
  'report',
  'eval',
  'demo',
  'consensus',
  'agree',
];

/** Each option's text: its line and the wrapped lines below it. */
function optionBlocks(help: string): string[] {
  const blocks: string[] = [];
  for (const line of help.split('\n')) {
    if (/^ {2}-/.test(line)) blocks.push(line.trim());
    else if (/^ {4,}\S/.test(line) && blocks.length > 0) blocks[blocks.length - 1] += ` ${line.trim()}`;
  }
  return blocks;
}

describe('issue 10: help texts', () => {
  it('name each default once', async () => {
    const runs = await Promise.all(
      [[], ...COMMANDS.map((c) => [c])].map((c) => runCli([...c, '--help'], tmpdir())),
    );
    for (const [i, run] of runs.entries()) {
      assert.equal(run.code, 0, run.stderr);
      const blocks = optionBlocks(run.stdout);
      assert.ok(blocks.length > 0, `${COMMANDS[i - 1] ?? 'assay'}: options listed`);
      for (const block of blocks) {
        const defaults = block.match(/default/gi)?.length ?? 0;
        assert.ok(
          defaults <= 1,
          `${COMMANDS[i - 1] ?? 'assay'}: "${block}" says its default ${defaults} times`,
        );
      }
    }
  });
});
