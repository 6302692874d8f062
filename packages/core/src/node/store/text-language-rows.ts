import type { TextLanguageRow, UncertaintyRow } from '../../store/project-store.js';
import type { Db } from './db.js';

/**
 * Replaces every detected language with these rows (one `assay check` judges all text samples); with
 * `append`, adds them to the rows saved (a check that saves batch by batch replaces with its first).
 */
export async function saveTextLanguages(
  db: Db,
  rows: readonly TextLanguageRow[],
  options: { append?: boolean } = {},
): Promise<void> {
  if (!options.append) await db.run('DELETE FROM text_languages');
  if (rows.length === 0) return;
  const appender = await db.connection.createAppender('text_languages');
  for (const r of rows) {
    appender.appendInteger(r.sampleId);
    if (r.language === undefined) appender.appendNull();
    else appender.appendVarchar(r.language);
    if (r.script === undefined) appender.appendNull();
    else appender.appendVarchar(r.script);
    appender.appendBoolean(r.reliable);
    appender.endRow();
  }
  appender.closeSync();
}

/** The detected languages, by sample id. */
export async function listTextLanguages(db: Db): Promise<Map<number, TextLanguageRow>> {
  const rows = await db.all<{
    sample_id: number;
    language: string | null;
    script: string | null;
    reliable: boolean;
  }>('SELECT sample_id, language, script, reliable FROM text_languages');
  return new Map(
    rows.map((r) => [
      r.sample_id,
      {
        sampleId: r.sample_id,
        reliable: r.reliable,
        ...(r.language === null ? {} : { language: r.language }),
        ...(r.script === null ? {} : { script: r.script }),
      },
    ]),
  );
}

/** Replaces one prediction source's uncertainty rows. */
export async function saveUncertainty(
  db: Db,
  source: string,
  runId: number,
  rows: readonly UncertaintyRow[],
): Promise<void> {
  await db.run('DELETE FROM sample_uncertainty WHERE source = ?', [source]);
  if (rows.length === 0) return;
  const appender = await db.connection.createAppender('sample_uncertainty');
  const optional = (v: number | undefined) =>
    v === undefined ? appender.appendNull() : appender.appendDouble(v);
  for (const r of rows) {
    appender.appendInteger(r.sampleId);
    appender.appendVarchar(source);
    appender.appendInteger(runId);
    appender.appendDouble(r.score);
    optional(r.leastConfidence);
    optional(r.margin);
    optional(r.entropy);
    optional(r.spanUncertainty);
    appender.endRow();
  }
  appender.closeSync();
}
