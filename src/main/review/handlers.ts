/** Contract handlers of the review domain (comments, the message to the agent, viewed marks). */
import type { Handlers } from '../../shared/contract';
import type { ReviewService } from './service';

type ReviewMethods =
  | 'getReview'
  | 'addReviewComment'
  | 'updateReviewComment'
  | 'deleteReviewComment'
  | 'composeReview'
  | 'sendReview'
  | 'cancelQueuedReview'
  | 'getViewedMarks'
  | 'setViewedMarks';

export function reviewHandlers(review: ReviewService): Pick<Handlers, ReviewMethods> {
  return {
    getReview: ({ sessionId }) => review.get(sessionId),
    addReviewComment: ({ sessionId, anchor, body }) => review.add(sessionId, anchor, body),
    updateReviewComment: ({ sessionId, id, body }) => review.update(sessionId, id, body),
    deleteReviewComment: ({ sessionId, id }) => review.remove(sessionId, id),
    composeReview: ({ sessionId, commentIds }) => review.compose(sessionId, commentIds),
    sendReview: ({ sessionId, text, commentIds, when }) =>
      review.send(sessionId, text, commentIds, when),
    cancelQueuedReview: ({ sessionId }) => review.cancelQueued(sessionId),
    getViewedMarks: ({ sessionId, scope }) => review.getViewed(sessionId, scope),
    setViewedMarks: ({ sessionId, scope, marks }) => review.setViewed(sessionId, scope, marks),
  };
}
