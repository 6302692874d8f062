/** Runs `work` on every file with `concurrency` of them in flight, in order of the list. */
export async function lanes(
  files: readonly string[],
  concurrency: number,
  work: (file: string) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < files.length) await work(files[next++]!);
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}
