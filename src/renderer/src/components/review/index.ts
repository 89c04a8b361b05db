/**
 * Review components of the commits domain, for the lead to place: DiffView draws one file's
 * patch (from getFileDiff) line by line or side by side, escaping everything.
 */
export { DiffView, type DiffMode } from './DiffView';
export {
  buildDiffModel,
  toSplitRows,
  type DiffFileModel,
  type DiffRow,
  type SplitRow,
} from './diff-model';
