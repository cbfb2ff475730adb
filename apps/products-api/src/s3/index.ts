/** S3 plumbing of the products API: the client factory, the request counter, the embedded server. */
export { createS3Client, S3ClientSettingsError, type S3ClientSettings } from './s3-client';
export { countS3Requests, type S3RequestCounter } from './request-counter';
export { observeS3Requests, type S3Outcome, type S3RequestEvent } from './request-observer';
export {
  EMBEDDED_S3_CREDENTIALS,
  EmbeddedS3OptionError,
  startEmbeddedS3,
  type EmbeddedS3,
  type EmbeddedS3Options,
} from './embedded-s3';
export { s3ClientSettings } from './client-settings';
export { installDesShim, singleDesWorks, type DesShimState } from './des-shim';
