/** A text sample's language: the stated one, else the one `assay check` detected reliably. */
export const LANGUAGE_SQL = `coalesce(s.language, (SELECT CASE WHEN tl.reliable THEN tl.language END FROM text_languages tl WHERE tl.sample_id = s.id))`;
