/**
 * Seeded JSON texts for the byte readers' tests: random values (numbers, strings with escapes and control
 * characters, literals, nested arrays and objects), some with one to two marks inserted or characters
 * dropped, so that about half are no longer JSON. The same seed gives the same texts.
 */
export function* mutatedJsonTexts(count: number, seed = 7): Generator<string> {
  let s = seed;
  const rand = (n: number) => {
    s = (s * 16807) % 2147483647;
    return s % n;
  };
  const value = (depth: number): unknown => {
    const kind = rand(depth > 3 ? 4 : 6);
    if (kind === 0) return (rand(2000) - 1000) / 7;
    if (kind === 1) return ['a', 'é"\\', '\n\u0001', ''][rand(4)];
    if (kind === 2) return [true, false, null][rand(3)];
    if (kind === 3) return rand(100) * 1e300;
    if (kind === 4) return Array.from({ length: rand(4) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: rand(4) }, (_, i) => [`k${i}\t`, value(depth + 1)]));
  };
  const marks = ' ,:[]{}"\\e.-0x';
  for (let i = 0; i < count; i++) {
    let text = JSON.stringify(value(0), null, rand(2) ? 1 : undefined);
    for (let m = rand(3); m > 0; m--) {
      const at = rand(text.length + 1);
      text = rand(2)
        ? text.slice(0, at) + marks[rand(marks.length)] + text.slice(at)
        : text.slice(0, at) + text.slice(at + 1);
    }
    yield text;
  }
}
