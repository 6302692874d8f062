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

/** Texts with U+FFFD, mojibake or stray control characters (encoding-damage.ts). */
export function encodingIssues(
  samples: readonly { id: number; key: string; text: string }[],
  out: CheckIssue[],
): void {
  for (const s of samples) {
    const d = encodingDamage(s.text);
    if (!d) continue;
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
}

const primary = (tag: string): string => tag.toLowerCase().split(/[-_]/)[0] ?? tag;

/**
 * The languages a dataset is expected in: those given, else those its samples state, else the detected
 * languages each of at least `share` of the reliably detected texts (the dataset's main languages).
 */
export function expectedLanguages(
  samples: readonly LanguageCheckSample[],
  given: readonly string[] | undefined,
  share = 0.1,
): { languages: string[]; from: 'given' | 'stated' | 'detected' } {
  if (given && given.length > 0) return { languages: given.map(primary), from: 'given' };
  const stated = new Set(samples.flatMap((s) => (s.language ? [primary(s.language)] : [])));
  if (stated.size > 0) return { languages: [...stated].sort(), from: 'stated' };
  const counts = new Map<string, number>();
  let reliable = 0;
  for (const s of samples)
    if (s.detected?.reliable && s.detected.language) {
      reliable++;
      counts.set(s.detected.language, (counts.get(s.detected.language) ?? 0) + 1);
    }
  const main = [...counts].filter(([, n]) => n >= share * reliable).map(([l]) => l);
  return { languages: main.sort(), from: 'detected' };
}

/**
 * `unexpected_language`: a text reliably detected in a language outside the expected ones, or other
 * than the one its source states. Texts the detector is unsure of are not judged.
 */
export function languageIssues(
  samples: readonly LanguageCheckSample[],
  given: readonly string[] | undefined,
  out: CheckIssue[],
): void {
  const expected = expectedLanguages(samples, given);
  const allowed = new Set(expected.languages);
  if (allowed.size === 0) return;
  for (const s of samples) {
    const d = s.detected;
    if (!d?.reliable || !d.language) continue;
    const stated = s.language ? primary(s.language) : undefined;
    const mismatch = stated !== undefined && stated !== d.language;
    if (!mismatch && allowed.has(d.language)) continue;
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
}
