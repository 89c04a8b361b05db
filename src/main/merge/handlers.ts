/** Contract handlers of the merge domain (merge home, update checkout, rebase request, discard). */
import type { Handlers } from '../../shared/contract';
import { AppError } from '../../shared/errors';

type MergeMethods =
  | 'previewMerge'
  | 'mergeSession'
  | 'updateCheckout'
  | 'requestRebase'
  | 'discardSession'
  | 'getSessionGitState';

const todo = async (): Promise<never> => {
  throw new AppError('not-implemented', 'merging is not built yet');
};

// Placeholder until the merge service lands (issue 12).
export function mergeHandlers(): Pick<Handlers, MergeMethods> {
  return {
    previewMerge: todo,
    mergeSession: todo,
    updateCheckout: todo,
    requestRebase: todo,
    discardSession: todo,
    getSessionGitState: todo,
  };
}
