/** Where the session's review goes. */
export { ReviewPanel as ReviewSlot } from './ReviewPanel';
