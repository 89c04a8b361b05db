/** Contract handlers of the review domain (comments and the message to the agent). */
import type { Handlers } from '../../shared/contract';
import { AppError } from '../../shared/errors';

type ReviewMethods =
  | 'getReview'
  | 'addReviewComment'
  | 'updateReviewComment'
  | 'deleteReviewComment'
  | 'composeReview'
  | 'sendReview'
  | 'cancelQueuedReview';

const todo = async (): Promise<never> => {
  throw new AppError('not-implemented', 'review comments are not built yet');
};

// Placeholder until the review service lands (issue 12).
export function reviewHandlers(): Pick<Handlers, ReviewMethods> {
  return {
    getReview: todo,
    addReviewComment: todo,
    updateReviewComment: todo,
    deleteReviewComment: todo,
    composeReview: todo,
    sendReview: todo,
    cancelQueuedReview: todo,
  };
}
