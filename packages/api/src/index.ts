export { Annotation, AnnotationKind, AnnotationsRequest, AnnotationsResponse } from './annotations.js';
export { type AssayClient, type ClientOptions, createClient } from './client.js';
export { ApiError, ErrorBody, STATUS_BY_CODE } from './errors.js';
export { FacetsRequest, FacetsResponse } from './facets.js';
export { decodeFilter, encodeFilter, Filter, Outcome, Range } from './filter.js';
export { Histogram, ValueCount } from './histogram.js';
export { OverviewResponse } from './overview.js';
export { Patch, PatchesRequest, PatchesResponse } from './patches.js';
export { ChangeEvent, ProjectResponse, SourceKind } from './project.js';
export {
  SampleDetail,
  SampleIssue,
  SampleItem,
  SampleSort,
  SamplesQueryRequest,
  SamplesQueryResponse,
} from './samples.js';
export { SimilarQuery, SimilarResponse, SimilarSample } from './similar.js';
