/** Contract handlers of the merge domain (merge home, update checkout, rebase request, discard). */
import type { Handlers } from '../../shared/contract';
import type { MergeService } from './service';

type MergeMethods =
  | 'previewMerge'
  | 'mergeSession'
  | 'updateCheckout'
  | 'requestRebase'
  | 'discardSession'
  | 'getSessionGitState';

export function mergeHandlers(merge: MergeService): Pick<Handlers, MergeMethods> {
  return {
    previewMerge: (input) => merge.preview(input),
    mergeSession: (input) => merge.merge(input),
    updateCheckout: (input) => merge.updateCheckout(input),
    requestRebase: (input) => merge.requestRebase(input),
    discardSession: (input) => merge.discard(input),
    getSessionGitState: (input) => merge.gitState(input.sessionId),
  };
}
