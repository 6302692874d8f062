import type { CheckIssue, CheckResult } from '../check-types.js';
import { wants } from '../check-types.js';
import { MinHasher, nearDuplicatePairsOf } from './minhash.js';
import type { TextCheckOptions, TextCheckSample } from './text-checks.js';
import { codePoints, DigestIndex, grown, hashText, StringIds, tokenCount } from './text-columns.js';
import { duplicateIssues, lengthOutliers } from './text-group-checks.js';
import { encodingIssue, expectedLanguagesOf, languageIssue } from './text-quality-checks.js';
import { emptyTextIssue, normaliseText, tagSequenceIssues } from './text-sample-checks.js';

/**
 * The text checks over a stream of samples held as columns: `add` takes one sample at a time (checks
 * of one text run at once; what the set-wide checks need is kept in typed arrays: lengths, 64-bit
 * digests of the text and of its normalised form, label, split and language ids, and one MinHash
 * signature per distinct normalised text), `finish` runs the set-wide checks (length outliers,
 * duplicates, conflicting labels, leakage, near duplicates, languages). A million short texts keep
 * about 250 MB here (keys and signatures most of it); the texts themselves are not kept.
 */
export class TextChecker {
  readonly issues: CheckIssue[] = [];
  private n = 0;
  private ids = new Int32Array(1024);
  private readonly keys: string[] = [];
  private chars = new Float64Array(1024);
  private tokens = new Float64Array(1024);
  private exactHi = new Uint32Array(1024);
  private exactLo = new Uint32Array(1024);
  /** The next sample of the same normalised text (a chain per distinct form, in sample order). */
  private nextSame = new Int32Array(1024);
  private label = new Int32Array(1024);
  private split = new Int32Array(1024);
  private stated = new Int32Array(1024);
  private detected = new Int32Array(1024);
  private reliable = new Uint8Array(1024);
  private readonly forms = new DigestIndex();
  private formFirst = new Int32Array(1024);
  private formLast = new Int32Array(1024);
  private formCount = new Int32Array(1024);
  private formBlank = new Uint8Array(1024);
  private signatures = new Uint16Array(0);
  private readonly hasher: MinHasher | undefined;
  private readonly labels = new StringIds();
  private readonly splits = new StringIds();
  private readonly languages = new StringIds();
  private readonly statedPrimary = new Set<string>();
  private anyDetected = false;
  private readonly digest = new Uint32Array(2);

  constructor(private readonly options: TextCheckOptions = {}) {
    if (wants(options.only, 'near_duplicate')) this.hasher = new MinHasher();
  }

  get count(): number {
    return this.n;
  }

  /** One text sample; `labels` are its classification labels (sorted, joined by `|`). */
  add(s: TextCheckSample, labels?: string): void {
    const { only } = this.options;
    const i = this.n++;
    this.room(this.n);
    this.ids[i] = s.id;
    this.keys.push(s.key);
    if (wants(only, 'empty_text')) emptyTextIssue(s, this.issues);
    this.chars[i] = Math.log1p(codePoints(s.text));
    this.tokens[i] = Math.log1p(tokenCount(s.text));
    hashText(s.text, this.digest);
    this.exactHi[i] = this.digest[0]!;
    this.exactLo[i] = this.digest[1]!;
    const normal = normaliseText(s.text);
    hashText(normal, this.digest);
    const { index: f, added } = this.forms.indexOf(this.digest[0]!, this.digest[1]!);
    this.nextSame[i] = -1;
    if (added) {
      this.formRoom(f + 1);
      this.formFirst[f] = i;
      this.formCount[f] = 0;
      this.formBlank[f] = normal === '' ? 1 : 0;
      if (this.hasher) {
        this.signatures = grown(this.signatures, (f + 1) * this.hasher.size);
        this.hasher.sign(normal, this.signatures, f);
      }
    } else this.nextSame[this.formLast[f]!] = i;
    this.formLast[f] = i;
    this.formCount[f]!++;
    this.label[i] = labels === undefined ? -1 : this.labels.id(labels);
    this.split[i] = s.split === undefined ? -1 : this.splits.id(s.split);
    this.stated[i] = s.language === undefined ? -1 : this.languages.id(s.language);
    if (s.language) this.statedPrimary.add(primaryTag(s.language));
    const d = s.detected;
    if (d) this.anyDetected = true;
    this.detected[i] = d?.language === undefined ? -1 : this.languages.id(d.language);
    this.reliable[i] = d?.reliable ? 1 : 0;
    if (s.tags && wants(only, 'invalid_tag_sequence')) tagSequenceIssues(s, this.issues);
    if (wants(only, 'encoding_damage')) encodingIssue(s, this.issues);
  }

  /** The set-wide checks; returns every issue found since the first `add`. */
  finish(): CheckResult {
    const { only } = this.options;
    const n = this.n;
    const skipped: CheckResult['skipped'] = [];
    const keys = this.keys;
    if (wants(only, 'text_length_outlier'))
      lengthOutliers(
        { ids: this.ids, keys, n, chars: this.chars, tokens: this.tokens },
        this.options.lengthZ ?? 4,
        this.issues,
      );
    const members: number[] = [];
    const group = (f: number) => {
      members.length = 0;
      for (let i = this.formFirst[f]!; i >= 0; i = this.nextSame[i]!) members.push(i);
      return members;
    };
    for (let f = 0; f < this.forms.size; f++)
      if (this.formCount[f]! >= 2 && !this.formBlank[f])
        duplicateIssues(
          {
            members: group(f),
            ids: this.ids,
            keys,
            exactHi: this.exactHi,
            exactLo: this.exactLo,
            label: this.label,
            labelNames: this.labels.names,
            split: this.split,
            splitNames: this.splits.names,
          },
          only,
          this.issues,
        );
    if (this.hasher) this.nearDuplicates();
    if (wants(only, 'unexpected_language')) {
      const skip = this.languageChecks();
      if (skip) skipped.push(skip);
    }
    return { issues: this.issues, skipped };
  }

  private nearDuplicates(): void {
    const forms = this.forms.size;
    const threshold = this.options.nearDuplicate ?? 0.8;
    for (const pair of nearDuplicatePairsOf(this.signatures, forms, this.formBlank, { threshold })) {
      const { similarity } = pair;
      const a = this.formFirst[pair.a]!;
      const b = this.formFirst[pair.b]!;
      const [ka, kb] = [this.keys[a]!, this.keys[b]!];
      this.issues.push({
        sampleId: this.ids[b]!,
        type: 'near_duplicate',
        severity: 'info',
        score: similarity,
        reason: `${kb}: nearly the same text as ${ka} (estimated Jaccard ${similarity.toFixed(2)} over 5-character shingles)`,
        details: { kind: 'minhash', related: ka, similarity },
      });
    }
  }

  private languageChecks(): CheckResult['skipped'][number] | undefined {
    if (!this.anyDetected)
      return { check: 'unexpected_language', count: this.n, reason: 'no language detection was given' };
    const names = this.languages.names;
    const detected = new Map<string, number>();
    let reliable = 0;
    for (let i = 0; i < this.n; i++)
      if (this.reliable[i] && this.detected[i]! >= 0) {
        reliable++;
        const l = names[this.detected[i]!]!;
        detected.set(l, (detected.get(l) ?? 0) + 1);
      }
    const expected = expectedLanguagesOf(
      { stated: this.statedPrimary, detected, reliable },
      this.options.languages,
    );
    const allowed = new Set(expected.languages);
    for (let i = 0; i < this.n; i++) {
      if (!this.reliable[i] || this.detected[i]! < 0) continue;
      const s = {
        id: this.ids[i]!,
        key: this.keys[i]!,
        text: '',
        detected: { language: names[this.detected[i]!]!, reliable: true },
        ...(this.stated[i]! >= 0 ? { language: names[this.stated[i]!]! } : {}),
      };
      languageIssue(s, expected, allowed, this.issues);
    }
    return expected.unclear === undefined
      ? undefined
      : { check: 'unexpected_language', count: reliable, reason: expected.unclear };
  }

  private room(size: number): void {
    if (size <= this.ids.length) return;
    this.ids = grown(this.ids, size);
    this.chars = grown(this.chars, size);
    this.tokens = grown(this.tokens, size);
    this.exactHi = grown(this.exactHi, size);
    this.exactLo = grown(this.exactLo, size);
    this.nextSame = grown(this.nextSame, size);
    this.label = grown(this.label, size);
    this.split = grown(this.split, size);
    this.stated = grown(this.stated, size);
    this.detected = grown(this.detected, size);
    this.reliable = grown(this.reliable, size);
  }

  private formRoom(size: number): void {
    if (size <= this.formFirst.length) return;
    this.formFirst = grown(this.formFirst, size);
    this.formLast = grown(this.formLast, size);
    this.formCount = grown(this.formCount, size);
    this.formBlank = grown(this.formBlank, size);
  }
}

const primaryTag = (tag: string): string => tag.toLowerCase().split(/[-_]/)[0] ?? tag;
