import type { SkippedObjects } from '../../eval/annotations-to-coco.js';
import { kittiEvaluationJson } from '../../eval/kitti/kitti-evaluation-json.js';
import type { EvalMatchRow, EvalSampleRow } from '../../store/project-store.js';
import type { Project } from '../project.js';
import { storeDb } from '../store/duckdb-store.js';
import { evaluateKittiProject } from './kitti-project.js';

export interface CuboidEvaluationOptions {
  /** 3D IoU of a per-object match for classes KITTI does not name (`--iou`). */
  iou?: number;
  signal?: AbortSignal;
  onStage?: (stage: string) => void;
}

/** What runEval stores of the cuboids: the summary, every cuboid's outcome, TP/FP/FN per sample. */
export interface CuboidEvaluationPart {
  summary: Record<string, unknown>;
  matches: EvalMatchRow[];
  samples: EvalSampleRow[];
  totals: { tp: number; fp: number; fn: number; ignored: number };
  skipped: SkippedObjects[];
}

/**
 * KITTI 2D/AOS, BEV and 3D evaluation of the two sources' cuboids when both have some, with every
 * cuboid's outcome (3D IoU matching per class, eval/kitti/cuboid-matches.ts) for eval_matches.
 */
export async function cuboidEvaluation(
  project: Project,
  gt: string,
  pred: string,
  options: CuboidEvaluationOptions,
): Promise<CuboidEvaluationPart | undefined> {
  const db = storeDb(project.store);
  const counts = await db.all<{ name: string; n: number }>(
    `SELECT src.name, count(*)::INTEGER AS n FROM annotations a JOIN sources src ON src.id = a.source_id
      WHERE a.kind = 'cuboid' AND src.name IN (?, ?) GROUP BY src.name`,
    [gt, pred],
  );
  if (counts.length < 2 && !(gt === pred && counts.length === 1)) return undefined;
  options.onStage?.('evaluating cuboids (KITTI 2D/AOS, BEV and 3D)');
  const e = await evaluateKittiProject(db, gt, pred, {
    ...(options.iou === undefined ? {} : { iou: options.iou }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const totals = { tp: 0, fp: 0, fn: 0, ignored: 0 };
  for (const r of e.samples) {
    totals.tp += r.tp;
    totals.fp += r.fp;
    totals.fn += r.fn;
  }
  return {
    summary: {
      ...kittiEvaluationJson(e),
      frames_without_camera: e.framesWithoutCamera,
      detections_with_2d_box: e.detectionsWith2d,
      ...(e.detectionsWith2d < e.detections
        ? {
            image_metric_off: `${e.detections - e.detectionsWith2d} of ${e.detections} detections have no 2D box of their own (KITTI imports pair one with each cuboid)`,
          }
        : {}),
      matching:
        '3D IoU per class (Car 0.7, Pedestrian and Cyclist 0.5, other classes --iou), highest score first',
      note: "KITTI object benchmark 2D and AOS (when every detection has its own 2D box, as KITTI imports pair them), BEV and 3D AP of cuboids per point-cloud sample; difficulty from each cuboid's truncated/occluded attributes and its 2D box (or its box projected into the frame's camera)",
    },
    matches: e.matches,
    samples: e.samples,
    totals,
    skipped: [],
  };
}
