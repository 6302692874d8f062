export { Annotation, AnnotationKind, AnnotationsRequest, AnnotationsResponse } from './annotations.js';
export { AttributeFacet, AttributeFacetsRequest, AttributeFacetsResponse } from './attribute-facets.js';
export { type AssayClient, type ClientOptions, createClient } from './client.js';
export {
  decodeColumns,
  EmbeddingMapResponse,
  encodeColumns,
  MapColoursHeader,
  MapPointsHeader,
} from './embedding-map.js';
export { ApiError, ErrorBody, STATUS_BY_CODE } from './errors.js';
export { FacetsRequest, FacetsResponse } from './facets.js';
export {
  decodeFilter,
  encodeFilter,
  Filter,
  MAX_REGION_POLYGONS,
  MAX_REGION_VERTICES,
  MapRegion,
  Outcome,
  Range,
} from './filter.js';
export { Histogram, ValueCount } from './histogram.js';
export {
  InspectionError,
  InspectionItem,
  InspectionItemsResponse,
  InspectionMarkRequest,
  InspectionMarkResponse,
  InspectionReportResponse,
  InspectionSummary,
} from './inspection.js';
export {
  CuboidsRequest,
  CuboidsResponse,
  LidarCamera,
  LidarFrame,
  LidarFramesResponse,
  PointColorBy,
  type PointsPayload,
  PointsQuery,
  ProjectionsResponse,
  SensorCalibration,
  SensorsResponse,
  ViewCuboid,
  ViewProjection,
} from './lidar.js';
export { OverviewResponse } from './overview.js';
export { Patch, PatchesRequest, PatchesResponse } from './patches.js';
export { ChangeEvent, ProjectResponse, SourceKind } from './project.js';
export {
  EditsRequest,
  EditsResponse,
  HistoryEdit,
  HistoryResponse,
  ReviewEdit,
  ReviewFilter,
  ReviewItem,
  ReviewQueueRequest,
  ReviewQueueResponse,
  UndoRequest,
  UndoResponse,
} from './review.js';
export {
  SampleDetail,
  SampleIssue,
  SampleItem,
  SampleSort,
  SamplesQueryRequest,
  SamplesQueryResponse,
} from './samples.js';
export { SimilarQuery, SimilarResponse, SimilarSample } from './similar.js';
