import { AssayError } from '../../errors.js';
import { migrations, SCHEMA_VERSION } from '../../store/migrations.js';
import type { Db } from './db.js';

/** The schema version a database holds (0 for a new file); read-only connections may ask. */
export async function schemaVersion(db: Db): Promise<number> {
  const table = await db.scalar(
    "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'",
  );
  return table === 0 ? 0 : db.scalar('SELECT coalesce(max(version), 0) FROM schema_migrations');
}

/** Brings the database to the newest schema; refuses a database written by a newer Assay. */
export async function migrate(db: Db, file: string): Promise<void> {
  await db.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)',
  );
  const current = await db.scalar('SELECT coalesce(max(version), 0) FROM schema_migrations');
  if (current > SCHEMA_VERSION) {
    throw new AssayError(
      'UNSUPPORTED',
      `${file} has schema version ${current}; this Assay knows up to ${SCHEMA_VERSION}.`,
      {
        hint: 'Upgrade Assay to open this project.',
      },
    );
  }
  // A new database gets every migration in one transaction (one commit instead of one each: ~40 ms less
  // CPU an `assay init`, bench/README.md "suite7"); an older one gets each of its missing ones in its own,
  // so a failure leaves it at the last version that applied.
  const pending = migrations.filter((m) => m.version > current);
  const steps = current === 0 ? [pending] : pending.map((m) => [m]);
  for (const step of steps) {
    if (step.length === 0) continue;
    await db.run('BEGIN TRANSACTION');
    try {
      for (const m of step) {
        await db.run(m.sql);
        await db.run('INSERT INTO schema_migrations (version, name) VALUES (?, ?)', [m.version, m.name]);
      }
      await db.run('COMMIT');
    } catch (error) {
      await db.run('ROLLBACK');
      throw error;
    }
  }
}
