/**
 * The shapes a Label Studio export's records must have (zod). A task, annotation, prediction or
 * result of the wrong shape (`result` a string, `type` an object, `annotations` a number, a null
 * entry...) is skipped with a problem naming the file, the record and the field; the rest is read.
 * Objects are loose: keys the schema does not name are kept for the reader as they are.
 */
import { z } from 'zod';
import type { ProblemList } from '../problems.js';
import { checkRecord, jsonObject, looseId, optional } from '../record-schema.js';
import type { LsResult } from './label-studio-result.js';
import type { LsAnnotation, LsPrediction, LsTask } from './label-studio-tasks.js';

const HINT = 'Export the project again from Label Studio ("JSON"), or fix the record by hand.';

const list = optional(z.array(z.unknown()));
const idText = looseId.transform((v) => (v === undefined ? undefined : String(v))).optional();

const resultSchema = z.looseObject({
  id: idText,
  type: optional(z.string()),
  from_name: optional(z.string()),
  to_name: optional(z.string()),
  value: optional(jsonObject),
  original_width: optional(z.number()),
  original_height: optional(z.number()),
  score: optional(z.number()),
});

const annotationSchema = z.looseObject({
  id: looseId,
  completed_by: z.unknown().optional(),
  result: list,
  was_cancelled: optional(z.boolean()),
  ground_truth: optional(z.boolean()),
});

const predictionSchema = z.looseObject({
  id: looseId,
  model_version: z.unknown().optional(),
  score: optional(z.number()),
  result: list,
});

const taskSchema = z.looseObject({
  id: looseId,
  data: jsonObject,
  annotations: list,
  /** The name `annotations` had before Label Studio 1.0 (and in exports that kept it). */
  completions: list,
  predictions: list,
});

function results(
  raw: unknown[] | undefined,
  file: string,
  record: string,
  problems: ProblemList,
): LsResult[] {
  const out: LsResult[] = [];
  for (const [i, item] of (raw ?? []).entries()) {
    const r = checkRecord(resultSchema, item);
    if (r.ok) out.push(r.value);
    else problems.skip(file, `${record} result[${i}]`, r.reason, HINT);
  }
  return out;
}

/** A task as the reader may trust it, with its bad annotations, predictions and results left out. */
export function validTask(
  raw: unknown,
  file: string,
  index: number,
  problems: ProblemList,
): LsTask | undefined {
  const t = checkRecord(taskSchema, raw);
  const id =
    typeof raw === 'object' && raw !== null ? looseId.parse((raw as { id?: unknown }).id) : undefined;
  const record = `task ${String(id ?? `#${index + 1}`)}`;
  if (!t.ok) {
    problems.skip(file, record, `the task is skipped: ${t.reason}`, HINT);
    return undefined;
  }
  const { annotations: _a, completions: _c, predictions: _p, ...rest } = t.value;
  const task: LsTask = rest;
  const annotations = t.value.annotations ?? t.value.completions;
  const name = t.value.annotations ? 'annotations' : 'completions';
  if (annotations) {
    task.annotations = [];
    for (const [i, item] of annotations.entries()) {
      const a = checkRecord(annotationSchema, item);
      const where = `${record} ${name}[${i}]`;
      if (!a.ok) {
        problems.skip(file, where, `the annotation is skipped: ${a.reason}`, HINT);
        continue;
      }
      const annotation: LsAnnotation = { ...a.value, result: results(a.value.result, file, where, problems) };
      task.annotations.push(annotation);
    }
  }
  if (t.value.predictions) {
    task.predictions = [];
    for (const [i, item] of t.value.predictions.entries()) {
      const p = checkRecord(predictionSchema, item);
      const where = `${record} predictions[${i}]`;
      if (!p.ok) {
        problems.skip(file, where, `the prediction is skipped: ${p.reason}`, HINT);
        continue;
      }
      const prediction: LsPrediction = { ...p.value, result: results(p.value.result, file, where, problems) };
      task.predictions.push(prediction);
    }
  }
  return task;
}
