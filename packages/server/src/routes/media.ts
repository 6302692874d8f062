import { join } from 'node:path';
import { Readable } from 'node:stream';
import { AssayError } from '@assay/core/errors';
import { PROJECT_DIR } from '@assay/core/node/project';
import { type MediaFile, openMediaFile } from '@assay/core/node/serve/media-file';
import { birdsEyeThumbnail } from '@assay/core/node/serve/sample-points';
import { mediaEtag, thumbnail, thumbSize, thumbVariant } from '@assay/core/node/serve/thumbnail';
import { type Context, Hono } from 'hono';
import type { ServerContext } from '../context.js';
import { toErrorResponse } from '../error-handler.js';
import { SampleFiles } from '../sample-files.js';
import { openPointCloud } from './lidar.js';
import { parseId } from './samples.js';

/** Types a browser shows as they are; other formats (TIFF...) are sent as a WebP thumbnail of 512 px. */
const BROWSER_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  jfif: 'image/jpeg',
  jpe: 'image/jpeg',
  mpo: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  bmp: 'image/bmp',
  avif: 'image/avif',
  avifs: 'image/avif',
};

const CACHE = 'private, max-age=3600, must-revalidate';
/** Largest file sent as its own thumbnail when no thumbnail can be made of it (sendOriginal). */
const MAX_ORIGINAL_AS_THUMB = 16 * 1024 * 1024;
/**
 * A thumbnail whose file is not there: the browser keeps the 404 for a short while, so a grid showing the
 * same tiles again (a filter unchecked, a page scrolled back to) does not ask for each again. A file put in
 * place shows after that long (or a reload).
 */
const MISSING_CACHE = 'private, max-age=30';

/** The error answer, kept by the browser for MISSING_CACHE when it says the file is not there. */
function mediaError(c: Context, error: unknown, debug: boolean): Response {
  const missing =
    error instanceof AssayError && error.code === 'NOT_FOUND' && error.details?.reason === 'missing';
  if (!missing) throw error;
  const res = toErrorResponse(error, c, debug);
  res.headers.set('cache-control', MISSING_CACHE);
  return res;
}

function notModified(c: Context, etag: string): Response | undefined {
  const given = c.req.header('if-none-match');
  if (given?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
    return new Response(null, { status: 304, headers: { etag, 'cache-control': CACHE } });
  }
  return undefined;
}

export function mediaRoutes(ctx: ServerContext): Hono {
  const thumbs = join(ctx.handle.dir, PROJECT_DIR, 'thumbs');
  // a grid page's ~50 thumbnail requests look their samples up in one query (sample-files.ts)
  const files = new SampleFiles(ctx.handle);

  async function openSample(id: number): Promise<MediaFile> {
    const row = await files.get(id);
    if (row === undefined) {
      throw new AssayError('NOT_FOUND', 'The project has no sample with that id.', {
        hint: 'Sample ids come from POST /api/samples/query.',
        details: { id },
      });
    }
    if (row.status === 'corrupt') {
      throw new AssayError('NOT_FOUND', 'The image of this sample is corrupt (found by `assay scan`).', {
        hint: 'Replace the file and run `assay scan` again.',
        details: { id, reason: 'corrupt' },
      });
    }
    return openMediaFile(row.root, row.key, id);
  }

  async function sendThumb(c: Context, file: MediaFile, size: number, id: number): Promise<Response> {
    const etag = mediaEtag(file, thumbVariant(size));
    // a thumbnail made before, or the file itself sent in its place (sendOriginal): no decode to answer 304
    const cached = notModified(c, etag) ?? notModified(c, mediaEtag(file, 'full'));
    if (cached) return cached;
    let body: Buffer;
    try {
      body = await thumbnail(thumbs, file, size, id);
    } catch (error) {
      const original = await sendOriginal(file, error);
      if (original) return original;
      throw error;
    }
    return new Response(new Uint8Array(body), {
      headers: { 'content-type': 'image/webp', etag, 'cache-control': CACHE },
    });
  }

  /**
   * A file no thumbnail can be made of (a BMP variant libvips does not read) but whose type browsers show
   * (BROWSER_TYPES) and small enough to send as it is: the file itself stands in for its thumbnail.
   */
  async function sendOriginal(file: MediaFile, error: unknown): Promise<Response | undefined> {
    const undecodable = error instanceof AssayError && error.code === 'NOT_FOUND';
    const type = BROWSER_TYPES[file.path.slice(file.path.lastIndexOf('.') + 1).toLowerCase()];
    if (!undecodable || type === undefined || file.size > MAX_ORIGINAL_AS_THUMB) return undefined;
    const etag = mediaEtag(file, 'full');
    // read whole from the start (the thumbnail's attempt read the handle already; the caller closes it)
    const bytes = new Uint8Array(file.size);
    const { bytesRead } = await file.handle.read(bytes, 0, file.size, 0);
    return new Response(bytes.subarray(0, bytesRead), {
      headers: { 'content-type': type, etag, 'cache-control': CACHE },
    });
  }

  /** A point-cloud sample: the id of its frame's first camera image, if any (null: a bird's-eye render). */
  async function pointCloudView(id: number): Promise<{ camera: number | null } | undefined> {
    if ((await files.get(id))?.kind !== 'point_cloud') return undefined;
    return ctx.handle.use(async (db) => {
      const cam = await db.one<{ sample_id: number }>(
        `SELECT other.sample_id FROM frame_samples me
           JOIN frame_samples other ON other.frame_id = me.frame_id AND other.sample_id <> me.sample_id
           JOIN sensors se ON se.id = other.sensor_id AND se.kind = 'camera'
          WHERE me.sample_id = ? ORDER BY se.name, other.sample_id LIMIT 1`,
        [id],
      );
      return { camera: cam?.sample_id ?? null };
    });
  }

  /** The thumbnail of a point cloud: its camera image's, else a bird's-eye render (cached). */
  async function sendPointCloudThumb(c: Context, id: number, camera: number | null, size: number) {
    if (camera !== null) {
      const file = await openSample(camera);
      try {
        return await sendThumb(c, file, size, camera);
      } finally {
        await file.handle.close();
      }
    }
    const { file, format } = await openPointCloud(ctx, id);
    try {
      const etag = mediaEtag(file, `bev${size}`);
      const cached = notModified(c, etag);
      if (cached) return cached;
      const body = await birdsEyeThumbnail(thumbs, file, format, size);
      return new Response(new Uint8Array(body), {
        headers: { 'content-type': 'image/webp', etag, 'cache-control': CACHE },
      });
    } finally {
      await file.handle.close();
    }
  }

  return new Hono()
    .get('/media/:id/thumb', async (c) => {
      const id = parseId(c.req.param('id'));
      const size = thumbSize(Number(c.req.query('size') ?? 256) || 256);
      const cloud = await pointCloudView(id);
      if (cloud) return sendPointCloudThumb(c, id, cloud.camera, size);
      let file: MediaFile;
      try {
        file = await openSample(id);
      } catch (error) {
        return mediaError(c, error, ctx.debug);
      }
      try {
        return await sendThumb(c, file, size, id);
      } finally {
        await file.handle.close();
      }
    })
    .get('/media/:id/full', async (c) => {
      const id = parseId(c.req.param('id'));
      const cloud = await pointCloudView(id);
      if (cloud) return sendPointCloudThumb(c, id, null, 512);
      const file = await openSample(id);
      const ext = file.path.slice(file.path.lastIndexOf('.') + 1).toLowerCase();
      const type = BROWSER_TYPES[ext];
      if (type === undefined) {
        try {
          return await sendThumb(c, file, 512, id);
        } finally {
          await file.handle.close();
        }
      }
      const etag = mediaEtag(file, 'full');
      const cached = notModified(c, etag);
      if (cached) {
        await file.handle.close();
        return cached;
      }
      const stream = Readable.toWeb(file.handle.createReadStream({ autoClose: true })) as ReadableStream;
      return new Response(stream, {
        headers: {
          'content-type': type,
          'content-length': String(file.size),
          etag,
          'cache-control': CACHE,
        },
      });
    });
}
