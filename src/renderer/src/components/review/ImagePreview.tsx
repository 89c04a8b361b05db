/**
 * Both sides of an image file's change, side by side on a checkerboard (getFileImage: each
 * side's bytes as base64). An SVG is markup from the agent's container: it is drawn only as an
 * <img> from a data: URL, where no script in it runs and nothing it names is fetched (the page's
 * CSP allows images from data: only), never put into the page's DOM.
 */
import { type ReactElement, useEffect, useState } from 'react';
import type { DiffFile, FileImage } from '../../../../shared/schemas/commits';
import { neutraliseLine } from '../../../../shared/neutralise';
import { api } from '../../api-context';
import { wholeSessionRange } from './session-range';

/** The files the review previews as images, by extension. */
export const IMAGE_FILE = /\.(png|jpe?g|gif|webp|bmp|ico|avif|svg)$/i;
export const SVG_FILE = /\.svg$/i;

/** Where the two sides come from: one commit, or a range (null: the whole session). */
export type ImageRange = { commit: string } | { from: string; to: string } | null;

export function ImagePreview(props: {
  sessionId: string;
  /** The range to compare; null: the whole session (from its start to its tip). */
  range: ImageRange;
  file: DiffFile;
}): ReactElement | null {
  const { sessionId, range, file } = props;
  const [preview, setPreview] = useState<FileImage | string | null>(null);
  useEffect(() => {
    let live = true;
    const load = async () => {
      const r = range ?? (await wholeSessionRange(sessionId));
      return api().getFileImage({
        sessionId,
        ...r,
        path: file.path,
        ...(file.oldPath ? { oldPath: file.oldPath } : {}),
      });
    };
    load().then(
      (p) => live && setPreview(p),
      (e: unknown) => live && setPreview((e as Error).message),
    );
    return () => {
      live = false;
    };
  }, [sessionId, range, file]);
  if (typeof preview === 'string')
    return <p className="muted rv-image-none">No preview: {preview}</p>;
  if (!preview) return null;
  return (
    <div className="rv-images" data-testid="image-preview">
      {(['old', 'new'] as const).map((side) =>
        preview[side] ? (
          <figure key={side} className={`rv-image rv-image-${side}`}>
            <img
              // An icon-sized image is drawn larger, its pixels kept sharp.
              onLoad={(e) => {
                const img = e.currentTarget;
                if (img.naturalWidth < 64) img.classList.add('rv-image-small');
              }}
              src={`data:${preview.mime};base64,${preview[side]}`}
              alt={`${side === 'old' ? 'Before' : 'After'}: ${neutraliseLine(file.path)}`}
              decoding="async"
            />
            <figcaption className="muted">{side === 'old' ? 'Before' : 'After'}</figcaption>
          </figure>
        ) : null,
      )}
    </div>
  );
}
