/** "1 image", "3 images", "1 category", "2 categories": a count and the word in the right number. */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
