import type { SampleMetrics } from '../../metrics/sample-metrics.js';
import type { NewIssue } from '../../store/project-store.js';
import type { MediaCheckOptions, MediaCheckSample } from './media-checks.js';

/**
 * CleanVision 0.3 defaults (image_property_issue_manager.py, get_default_params), except blurry:
 * see `blurSharpness`.
 */
export const PROPERTY_DEFAULTS = {
  darkP99: 0.32,
  lightScore: 0.05,
  /**
   * Ours, not CleanVision's: blurry when the Laplacian variance of the ≤ 256 px decode is below 50.
   * Measured on fixtures/photos: sharp photos 300–1825, Gaussian blur σ ≥ 3 and the motion-blurred
   * clock ≤ 19. CleanVision's blur score (kept in the details) flagged none of those blurred copies:
   * its grey-histogram term alone is 0.68–1.0 on every natural photo, far above its 0.29 threshold.
   */
  blurSharpness: 50,
  lowInformationScore: 0.3,
  aspectRatioScore: 0.35,
} as const;

/** CleanVision's blurry parameters: normalizing_factor 0.01, color_threshold 0.18. */
const BLUR_NORMALISER = 0.01;
const BLUR_COLOUR_THRESHOLD = 0.18;
/** CleanVision's low_information normalizing_factor. */
const ENTROPY_NORMALISER = 0.1;

/**
 * CleanVision's blur score in [0, 1] (lower = blurrier): 1 − exp(−0.01·edgeStd), plus the same
 * transform of the grey-histogram spread when it exceeds 0.18, capped at 1.
 */
export function blurScore(metrics: Pick<SampleMetrics, 'edgeStd' | 'greyHistogramStd'>): number {
  const edges = 1 - Math.exp(-metrics.edgeStd * BLUR_NORMALISER);
  const spread = 1 - Math.exp(-metrics.greyHistogramStd * BLUR_NORMALISER);
  return Math.min(1, edges + (spread > BLUR_COLOUR_THRESHOLD ? spread : 0));
}

/** How far below its threshold a CleanVision-style score is, as an issue score in [0.5, 1]. */
function belowScore(value: number, threshold: number): number {
  return 0.5 + 0.5 * Math.min(1, Math.max(0, 1 - value / threshold));
}

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/** dark, overexposed, blurry, low_information, odd_aspect_ratio, grayscale: one sample at a time. */
export function propertyChecks(samples: readonly MediaCheckSample[], options: MediaCheckOptions): NewIssue[] {
  const t = { ...PROPERTY_DEFAULTS, ...definedOnly(options) };
  const issues: NewIssue[] = [];
  for (const s of samples) {
    const aspect = aspectIssue(s, t.aspectRatioScore);
    if (aspect) issues.push(aspect);
    const m = s.metrics;
    if (m === undefined) continue;
    const dark = m.brightnessP99 < t.darkP99;
    if (dark) {
      issues.push({
        sampleId: s.id,
        type: 'dark',
        severity: 'warning',
        score: belowScore(m.brightnessP99, t.darkP99),
        reason: `${s.key} is dark: 99% of its pixels have brightness below ${round(m.brightnessP99, 2)} (threshold ${t.darkP99}).`,
        details: {
          brightness_p99: round(m.brightnessP99),
          brightness: round(m.brightness),
          threshold: t.darkP99,
        },
      });
    }
    const light = 1 - m.brightnessP5;
    if (light < t.lightScore) {
      issues.push({
        sampleId: s.id,
        type: 'overexposed',
        severity: 'warning',
        score: belowScore(light, t.lightScore),
        reason: `${s.key} is over-exposed: 95% of its pixels have brightness above ${round(m.brightnessP5, 2)}.`,
        details: {
          brightness_p5: round(m.brightnessP5),
          brightness: round(m.brightness),
          score: round(light),
          threshold: t.lightScore,
        },
      });
    }
    // Not on dark images: the Laplacian variance falls with the square of the brightness, so an
    // in-focus photo at 15% brightness measures like a blurred one; `dark` is the problem reported.
    if (m.sharpness < t.blurSharpness && !dark) {
      issues.push({
        sampleId: s.id,
        type: 'blurry',
        severity: 'warning',
        score: belowScore(m.sharpness, t.blurSharpness),
        reason: `${s.key} looks blurry: the variance of its Laplacian is ${round(m.sharpness, 1)} (threshold ${t.blurSharpness}).`,
        details: {
          sharpness: round(m.sharpness),
          threshold: t.blurSharpness,
          cleanvision_blur_score: round(blurScore(m)),
          edge_std: round(m.edgeStd),
        },
      });
    }
    const information = Math.min(1, ENTROPY_NORMALISER * m.entropy);
    if (information < t.lowInformationScore) {
      issues.push({
        sampleId: s.id,
        type: 'low_information',
        severity: 'warning',
        score: belowScore(information, t.lowInformationScore),
        reason: `${s.key} carries little information: its grey levels have ${round(m.entropy, 2)} bits of entropy (threshold ${round(t.lowInformationScore / ENTROPY_NORMALISER, 2)}).`,
        details: { entropy: round(m.entropy), score: round(information), threshold: t.lowInformationScore },
      });
    }
    if (m.grayscale && options.grayscale !== false) {
      issues.push({
        sampleId: s.id,
        type: 'grayscale',
        severity: 'info',
        score: 1,
        reason: `${s.key} is grayscale.`,
        details: { channels: s.probe.channels ?? null, colourfulness: round(m.colourfulness) },
      });
    }
  }
  return issues;
}

function aspectIssue(s: MediaCheckSample, threshold: number): NewIssue | undefined {
  const { width, height } = s.probe;
  if (width === undefined || height === undefined || width <= 0 || height <= 0) return undefined;
  const score = Math.min(width / height, height / width);
  if (score >= threshold) return undefined;
  return {
    sampleId: s.id,
    type: 'odd_aspect_ratio',
    severity: 'warning',
    score: belowScore(score, threshold),
    reason: `${s.key} has an unusual aspect ratio ${width}×${height} (short/long side ${round(score, 2)}, threshold ${threshold}).`,
    details: { width, height, ratio: round(score), threshold },
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
