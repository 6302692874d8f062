type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);
/** `[text, {entities: [...], cats: {...}}]`: one of spaCy v2's training tuples. */
const isTuple = (v: unknown): v is [string, Json] =>
  Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && isObject(v[1]);

/**
 * spaCy v2's training data as tutorials and annotation tools write it to JSON, as records: a list of
 * `[text, {"entities": [[start, end, label], …], "cats": {label: score}}]` tuples (`TRAIN_DATA`), or
 * an object holding them in `annotations` (the NER Annotator for spaCy's export, with its `classes`).
 * Each tuple becomes `{text, entities, cats}`; undefined when `value` is neither.
 */
export function spacyTuples(value: unknown): unknown[] | undefined {
  const list = Array.isArray(value) ? value : isObject(value) ? value.annotations : undefined;
  if (!Array.isArray(list) || !isTuple(list[0])) return undefined;
  return list.map((item) => {
    if (!isTuple(item)) return item;
    const [text, annotation] = item;
    return {
      text,
      ...(annotation.entities === undefined ? {} : { entities: annotation.entities }),
      ...(annotation.cats === undefined ? {} : { cats: annotation.cats }),
    };
  });
}
