/**
 * libvips keeps one error buffer for the whole process, and sharp hands a failed operation whatever that
 * buffer holds: with several decodes in flight (the scan's lanes, a model run's batch), a truncated JPEG
 * was reported with another file's words ("heif: … HEVC … not built in", "source: bad seek"), or with none
 * ("the decoder failed without saying why"). Decodes run shared; the run that asks a failed decode for its
 * reason runs alone, once the others have finished, so the words are its own. Failures are rare, so
 * waiting for them costs little.
 */

let active = 0;
/** Set while a run alone waits for, or holds, the gate: shared runs wait for it. */
let alone: Promise<void> | undefined;
/** Runs alone, one after another. */
let queue: Promise<void> = Promise.resolve();
let drained: (() => void) | undefined;

/** Runs `fn` (a sharp call) alongside others, unless a run alone holds the gate. */
export async function sharpShared<T>(fn: () => Promise<T>): Promise<T> {
  while (alone) await alone;
  active++;
  try {
    return await fn();
  } finally {
    active--;
    if (active === 0) drained?.();
  }
}

/** Runs `fn` (a sharp call whose error words are wanted) with no other gated sharp call in flight. */
export async function sharpAlone<T>(fn: () => Promise<T>): Promise<T> {
  const before = queue;
  let release = (): void => undefined;
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  queue = before.then(() => mine);
  await before;
  alone = mine;
  if (active > 0) await new Promise<void>((resolve) => (drained = resolve));
  drained = undefined;
  try {
    return await fn();
  } finally {
    alone = undefined;
    release();
  }
}

/** Runs `fn` shared; when it throws, runs it again alone: its result, or its error in its own words. */
export async function sharpOwnError<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await sharpShared(fn);
  } catch {
    return sharpAlone(fn);
  }
}
