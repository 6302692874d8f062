// A compact reporter for Node's test runner (scripts/test.mjs uses it; ASSAY_TEST_REPORTER=tap or spec
// gives Node's own). One character per test as they finish (. passed, F failed, s skipped, t todo), each
// failure in full once its file is done (the test's path, file and error), then Node's summary lines
// (`# tests N`, `# pass N`, `# fail N`, ...) and one plain line CI can read: `N passed, N failed, N skipped`.
import { relative } from 'node:path';
import { inspect } from 'node:util';

const WIDTH = 80;
const SUMMARY_KEYS = new Set([
  'tests',
  'suites',
  'pass',
  'fail',
  'cancelled',
  'skipped',
  'todo',
  'duration_ms',
]);

function where(file) {
  return file ? relative(process.cwd(), file.startsWith('file://') ? new URL(file).pathname : file) : '';
}

function errorText(error) {
  // Node wraps a test's own error as the cause of an ERR_TEST_FAILURE.
  const inner = error?.code === 'ERR_TEST_FAILURE' && error.cause !== undefined ? error.cause : error;
  if (inner instanceof Error) {
    const extra =
      'actual' in inner && 'expected' in inner && !inner.stack?.includes('+ actual')
        ? `\n  actual: ${inspect(inner.actual, { depth: 4 })}\n  expected: ${inspect(inner.expected, { depth: 4 })}`
        : '';
    // Frames inside Node's own test runner say nothing about the failure.
    const stack = (inner.stack ?? inner.message)
      .split('\n')
      .filter((line) => !/^\s+at .*\(node:/.test(line) && !/^\s+at async Promise\.all/.test(line))
      .join('\n');
    return `${stack}${extra}`;
  }
  return inspect(inner, { depth: 4 });
}

const indent = (text, pad) =>
  text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');

export default async function* compactReporter(source) {
  let column = 0;
  const names = new Map(); // file → names by nesting level
  const failures = [];
  const summary = [];
  const counts = { passed: 0, failed: 0, skipped: 0, todo: 0 };
  const mark = (c) => {
    column++;
    return column % WIDTH === 0 ? `${c}\n` : c;
  };
  for await (const event of source) {
    const { type, data } = event;
    if (type === 'test:start') {
      const list = names.get(data.file) ?? [];
      list[data.nesting] = data.name;
      list.length = data.nesting + 1;
      names.set(data.file, list);
    } else if (type === 'test:pass' || type === 'test:fail') {
      const isSuite = data.details?.type === 'suite';
      const failedChildren = data.details?.error?.failureType === 'subtestsFailed';
      if (type === 'test:fail' && !failedChildren) {
        const path = [...(names.get(data.file) ?? []).slice(0, data.nesting), data.name].join(' › ');
        failures.push({ path, file: where(data.file), error: errorText(data.details?.error) });
        counts.failed++;
        yield mark('F');
      } else if (!isSuite && type === 'test:pass') {
        if (data.skip !== undefined) {
          counts.skipped++;
          yield mark('s');
        } else if (data.todo !== undefined) {
          counts.todo++;
          yield mark('t');
        } else {
          counts.passed++;
          yield mark('.');
        }
      }
    } else if (type === 'test:diagnostic') {
      const [key, value] = String(data.message).split(' ');
      if (data.nesting === 0 && SUMMARY_KEYS.has(key) && value !== undefined)
        summary.push(`# ${key} ${value}`);
      else summary.push(`# ${where(data.file)}: ${data.message}`);
    }
  }
  if (column % WIDTH !== 0) yield '\n';
  for (const [i, f] of failures.entries()) {
    yield `\n✖ ${i + 1}) ${f.path}\n  ${f.file}\n${indent(f.error, '    ')}\n`;
  }
  yield `\n${summary.join('\n')}\n`;
  const skipped = counts.skipped + counts.todo;
  yield `${counts.passed} passed, ${counts.failed} failed, ${skipped} skipped\n`;
}
