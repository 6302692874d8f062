import type { ConformanceCase } from './conformance.js';

/**
 * The shared conformance cases a text format cannot run: each renders images and checks boxes, which
 * a text file cannot hold. Text formats run their own round trips (texts, labels, spans) in their tests.
 */
export const TEXT_FORMAT_SKIPS: Partial<Record<ConformanceCase, string>> = {
  round_trip: 'text format: the case writes image boxes; the text round trip is tested beside it',
  write_count: 'text format: the case counts boxes on images; text counts are tested beside it',
  empty_dataset: 'text format: the case has image samples, which a text file does not list',
  unicode_paths: 'text format: samples are texts, not image paths',
  missing_image: 'text format: no image files',
  class_id_mapping: 'text format: class ids are names in text files',
  coordinate_conventions: 'text format: no pixel coordinates',
  layout_keys: 'text format: no image layouts',
  edge_coordinates: 'text format: no pixel coordinates',
};
