/** A typed-array class (Int32Array, Uint16Array, ...) that can be made over a buffer. */
interface TypedArrayClass<T> {
  new (buffer: SharedArrayBuffer): T;
  readonly BYTES_PER_ELEMENT: number;
}

/**
 * A zeroed typed array on a SharedArrayBuffer: posted to a worker thread it is shared, not copied
 * (the facet index's columns, read by facet-count-worker.ts).
 */
export function sharedArray<T>(Class: TypedArrayClass<T>, length: number): T {
  return new Class(new SharedArrayBuffer(length * Class.BYTES_PER_ELEMENT));
}

/** sharedArray holding `values`. */
export function sharedArrayOf<T extends { set(values: ArrayLike<number>): void }>(
  Class: TypedArrayClass<T>,
  values: ArrayLike<number>,
): T {
  const out = sharedArray(Class, values.length);
  out.set(values);
  return out;
}
