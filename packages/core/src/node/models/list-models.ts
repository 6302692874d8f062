import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BUNDLED_MODELS } from '../../models/bundled-models.js';
import { bundledModelPath, bundledPackageVersion } from './bundled-detectors.js';

/** One bundled model as `assay models` lists it. */
export interface ListedModel {
  name: string;
  task: string;
  description: string;
  /** Bytes of its files on disk (model.json and weights), or null when the package is missing. */
  bytes: number | null;
  classes: readonly string[];
  keypoints?: readonly string[];
  package: string;
  package_version: string | null;
  file: string;
  source: string;
  package_licence: string;
  upstream_licence: string;
  notes: string;
  /** What `assay predict --model NAME` does with it (face models serve `assay privacy --images`). */
  used_by: string;
}

/** The bundled models with their size on disk, classes, source and licences. */
export function listModels(): ListedModel[] {
  return BUNDLED_MODELS.map((m) => {
    let bytes: number | null = null;
    let version: string | null = null;
    try {
      const file = bundledModelPath(m);
      bytes = statSync(file).size;
      if (file.endsWith('.json')) {
        const manifest = JSON.parse(readFileSync(file, 'utf8')) as { weightsManifest: { paths: string[] }[] };
        for (const p of manifest.weightsManifest.flatMap((g) => g.paths))
          bytes += statSync(join(dirname(file), p)).size;
      }
      version = bundledPackageVersion(m);
    } catch {
      bytes = null;
    }
    return {
      name: m.name,
      task: m.task,
      description: m.description,
      bytes,
      classes: m.classes,
      ...(m.keypoints ? { keypoints: m.keypoints } : {}),
      package: m.package,
      package_version: version,
      file: m.file,
      source: m.source,
      package_licence: m.packageLicence,
      upstream_licence: m.upstreamLicence,
      notes: m.notes,
      used_by:
        m.task === 'face' || m.task === 'text' ? 'assay privacy --images' : `assay predict --model ${m.name}`,
    };
  });
}
