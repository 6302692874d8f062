/** What a tile or the sample view says instead of an image it cannot show, by the scan's status of the file. */
const TEXTS: Record<string, { text: string; title: string }> = {
  missing: { text: 'image file missing', title: 'the file is not where the annotations say (assay scan)' },
  corrupt: { text: 'image file damaged', title: 'the file cannot be decoded (assay scan: corrupt_file)' },
  unreadable: {
    text: 'image file unreadable',
    title: 'the file cannot be read (permissions, or not a file)',
  },
  unsupported: {
    text: 'image format not supported',
    title: 'Assay cannot decode this format (assay scan: unsupported_format); convert it, e.g. to PNG',
  },
  too_large: { text: 'image too large to show', title: 'over the pixel limit (assay scan: too_large)' },
};

const UNKNOWN = { text: 'image missing or unreadable', title: 'the image is missing or cannot be read' };

export function placeholderText(problem: string | null | undefined): { text: string; title: string } {
  return (problem && TEXTS[problem]) || UNKNOWN;
}
