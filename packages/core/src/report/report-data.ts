import type { ProjectSummary } from '../store/project-store.js';
import type { Quantiles } from './box-plot-chart.js';
import type { ReportText } from './text-section.js';

/**
 * Everything the HTML report shows, as plain data. The node layer (node/write-report.ts) gathers it from
 * a project; renderReport turns it into one self-contained HTML string.
 */
export interface ReportData {
  /** Project name, shown as the page title. */
  title: string;
  projectDir: string;
  /** ISO timestamp of generation. */
  generatedAt: string;
  version: string;
  summary: ProjectSummary;
  charts: ReportCharts;
  issues: ReportIssueGroup[];
  plan?: ReportPlan;
  /** Lengths, languages, labels and issues of the text samples, when the project has any. */
  text?: ReportText;
  datasheet: DatasheetFacts;
}

/** A table of counts: values[row][column]. */
export interface CountTable {
  rows: string[];
  columns: string[];
  values: number[][];
}

export interface ReportHistogram {
  /** Short name, e.g. "Brightness". */
  title: string;
  /** Axis caption with the unit, e.g. "mean luma (0–255)". */
  xLabel: string;
  edges: number[];
  counts: number[];
  /** Bins evenly spaced in log10 of the value. */
  log?: boolean;
  /** One sentence on what the metric is and how to read it. */
  note?: string;
}

export interface ClassBoxStats {
  class: string;
  count: number;
  /** Box area w × h in pixels. */
  area: Quantiles;
  /** Box aspect w / h. */
  aspect: Quantiles;
}

/** LiDAR charts (report-lidar.ts), when the project has point clouds. */
export interface ReportLidarCharts {
  /** Points per sweep, then each sensor's offset from the LiDAR. */
  histograms: ReportHistogram[];
  /** Cuboids per distance band (columns) for each class (rows). */
  objectsByDistance: CountTable;
  /** Median points inside a box per distance band for each class (0 where no box). */
  pointsPerObject?: CountTable;
}

export interface ReportCharts {
  lidar?: ReportLidarCharts;
  /** Ground-truth annotations per class (columns) for each split (rows). */
  classBySplit?: CountTable;
  /** Annotations per class (columns) for each label source (rows). */
  classBySource?: CountTable;
  boxes: ClassBoxStats[];
  /** Image-level histograms: objects per image, size, file size, and scan metrics when present. */
  histograms: ReportHistogram[];
  /** Attribute values over the described source's annotations (most frequent first, at most 20 each). */
  attributes?: { name: string; annotations: number; values: [string, number][] }[];
  /** Images in which both classes occur (ground truth); the diagonal counts images with the class. */
  cooccurrence?: {
    classes: string[];
    counts: number[][];
    /** Classes that occur at all; more than `classes.length` when only the most frequent are shown. */
    occurring?: number;
  };
}

/** A box drawn over a thumbnail, in thumbnail pixels. */
export interface ThumbnailBox {
  x: number;
  y: number;
  w: number;
  h: number;
  label?: string;
  /** The box the issue is about (drawn in the alert colour). */
  highlight?: boolean;
}

export interface Thumbnail {
  /** A data: URI (image/jpeg or image/png). */
  src: string;
  width: number;
  height: number;
  boxes: ThumbnailBox[];
}

export interface ReportIssueExample {
  /** Sample path as imported, when the issue concerns a sample. */
  sample?: string;
  score: number;
  reason: string;
  /** Paths of the other samples involved (duplicates, leakage partners). */
  related: string[];
  thumbnail?: Thumbnail;
  /** Thumbnail of the first related sample (the duplicate, the leaked copy), shown beside the sample's. */
  relatedThumbnail?: Thumbnail;
  /** Why there is no thumbnail (file missing, corrupt...). */
  noThumbnail?: string;
}

export interface ReportIssueGroup {
  type: string;
  /** Highest severity among the issues of this type. */
  severity: 'error' | 'warning' | 'info';
  count: number;
  /** The worst examples, highest score first. */
  examples: ReportIssueExample[];
}

export interface ReportCriterion {
  name: string;
  value: number;
  limit: number;
  passed: boolean;
}

export interface ReportComposition {
  /** `class` or an attribute name. */
  field: string;
  /** Target shares by value. */
  target: Record<string, number>;
  /** Measured shares by value. */
  actual: Record<string, number>;
  overlap: number;
  minOverlap: number;
  passed: boolean;
}

export interface ReportPlan {
  /** The plan file as the user named it. */
  file: string;
  passed: boolean;
  criteria: ReportCriterion[];
  compositions: ReportComposition[];
}

/** What Assay can measure for a datasheet. */
export interface DatasheetFacts {
  imageFormats: Record<string, number>;
  /** Total bytes of the scanned files. */
  totalBytes: number;
  /** Width × height range of the scanned images. */
  resolution?: { minWidth: number; maxWidth: number; minHeight: number; maxHeight: number };
  /** Licences: name (or the licence id the annotation file gave) → samples that carry it. */
  licenses: {
    name: string;
    url?: string;
    samples: number;
    /** What the licence says about commercial use (licences/licence-terms.ts), when known. */
    commercial?: 'allowed' | 'forbidden' | 'unknown';
    sources?: string[];
  }[];
  /** Set when licences forbidding commercial use are mixed with others (licence-summary.ts). */
  licenceWarning?: string;
  /** Sample metadata fields present (e.g. coco_url, date_captured) → samples that have them. */
  metadataFields: Record<string, number>;
  /** Images roots (folders) the samples come from. */
  roots: string[];
}
