import { resolve } from 'node:path';
import { evaluatePlan, type PlanResult } from '../plan/evaluate-plan.js';
import { parsePlan } from '../plan/parse-plan.js';
import type { Plan } from '../plan/plan.js';
import { DEFAULT_STATS_SOURCE } from '../stats/dataset-stats.js';
import type { Project } from './project.js';
import { readTextFile } from './read-text-file.js';
import { ALL_ISSUE_TYPES } from './run-checks.js';

/** Reads and validates a plan file (YAML or JSON); a missing or bad file is a user error naming it. */
export async function loadPlan(file: string): Promise<Plan> {
  const path = resolve(file);
  const text = await readTextFile(path, 'plan file');
  return parsePlan(text, file, ALL_ISSUE_TYPES);
}

/** Evaluates a plan against the project as stored now (its open issues, ground truth and samples). */
export async function checkPlan(
  project: Project,
  plan: Plan,
  source = DEFAULT_STATS_SOURCE,
): Promise<PlanResult> {
  const { store } = project;
  const [samples, annotations, issues, classes] = await Promise.all([
    store.listSamples(),
    store.listAnnotationGeometry([source]),
    store.listIssues({ status: ['open'] }),
    store.listClasses(),
  ]);
  return evaluatePlan(plan, {
    samples,
    annotations,
    issues,
    classes: classes.length,
    classNames: classes.map((c) => c.name),
  });
}
