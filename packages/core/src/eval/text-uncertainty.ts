/** How unsure a model is about one sample: higher is less sure; each in [0, 1]. */
export interface SampleUncertainty {
  /** 1 − the top class probability (classification). */
  leastConfidence?: number;
  /** 1 − (top − second probability) (classification). */
  margin?: number;
  /** Entropy of the probabilities over ln(classes) (classification). */
  entropy?: number;
  /** 1 − the lowest score of the sample's predicted spans (NER; undefined without scored spans). */
  spanUncertainty?: number;
  /** The one figure to rank by: margin when there are probabilities, else the span uncertainty. */
  score: number;
}

/**
 * Uncertainty of one sample's prediction from its class probabilities (least confidence, margin,
 * normalised entropy; the probabilities are used as given, not renormalised) and its span scores.
 * Undefined when there is neither.
 */
export function sampleUncertainty(
  probs: readonly number[] | undefined,
  spanScores: readonly number[],
): SampleUncertainty | undefined {
  const out: Partial<SampleUncertainty> = {};
  if (probs && probs.length > 0) {
    let top = -Infinity;
    let second = -Infinity;
    let h = 0;
    for (const p of probs) {
      if (p > top) {
        second = top;
        top = p;
      } else if (p > second) second = p;
      if (p > 0) h -= p * Math.log(p);
    }
    out.leastConfidence = 1 - top;
    out.margin = 1 - (top - (second === -Infinity ? 0 : second));
    out.entropy = probs.length > 1 ? h / Math.log(probs.length) : 0;
  }
  if (spanScores.length > 0) {
    let min = 1;
    for (const s of spanScores) if (s < min) min = s;
    out.spanUncertainty = 1 - Math.max(0, min);
  }
  const score = out.margin ?? out.spanUncertainty;
  return score === undefined ? undefined : { ...out, score };
}
