/** Contract handlers of the commits domain (review, rewrite, push, pull requests). */
import type { Handlers } from '../../shared/contract';
import type { CommitService } from './service';

type CommitMethods =
  | 'listCommits'
  | 'getCommitDiff'
  | 'getRangeDiff'
  | 'getSessionDiff'
  | 'getFileDiff'
  | 'getFileImage'
  | 'acceptRewrite'
  | 'pushBranch'
  | 'getPullRequestDraft'
  | 'createPullRequest';

export function commitHandlers(service: CommitService): Pick<Handlers, CommitMethods> {
  return {
    listCommits: ({ sessionId }) => service.listCommits(sessionId),
    getCommitDiff: ({ sessionId, commit }) => service.commitDiff(sessionId, commit),
    getRangeDiff: ({ sessionId, from, to }) => service.rangeDiff(sessionId, from, to),
    getSessionDiff: ({ sessionId }) => service.sessionDiff(sessionId),
    getFileDiff: ({ sessionId, ...q }) => service.fileDiff(sessionId, q),
    getFileImage: ({ sessionId, ...q }) => service.fileImage(sessionId, q),
    acceptRewrite: ({ sessionId, tip }) => service.acceptRewrite(sessionId, tip),
    pushBranch: ({ sessionId, remote, confirmRewrite }) =>
      service.push(sessionId, {
        ...(remote ? { remote } : {}),
        ...(confirmRewrite ? { confirmRewrite } : {}),
      }),
    getPullRequestDraft: ({ sessionId, remote }) => service.prDraft(sessionId, remote),
    createPullRequest: ({ sessionId, ...input }) => service.createPr(sessionId, input),
  };
}
