import { AppError } from '../../../shared/errors';

export interface ShownError {
  title: string;
  message: string;
  hint?: string;
}

export function describeError(err: unknown): string {
  if (err instanceof AppError) return err.hint ? `${err.message} ${err.hint}` : err.message;
  return err instanceof Error ? err.message : 'Something went wrong.';
}

export function toShownError(title: string, err: unknown): ShownError {
  if (err instanceof AppError) return { title, message: err.message, hint: err.hint };
  return { title, message: err instanceof Error ? err.message : 'Something went wrong.' };
}
