export {
  FerryClient,
  normaliseBaseUrl,
  type ArtifactRef,
  type FerryClientOptions,
  type Subscription,
} from './client/client';
export { ExitCode, FerryApiError } from './client/errors';
export { runCli, type CliIo } from './cli';
