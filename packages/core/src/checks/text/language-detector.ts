/** A text's language as a detector sees it: ISO 639-1 code, and whether the detector trusts it. */
export interface LanguageGuess {
  language?: string;
  reliable: boolean;
}

export type LanguageDetector = (text: string) => LanguageGuess;

/** Texts shorter than this (in letters) are not judged: n-gram detectors guess on a few words. */
export const MIN_LETTERS_FOR_LANGUAGE = 12;
const LETTER = /\p{L}/u;

/**
 * eld (Efficient Language Detector, Apache-2.0; its "small" n-gram database, 60 languages, ISO 639-1
 * codes), loaded on first use (about 0.4 s). About 70,000 short texts a second on one core.
 */
export async function loadEldDetector(): Promise<LanguageDetector> {
  const { eld } = await import('eld/small');
  return (text) => {
    let letters = 0;
    for (let i = 0; i < text.length && letters < MIN_LETTERS_FOR_LANGUAGE; i++) {
      const c = text.charCodeAt(i);
      // ASCII letters counted directly; other characters by the Unicode letter class.
      if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x80 && LETTER.test(text[i]!)))
        letters++;
    }
    if (letters < MIN_LETTERS_FOR_LANGUAGE) return { reliable: false };
    const r = eld.detect(text);
    return r.language ? { language: r.language, reliable: r.isReliable() } : { reliable: false };
  };
}
