import type { CheckIssue } from '../check-types.js';
import { encodingDamage } from './encoding-damage.js';
import type { LanguageGuess } from './language-detector.js';

export interface LanguageCheckSample {
  id: number;
  key: string;
  text: string;
  /** The language the source states (BCP 47; its primary subtag is compared). */
  language?: string;
  /** What the detector says. */
  detected?: LanguageGuess;
}

/** A text with U+FFFD, mojibake or stray control characters (encoding-damage.ts) gets an issue. */
export function encodingIssue(s: { id: number; key: string; text: string }, out: CheckIssue[]): void {
  const d = encodingDamage(s.text);
  if (!d) return;
  const what =
    d.kind === 'mojibake'
      ? `mojibake: "${d.found}" reads as "${d.repaired}" once decoded as UTF-8`
      : d.kind === 'replacement_character'
        ? 'U+FFFD replacement characters (bytes that were not UTF-8 were replaced)'
        : `control character U+${d.found.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  out.push({
    sampleId: s.id,
    type: 'encoding_damage',
    severity: d.kind === 'control_character' ? 'warning' : 'error',
    score: d.kind === 'control_character' ? 0.6 : 1,
    reason: `${s.key}: ${what}${d.count > 1 ? ` (${d.count} places)` : ''}`,
    details: { ...d },
  });
}

const primary = (tag: string): string => tag.toLowerCase().split(/[-_]/)[0] ?? tag;

/** What the expected languages are judged from: the stated languages and the reliable detections. */
export interface LanguageTally {
  /** Primary subtags the samples state. */
  stated: ReadonlySet<string>;
  /** Reliable detections per language. */
  detected: ReadonlyMap<string, number>;
  /** Texts reliably detected (the sum of `detected`). */
  reliable: number;
}

/**
 * Defaults of the detected main languages: a language is a main one with at least `share` (10 %) of the
 * reliable detections and at least `minCount` (5) texts; the main languages must hold at least
 * `majority` (80 %) of the reliable detections, else the set has no clear main language and no text
 * is judged (a handful of texts in three languages, or a long tail of languages, is not "mostly X").
 */
export const MAIN_LANGUAGE = { share: 0.1, minCount: 5, majority: 0.8 } as const;

export interface ExpectedLanguages {
  languages: string[];
  from: 'given' | 'stated' | 'detected';
  /** Why no text is judged (detected only: too few detections, or no clear main language). */
  unclear?: string;
}

/**
 * The languages a dataset is expected in: those given, else those its samples state, else its main
 * detected languages (MAIN_LANGUAGE); when detections show no clear main language, none (and why).
 */
export function expectedLanguagesOf(
  tally: LanguageTally,
  given: readonly string[] | undefined,
): ExpectedLanguages {
  if (given && given.length > 0) return { languages: given.map(primary), from: 'given' };
  if (tally.stated.size > 0) return { languages: [...tally.stated].sort(), from: 'stated' };
  const { share, minCount, majority } = MAIN_LANGUAGE;
  const main = [...tally.detected].filter(([, n]) => n >= share * tally.reliable && n >= minCount);
  const held = main.reduce((sum, [, n]) => sum + n, 0);
  if (main.length > 0 && held >= majority * tally.reliable)
    return { languages: main.map(([l]) => l).sort(), from: 'detected' };
  const counts = [...tally.detected]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([l, n]) => `${l} ${n}`)
    .join(', ');
  return {
    languages: [],
    from: 'detected',
    unclear: `no clear main language among ${tally.reliable} reliably detected text(s)${counts ? ` (${counts})` : ''}: pass the expected languages (--languages)`,
  };
}

/** The tally of a list of samples (stated languages, reliable detections). */
export function languageTally(samples: readonly LanguageCheckSample[]): LanguageTally {
  const stated = new Set(samples.flatMap((s) => (s.language ? [primary(s.language)] : [])));
  const detected = new Map<string, number>();
  let reliable = 0;
  for (const s of samples)
    if (s.detected?.reliable && s.detected.language) {
      reliable++;
      detected.set(s.detected.language, (detected.get(s.detected.language) ?? 0) + 1);
    }
  return { stated, detected, reliable };
}

/** expectedLanguagesOf over a list of samples. */
export function expectedLanguages(
  samples: readonly LanguageCheckSample[],
  given: readonly string[] | undefined,
): ExpectedLanguages {
  return expectedLanguagesOf(languageTally(samples), given);
}

/**
 * `unexpected_language` for one text: reliably detected in a language outside the expected ones, or
 * other than the one its source states. Texts the detector is unsure of are not judged.
 */
export function languageIssue(
  s: LanguageCheckSample,
  expected: ExpectedLanguages,
  allowed: ReadonlySet<string>,
  out: CheckIssue[],
): void {
  const d = s.detected;
  if (!d?.reliable || !d.language) return;
  const stated = s.language ? primary(s.language) : undefined;
  const mismatch = stated !== undefined && stated !== d.language;
  if (!mismatch && (allowed.size === 0 || allowed.has(d.language))) return;
  out.push({
    sampleId: s.id,
    type: 'unexpected_language',
    severity: 'warning',
    score: 0.7,
    reason: mismatch
      ? `${s.key}: stated as ${s.language}, reads as ${d.language}`
      : `${s.key}: reads as ${d.language}; the dataset is in ${expected.languages.join(', ')} (${expected.from})`,
    details: {
      detected: d.language,
      stated: s.language ?? null,
      expected: expected.languages,
      from: expected.from,
    },
  });
}

/**
 * languageIssue over a list of samples; returns why no text was judged against the dataset's languages
 * when it has no clear main language (texts other than their stated language are still flagged).
 */
export function languageIssues(
  samples: readonly LanguageCheckSample[],
  given: readonly string[] | undefined,
  out: CheckIssue[],
): string | undefined {
  const expected = expectedLanguages(samples, given);
  const allowed = new Set(expected.languages);
  for (const s of samples) languageIssue(s, expected, allowed, out);
  return expected.unclear;
}
