/** Counts repeated writer notes so the user reads "3 × masks written as their boxes", not 3 lines. */
export class NoteCounter {
  private readonly counts = new Map<string, number>();

  add(note: string): void {
    this.counts.set(note, (this.counts.get(note) ?? 0) + 1);
  }

  list(): string[] {
    return [...this.counts].map(([note, n]) => (n > 1 ? `${n} × ${note}` : note));
  }
}
