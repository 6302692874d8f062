/** Counts repeated writer notes so the user reads "3 × masks written as their boxes", not 3 lines. */
export class NoteCounter {
  private readonly counts = new Map<string, number>();
  private readonly examples = new Map<string, string[]>();

  add(note: string): void {
    this.counts.set(note, (this.counts.get(note) ?? 0) + 1);
  }

  /** A note about one item, counted with the others of its kind; the first three items are named. */
  addExample(note: string, example: string): void {
    this.add(note);
    const examples = this.examples.get(note) ?? [];
    if (examples.length < 3) examples.push(example);
    this.examples.set(note, examples);
  }

  list(): string[] {
    return [...this.counts].map(([note, n]) => {
      const examples = this.examples.get(note);
      const text = examples ? `${note} (e.g. ${examples.join(', ')})` : note;
      return n > 1 ? `${n} × ${text}` : text;
    });
  }
}
