/** Fan-out of `change` numbers to the open event streams; `close` ends them all (server shutdown). */
export class ChangeHub {
  private listeners = new Set<(change: number) => void>();
  private closers = new Set<() => void>();

  subscribe(listener: (change: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onClose(fn: () => void): void {
    this.closers.add(fn);
  }

  publish(change: number): void {
    for (const l of this.listeners) l(change);
  }

  close(): void {
    for (const fn of this.closers) fn();
    this.closers.clear();
    this.listeners.clear();
  }
}
