/** Collects records that fail one check: how many, and the first few as examples for the message. */
export class Offenders {
  count = 0;
  readonly examples: (string | number)[] = [];

  constructor(private readonly keep = 5) {}

  add(example: string | number): void {
    this.count++;
    if (this.examples.length < this.keep) this.examples.push(example);
  }

  /** "3 (e.g. 17, 18, 40)" or "12 (e.g. 1, 2, 3, 4, 5, ...)". */
  describe(): string {
    const more = this.count > this.examples.length ? ', ...' : '';
    return `${this.count} (e.g. ${this.examples.join(', ')}${more})`;
  }
}
