import { defineProblems } from '../../http/problem.js';

/** The codes of picture uploads and served images. */
export const mediaProblems = defineProblems({
  file_required: 400,
  too_many_parts: 400,
  invalid_multipart: 400,
  invalid_file_name: 400,
  media_not_found: 404,
  unsupported_image: 415,
  image_too_large: 422,
  extreme_aspect_ratio: 422,
  too_many_frames: 422,
  media_busy: 503,
});

declare module '../../http/problem.js' {
  interface ProblemCatalogue {
    media: typeof mediaProblems;
  }
}
