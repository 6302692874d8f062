/**
 * How spaCy turns a string into the 64-bit id its token arrays hold (spaCy's StringStore): 0 for the
 * empty string, the id of a reserved symbol for a symbol's name (entity labels, part-of-speech tags,
 * dependency labels), else MurmurHash64A (Austin Appleby's 64-bit MurmurHash2) of its UTF-8 bytes with
 * seed 1. spaCy's documentation gives `strings["coffee"] == 3197928453018144401`.
 */

const MASK = (1n << 64n) - 1n;
const M = 0xc6a4a7935bd1e995n;

/** MurmurHash64A of `bytes` with `seed`, as an unsigned 64-bit integer. */
export function murmurHash64A(bytes: Uint8Array, seed: bigint): bigint {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.length;
  let h = (seed ^ ((BigInt(n) * M) & MASK)) & MASK;
  const blocks = n - (n % 8);
  for (let i = 0; i < blocks; i += 8) {
    let k = view.getBigUint64(i, true);
    k = (k * M) & MASK;
    k ^= k >> 47n;
    k = (k * M) & MASK;
    h ^= k;
    h = (h * M) & MASK;
  }
  if (n % 8 !== 0) {
    for (let i = n - 1; i >= blocks; i--) h ^= BigInt(bytes[i]!) << BigInt(8 * (i - blocks));
    h = (h * M) & MASK;
  }
  h ^= h >> 47n;
  h = (h * M) & MASK;
  h ^= h >> 47n;
  return h;
}

/** Runs of spaCy's reserved symbols (spacy/symbols.pxd) a document's strings may be: first id, names. */
const SYMBOL_RUNS: [number, string][] = [
  [84, 'ADJ ADP ADV AUX CONJ CCONJ DET INTJ NOUN NUM PART PRON PROPN PUNCT SCONJ SYM VERB X EOL SPACE'],
  [
    380,
    'PERSON NORP FACILITY ORG GPE LOC PRODUCT EVENT WORK_OF_ART LANGUAGE LAW DATE TIME PERCENT MONEY QUANTITY ORDINAL CARDINAL ' +
      'acomp advcl advmod agent amod appos attr aux auxpass cc ccomp complm conj cop csubj csubjpass dep det dobj expl ' +
      'hmod hyph infmod intj iobj mark meta neg nmod nn npadvmod nsubj nsubjpass num number oprd obj obl parataxis ' +
      'partmod pcomp pobj poss possessive preconj prep prt punct quantmod relcl rcmod root xcomp acl',
  ],
];

const SYMBOLS = new Map<string, bigint>(
  SYMBOL_RUNS.flatMap(([first, names]) => names.split(' ').map((s, i) => [s, BigInt(first + i)] as const)),
);

const utf8 = new TextEncoder();

/** The id spaCy gives `s`. */
export function spacyStringId(s: string): bigint {
  if (s === '') return 0n;
  return SYMBOLS.get(s) ?? murmurHash64A(utf8.encode(s), 1n);
}
