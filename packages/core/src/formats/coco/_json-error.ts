/**
 * Finds where JSON text stops being valid, for error messages: V8's JSON.parse messages do not always
 * say where ("Unexpected token 'N', ... is not valid JSON"). Runs only after JSON.parse has failed.
 */
export interface JsonErrorSite {
  /** 0-based character offset, 1-based line and column. */
  offset: number;
  line: number;
  column: number;
  reason: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_-]+/y;

class Stop {
  constructor(
    readonly at: number,
    readonly reason: string,
  ) {}
}

class Scanner {
  i = 0;
  constructor(readonly text: string) {}

  fail(reason: string): never {
    throw new Stop(this.i, this.i >= this.text.length ? 'the file ends early (truncated?)' : reason);
  }

  ws(): void {
    const t = this.text;
    while (this.i < t.length) {
      const c = t.charCodeAt(this.i);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return;
      this.i++;
    }
  }

  expect(char: string, what: string): void {
    this.ws();
    if (this.text[this.i] !== char) this.fail(`expected ${what}`);
    this.i++;
  }

  value(): void {
    this.ws();
    const c = this.text[this.i];
    if (c === '{') this.object();
    else if (c === '[') this.array();
    else if (c === '"') this.string();
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) this.number();
    else this.word();
  }

  object(): void {
    this.i++;
    this.ws();
    if (this.text[this.i] === '}') {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      if (this.text[this.i] !== '"') this.fail('expected a quoted key');
      this.string();
      this.expect(':', "':' after a key");
      this.value();
      this.ws();
      const next = this.text[this.i];
      if (next !== ',' && next !== '}') this.fail("expected ',' or '}'");
      this.i++;
      if (next === '}') return;
    }
  }

  array(): void {
    this.i++;
    this.ws();
    if (this.text[this.i] === ']') {
      this.i++;
      return;
    }
    for (;;) {
      this.value();
      this.ws();
      const next = this.text[this.i];
      if (next !== ',' && next !== ']') this.fail("expected ',' or ']'");
      this.i++;
      if (next === ']') return;
    }
  }

  string(): void {
    const t = this.text;
    this.i++;
    while (this.i < t.length) {
      const c = t.charCodeAt(this.i);
      if (c === 34) {
        this.i++;
        return;
      }
      if (c < 32) this.fail('control character inside a string');
      this.i += c === 92 ? 2 : 1;
    }
    this.fail('unterminated string');
  }

  number(): void {
    if (this.text.startsWith('-Infinity', this.i)) this.fail('-Infinity is not valid JSON');
    NUMBER.lastIndex = this.i;
    if (!NUMBER.test(this.text)) this.fail('malformed number');
    this.i = NUMBER.lastIndex;
  }

  word(): void {
    WORD.lastIndex = this.i;
    const m = WORD.exec(this.text)?.[0];
    if (m === 'true' || m === 'false' || m === 'null') {
      this.i += m.length;
      return;
    }
    if (m === 'NaN' || m === 'Infinity') this.fail(`${m} is not valid JSON`);
    this.fail(`unexpected ${m ? `word "${m.slice(0, 20)}"` : `character "${this.text[this.i]}"`}`);
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Where `text` is not valid JSON, or undefined when it is (or is too deeply nested to scan). */
export function findJsonError(text: string): JsonErrorSite | undefined {
  const scanner = new Scanner(text);
  try {
    scanner.value();
    scanner.ws();
    if (scanner.i < text.length) scanner.fail('unexpected content after the end of the JSON value');
    return undefined;
  } catch (error) {
    if (!(error instanceof Stop)) return undefined;
    return { offset: error.at, ...lineColumn(text, error.at), reason: error.reason };
  }
}
