import type { Frame, FrameMember, Sensor, SensorKind, Sequence } from '../../model/sensor.js';
import { type Db, parseJson } from './db.js';

/** What a multi-sensor format reads besides samples and annotations (Dataset.sensors/frames/sequences). */
export interface Recording {
  sensors?: Sensor[];
  frames?: Frame[];
  sequences?: Sequence[];
}

/** A frame as stored: its id, and each member's sample id beside its key. */
export interface StoredFrame {
  id: number;
  name: string;
  sequence?: string;
  index?: number;
  timestamp?: number;
  members: (FrameMember & { sampleId: number })[];
}

export interface StoredRecording {
  sensors: Sensor[];
  sequences: Sequence[];
  /** In sequence order, then by index, then by name. */
  frames: StoredFrame[];
}

function list(values: readonly number[] | undefined): string | null {
  return values === undefined ? null : `[${values.map((v) => (Number.isFinite(v) ? v : 0)).join(', ')}]`;
}

/**
 * Writes sensors (replacing those of the same id), sequences (same name) and frames (a frame of the
 * same name gets the new members instead of its old ones). Members whose sample is not among
 * `sampleIds` are left out (their reader reported the sample as a problem).
 */
export async function saveRecording(
  db: Db,
  recording: Recording,
  sampleIds: Map<string, number>,
): Promise<void> {
  for (const s of recording.sensors ?? []) {
    const k = s.intrinsics;
    await db.run(
      `INSERT OR REPLACE INTO sensors (id, name, kind, common_frame, rotation, translation, fx, fy, cx, cy, skew,
         width, height, distortion, metadata)
       VALUES (?, ?, ?, ?, ?::DOUBLE[], ?::DOUBLE[], ?, ?, ?, ?, ?, ?, ?, ?::DOUBLE[], ?)`,
      [
        s.id,
        s.name,
        s.kind,
        s.commonFrame,
        list(s.extrinsics.rotation),
        list(s.extrinsics.translation),
        k?.fx ?? null,
        k?.fy ?? null,
        k?.cx ?? null,
        k?.cy ?? null,
        k?.skew ?? null,
        k?.width ?? null,
        k?.height ?? null,
        list(k?.distortion),
        s.metadata === undefined ? null : JSON.stringify(s.metadata),
      ],
    );
  }
  for (const q of recording.sequences ?? []) {
    await db.run('INSERT OR REPLACE INTO sequences (name, reference_sensor, metadata) VALUES (?, ?, ?)', [
      q.name,
      q.referenceSensor ?? null,
      q.metadata === undefined ? null : JSON.stringify(q.metadata),
    ]);
  }
  const frames = recording.frames ?? [];
  if (frames.length === 0) return;
  const known = new Map(
    (await db.all<{ id: number; name: string }>('SELECT id, name FROM frames')).map((r) => [r.name, r.id]),
  );
  let next = (await db.scalar('SELECT coalesce(max(id), 0) FROM frames')) + 1;
  const reused = frames.map((f) => known.get(f.name)).filter((id): id is number => id !== undefined);
  if (reused.length > 0) {
    await db.run(`DELETE FROM frame_samples WHERE frame_id IN (${reused.join(', ')})`);
    await db.run(`DELETE FROM frames WHERE id IN (${reused.join(', ')})`);
  }
  const frameRows = await db.connection.createAppender('frames');
  // A pose (two lists) per member: members go through a temp table of JSON text, cast on the way in.
  await db.run(`CREATE TEMP TABLE IF NOT EXISTS frame_samples_batch (frame_id INTEGER, sample_id INTEGER,
    sensor_id VARCHAR, timestamp DOUBLE, pose_rotation VARCHAR, pose_translation VARCHAR)`);
  await db.run('DELETE FROM frame_samples_batch');
  const memberRows = await db.connection.createAppender('frame_samples_batch');
  for (const f of frames) {
    const id = known.get(f.name) ?? next++;
    frameRows.appendInteger(id);
    frameRows.appendVarchar(f.name);
    if (f.sequence === undefined) frameRows.appendNull();
    else frameRows.appendVarchar(f.sequence);
    if (f.index === undefined) frameRows.appendNull();
    else frameRows.appendInteger(f.index);
    if (f.timestamp === undefined || !Number.isFinite(f.timestamp)) frameRows.appendNull();
    else frameRows.appendDouble(f.timestamp);
    frameRows.endRow();
    for (const m of f.members) {
      const sampleId = sampleIds.get(m.sample);
      if (sampleId === undefined) continue;
      memberRows.appendInteger(id);
      memberRows.appendInteger(sampleId);
      memberRows.appendVarchar(m.sensor);
      if (m.timestamp === undefined || !Number.isFinite(m.timestamp)) memberRows.appendNull();
      else memberRows.appendDouble(m.timestamp);
      const pose = [list(m.pose?.rotation), list(m.pose?.translation)];
      for (const v of pose) {
        if (v === null) memberRows.appendNull();
        else memberRows.appendVarchar(v);
      }
      memberRows.endRow();
    }
  }
  frameRows.closeSync();
  memberRows.closeSync();
  await db.run(`INSERT INTO frame_samples SELECT frame_id, sample_id, sensor_id, timestamp,
    pose_rotation::DOUBLE[], pose_translation::DOUBLE[] FROM frame_samples_batch`);
}

/** A `sensors` row as DuckDB returns it (metadata as JSON text). */
export interface SensorRow extends Record<string, unknown> {
  id: string;
  name: string;
  kind: string;
  common_frame: string;
  rotation: number[];
  translation: number[];
  fx: number | null;
  fy: number | null;
  cx: number | null;
  cy: number | null;
  skew: number | null;
  width: number | null;
  height: number | null;
  distortion: number[] | null;
  metadata: string | null;
}

/** A sensor of its stored row. */
export function toSensor(r: SensorRow): Sensor {
  const s: Sensor = {
    id: r.id,
    name: r.name,
    kind: r.kind as SensorKind,
    commonFrame: r.common_frame,
    extrinsics: {
      rotation: [r.rotation[0]!, r.rotation[1]!, r.rotation[2]!, r.rotation[3]!],
      translation: [r.translation[0]!, r.translation[1]!, r.translation[2]!],
    },
  };
  if (r.fx !== null && r.fy !== null && r.cx !== null && r.cy !== null) {
    s.intrinsics = { fx: r.fx, fy: r.fy, cx: r.cx, cy: r.cy };
    if (r.skew !== null && r.skew !== 0) s.intrinsics.skew = r.skew;
    if (r.width !== null) s.intrinsics.width = r.width;
    if (r.height !== null) s.intrinsics.height = r.height;
    if (r.distortion !== null) s.intrinsics.distortion = r.distortion;
  }
  const metadata = parseJson<Record<string, unknown>>(r.metadata);
  if (metadata !== undefined) s.metadata = metadata;
  return s;
}

/** Every sensor, sequence and frame (with its members' sample ids, keys, sensors and timestamps). */
export async function loadRecording(db: Db): Promise<StoredRecording> {
  const sensors = (await db.all<SensorRow>('SELECT * FROM sensors ORDER BY id')).map(toSensor);
  const sequences = (
    await db.all<{ name: string; reference_sensor: string | null; metadata: string | null }>(
      'SELECT * FROM sequences ORDER BY name',
    )
  ).map((r) => {
    const q: Sequence = { name: r.name };
    if (r.reference_sensor !== null) q.referenceSensor = r.reference_sensor;
    const metadata = parseJson<Record<string, unknown>>(r.metadata);
    if (metadata !== undefined) q.metadata = metadata;
    return q;
  });
  const rows = await db.all<{
    id: number;
    name: string;
    sequence: string | null;
    seq_index: number | null;
    timestamp: number | null;
  }>('SELECT * FROM frames ORDER BY sequence NULLS LAST, seq_index NULLS LAST, name');
  const byId = new Map<number, StoredFrame>();
  const frames = rows.map((r) => {
    const f: StoredFrame = { id: r.id, name: r.name, members: [] };
    if (r.sequence !== null) f.sequence = r.sequence;
    if (r.seq_index !== null) f.index = r.seq_index;
    if (r.timestamp !== null) f.timestamp = r.timestamp;
    byId.set(r.id, f);
    return f;
  });
  const members = await db.all<{
    frame_id: number;
    sample_id: number;
    key: string;
    sensor_id: string;
    timestamp: number | null;
    pose_rotation: number[] | null;
    pose_translation: number[] | null;
  }>(
    `SELECT m.frame_id, m.sample_id, s.key, m.sensor_id, m.timestamp, m.pose_rotation, m.pose_translation
       FROM frame_samples m JOIN samples s ON s.id = m.sample_id ORDER BY m.frame_id, m.sensor_id`,
  );
  for (const m of members) {
    const member: FrameMember & { sampleId: number } = {
      sample: m.key,
      sensor: m.sensor_id,
      sampleId: m.sample_id,
    };
    if (m.timestamp !== null) member.timestamp = m.timestamp;
    const r = m.pose_rotation;
    const t = m.pose_translation;
    if (r !== null && t !== null && r.length === 4 && t.length === 3) {
      member.pose = { rotation: [r[0]!, r[1]!, r[2]!, r[3]!], translation: [t[0]!, t[1]!, t[2]!] };
    }
    byId.get(m.frame_id)?.members.push(member);
  }
  return { sensors, sequences, frames };
}
