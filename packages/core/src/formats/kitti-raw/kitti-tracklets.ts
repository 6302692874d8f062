import { XMLParser } from 'fast-xml-parser';
import type { Cuboid } from '../../model/annotation.js';
import { counted } from '../counted.js';
import type { ProblemList } from '../problems.js';
import { MAX_XML_DEPTH, parseXmlFile } from '../xml.js';

/** One box of a tracklet in one frame of the drive. */
export interface TrackletBox {
  /** Absolute frame index in the drive (first_frame + pose index). */
  frame: number;
  /** Tracklet index in the file: the object's track id. */
  track: number;
  type: string;
  cuboid: Cuboid;
  /** The pose's state (1 interpolated, 2 labelled), occlusion (−1 unset, 0–2) and truncation (99 unset, 0–3). */
  attributes: Record<string, number>;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  maxNestedTags: MAX_XML_DEPTH,
  isArray: (name, jpath) =>
    name === 'item' &&
    (jpath === 'boost_serialization.tracklets.item' || String(jpath).endsWith('poses.item')),
});

type Node = Record<string, unknown>;
const list = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : []);

/**
 * The boxes of a KITTI raw `tracklet_labels.xml` (boost::serialization XML, as the raw data devkit's
 * parseTrackletXML.py and its MATLAB readTracklets read it): per tracklet objectType, h, w, l and
 * first_frame, then one pose per frame with tx, ty, tz (the box's bottom centre in the velodyne frame),
 * rx, ry, rz, state, occlusion and truncation. A cuboid's centre is the bottom centre raised by h/2; its
 * yaw is rz (rx and ry are 0 in KITTI's files: a pose with another tilt is kept yaw-only, with a warning).
 */
export function parseKittiTracklets(text: string, file: string, problems: ProblemList): TrackletBox[] {
  const doc = parseXmlFile(
    parser,
    text,
    file,
    'tracklet_labels.xml is the KITTI raw devkit XML (boost_serialization > tracklets > item).',
  ) as Node;
  const tracklets = list(
    ((doc.boost_serialization as Node | undefined)?.tracklets as Node | undefined)?.item,
  );
  const out: TrackletBox[] = [];
  let tilted = 0;
  tracklets.forEach((t, track) => {
    const num = (node: Node, key: string) => Number(node[key]);
    const [h, w, l] = [num(t, 'h'), num(t, 'w'), num(t, 'l')];
    const first = num(t, 'first_frame');
    const type = String(t.objectType ?? '').trim();
    if (type === '' || ![h, w, l, first].every(Number.isFinite)) {
      problems.skip(file, `tracklet ${track}`, 'needs objectType, h, w, l and first_frame');
      return;
    }
    list((t.poses as Node | undefined)?.item).forEach((p, k) => {
      const [tx, ty, tz, rx, ry, rz] = ['tx', 'ty', 'tz', 'rx', 'ry', 'rz'].map((key) => num(p, key));
      if (![tx, ty, tz, rz].every((v) => Number.isFinite(v))) {
        problems.skip(file, `tracklet ${track} pose ${k}`, 'needs numbers tx, ty, tz and rz');
        return;
      }
      if (Math.abs(rx || 0) > 1e-6 || Math.abs(ry || 0) > 1e-6) tilted++;
      const attributes: Record<string, number> = {};
      for (const key of ['state', 'occlusion', 'truncation'])
        if (Number.isFinite(num(p, key))) attributes[key] = num(p, key);
      out.push({
        frame: first + k,
        track,
        type,
        cuboid: {
          center: [tx!, ty!, tz! + h / 2],
          size: [l, w, h],
          yaw: rz!,
          frame: 'velodyne',
          trackId: String(track),
        },
        attributes,
      });
    });
  });
  if (tilted > 0)
    problems.warn(
      file,
      undefined,
      `${counted(tilted, 'pose')} ${tilted === 1 ? 'has' : 'have'} rx or ry other than 0: kept with their yaw (rz) only`,
    );
  return out;
}
