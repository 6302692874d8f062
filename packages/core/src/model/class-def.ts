/** One class of the project's class map. */
export interface ClassDef {
  name: string;
  supercategory?: string;
  /** The id each format gave this class (`coco: 18`, `yolo: 3`), kept so export can restore it. */
  originalIds?: Record<string, number | string>;
  /** Keypoint names and skeleton (1-based pairs, as COCO) for keypoint classes. */
  keypoints?: string[];
  skeleton?: [number, number][];
}
