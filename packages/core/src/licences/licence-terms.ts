/** Whether a licence lets the data be used commercially, as far as its name or URL tells. */
export type CommercialUse = 'allowed' | 'forbidden' | 'unknown';

export interface LicenceTerms {
  commercial: CommercialUse;
  /** Why: the words or URL part that decided it. */
  why: string;
}

/** Words that forbid commercial use: Creative Commons NC, "non-commercial", "research only". */
const FORBIDDEN: readonly [RegExp, string][] = [
  [/\/licenses\/by(?:-sa)?-nc(?:-sa|-nd)?\//i, 'a Creative Commons NC licence URL'],
  [/\/licenses\/by-nc/i, 'a Creative Commons NC licence URL'],
  [/non[-\s]?commercial/i, '"NonCommercial"'],
  [/\bcc[-\s]by(?:[-\s]sa)?[-\s]nc\b/i, 'Creative Commons NC'],
  [/research[-\s](?:use[-\s])?only|for research purposes only|academic use only/i, '"research only"'],
  [/비영리/, '"비영리" (non-commercial)'],
];

/** Licences that allow it: CC0/public domain, CC BY and BY-SA, BY-ND, common open-source licences. */
const ALLOWED: readonly [RegExp, string][] = [
  [/publicdomain|public domain|\bcc0\b|no known copyright restrictions/i, 'public domain / CC0'],
  [/\/licenses\/by(?:-sa|-nd)?\//i, 'a Creative Commons BY licence URL'],
  [/\bcc[-\s]by(?:[-\s](?:sa|nd))?\b/i, 'Creative Commons BY'],
  [/^attribution(?:-sharealike|-noderivs)? license$/i, 'Creative Commons Attribution (Flickr name)'],
  [
    /\b(?:mit|apache[-\s]?2(?:\.0)?|bsd[-\s]?[23]-clause|bsd|odbl|cdla[-\s]permissive)\b/i,
    'a permissive licence',
  ],
  [/government work|kogl type 1|공공누리 제1유형/i, 'a public-sector open licence'],
];

/**
 * What a licence name or URL says about commercial use: `forbidden` for Creative Commons NC licences
 * (as COCO's `licenses` name them: "Attribution-NonCommercial-ShareAlike License",
 * http://creativecommons.org/licenses/by-nc-sa/2.0/), "non-commercial" or "research only" terms;
 * `allowed` for CC0/public domain, CC BY, BY-SA, BY-ND and permissive open licences; else `unknown`.
 * Pure; a name is a claim, not legal advice.
 */
export function licenceTerms(name: string, url?: string): LicenceTerms {
  const text = `${name} ${url ?? ''}`;
  for (const [re, why] of FORBIDDEN) if (re.test(text)) return { commercial: 'forbidden', why };
  for (const [re, why] of ALLOWED)
    if (re.test(name) || (url !== undefined && re.test(url))) return { commercial: 'allowed', why };
  return { commercial: 'unknown', why: 'not a licence Assay recognises' };
}
