/** One numbered step of the project database schema (store/migrations.ts lists them in order). */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
