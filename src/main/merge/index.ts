export { mergeHandlers } from './handlers';
export { MergeService, type MergeDeps } from './service';
