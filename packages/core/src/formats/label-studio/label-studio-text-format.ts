import { defineFormat } from '../define-format.js';
import { labelStudioKind } from './label-studio-detect.js';

/**
 * Label Studio text tasks (JSON and JSON-MIN exports of a project with a `<Text>` object): `labels`
 * results are spans (character offsets, UTF-16 as Label Studio counts; Python's code point offsets
 * are recognised by the quoted text and converted), `choices` are class labels; several annotators →
 * `annotator:*` sources (the image reader's PickRule: --pick, --as), predictions →
 * `prediction:<model_version>` with result scores. Written back with each task's key, split and
 * language in its `meta`, so a round trip keeps them.
 */
export const labelStudioText = defineFormat({
  id: 'label-studio-text',
  title: 'Label Studio JSON (text tasks)',
  tasks: ['classification', 'span'],
  capabilities: {
    roundTrip: ['classification', 'span'],
    keepsClassIds: false,
    needsImages: false,
    scores: true,
  },
  readOptions: ['pick', 'key-prefix'],
  async detect(path, io) {
    const found = await labelStudioKind(path, io);
    return found?.kind === 'text' ? found.detection : undefined;
  },
  read: async (input) => (await import('./label-studio-text-read.js')).readLabelStudioText(input),
  write: async (input) => (await import('./label-studio-text-write.js')).writeLabelStudioText(input),
});
