/**
 * A brat document with every kind of line brat's standoff format has besides entities (events, a
 * modification, a relation, notes, an attribute, an equivalence, a normalization) and a discontinuous
 * entity: the brat-links test and the brat fuzz seed write it.
 */
// 🧬 is one code point (brat's count) and two UTF-16 units; entity ids out of the text's order.
export const BRAT_LINKED_TEXT =
  '🧬 IL-2 binds the alpha and beta receptor chains; TRAF2 is not phosphorylated.\n';
export const BRAT_LINKED_ANN = [
  'T7\tProtein 2 6\tIL-2',
  'T2\tProtein 17 22;32 47\talpha receptor chains',
  'T3\tProtein 27 47\tbeta receptor chains',
  'T4\tBinding 7 12\tbinds',
  'T5\tProtein 49 54\tTRAF2',
  'T6\tPhosphorylation 62 76\tphosphorylated',
  'E1\tBinding:T4 Theme:T7 Theme2:T2',
  'E2\tPhosphorylation:T6 Theme:T5 Cause:E1',
  'M1\tNegation E2',
  'R1\tPart-of Arg1:T2 Arg2:T3',
  '#1\tAnnotatorNotes R1\tchecked',
  '#2\tLemma T4\tbind',
  'A1\tSpeculation T5',
  '*\tEquiv T2 T3',
  'N1\tReference T5 UniProt:Q12933\tTRAF2',
  '',
].join('\n');
