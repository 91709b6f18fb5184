import type { FastifyRequest } from 'fastify';
import { Problem, badRequest } from '../../http/problem.js';

/** Upload limits per slot, in bytes. */
export const UPLOAD_LIMITS = { avatar: 5 * 1024 * 1024, background: 10 * 1024 * 1024 } as const;
/** Room for the multipart envelope around the file when judging Content-Length. */
const ENVELOPE_BYTES = 64 * 1024;

const tooLarge = (maxBytes: number) =>
  new Problem(413, 'payload_too_large', `The file is larger than ${maxBytes / (1024 * 1024)} MB.`, { maxBytes });
const fileRequired = () => badRequest('file_required', 'Send the image as multipart/form-data in the field "file".');

/**
 * The uploader's file name is never used (files are named by the server), but a name that tries
 * to climb directories or smuggle control characters marks a hostile client: refuse it.
 */
export function isAcceptableFileName(name: string | undefined): boolean {
  if (name === undefined || name === '') return true;
  // eslint-disable-next-line no-control-regex
  return name.length <= 255 && !/[/\\\u0000-\u001f\u007f]/.test(name) && name !== '.' && name !== '..';
}

/** Multipart errors (from @fastify/multipart and busboy) as problems; they are all about the request. */
function uploadProblem(error: unknown, maxBytes: number): unknown {
  if (error instanceof Problem) return error;
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return tooLarge(maxBytes);
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return badRequest('too_many_parts', 'Send one file, in the field "file".');
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new Problem(415, 'unsupported_media_type', 'Send multipart/form-data.');
    default:
      return badRequest('invalid_multipart', 'The multipart body is malformed.');
  }
}

/**
 * Reads the one file of a multipart upload (field `file`) into memory, at most `maxBytes`.
 * @throws 415 unsupported_media_type, 413 payload_too_large, 400 file_required | invalid_file_name |
 *   too_many_parts | invalid_multipart
 */
export async function readImageUpload(request: FastifyRequest, maxBytes: number): Promise<Buffer> {
  if (!request.isMultipart()) {
    throw new Problem(415, 'unsupported_media_type', 'Send multipart/form-data with the image in the field "file".');
  }
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes + ENVELOPE_BYTES) throw tooLarge(maxBytes);
  try {
    let data: Buffer | null = null;
    // every part is read, so a second file is noticed (busboy's files limit) rather than ignored
    for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1 } })) {
      if (part.type !== 'file') continue;
      if (part.fieldname !== 'file') {
        part.file.resume();
        throw fileRequired();
      }
      if (!isAcceptableFileName(part.filename)) {
        part.file.resume();
        throw badRequest('invalid_file_name', 'The file name must not contain a path or control characters.');
      }
      data = await part.toBuffer();
      if (part.file.truncated) throw tooLarge(maxBytes);
    }
    if (data === null) throw fileRequired();
    return data;
  } catch (error) {
    throw uploadProblem(error, maxBytes);
  }
}
