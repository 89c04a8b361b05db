/**
 * Review components of the commits domain: DiffView draws one file's patch (from getFileDiff)
 * line by line or side by side, escaping everything; with a review context its lines take
 * comments (CommentableDiffView reads them from the review store).
 */
export {
  DiffView,
  CommentableDiffView,
  type DiffMode,
  type DiffNav,
  type DiffReview,
} from './DiffView';
export {
  buildDiffModel,
  toSplitRows,
  type DiffFileModel,
  type DiffRow,
  type SplitRow,
} from './diff-model';
export type { ReviewView } from './comment-index';
