import type { PictureKind } from '../../api/types';

/**
 * The crop step's geometry, in the image's own pixels: the view is the crop's centre and a zoom
 * (1 = the largest crop of the frame's aspect that fits in the image). The frame never leaves the
 * image, so the result has no empty borders.
 */

export interface Size {
  width: number;
  height: number;
}
export interface Rect extends Size {
  x: number;
  y: number;
}
export interface CropView {
  zoom: number;
  cx: number;
  cy: number;
}

/**
 * Avatar: a square shown round, 512 px (the server keeps 256 and 64). Background: 16:9, the
 * shape of the screens it is shown behind (`background-size: cover`), 1920 px wide at most.
 * Never enlarged: a small crop is sent at its own size.
 */
export const CROP_SHAPES: Record<PictureKind, { aspect: number; maxWidth: number; round: boolean }> = {
  avatar: { aspect: 1, maxWidth: 512, round: true },
  background: { aspect: 16 / 9, maxWidth: 1920, round: false },
};

export const MIN_ZOOM = 1;
export const MAX_ZOOM = 4;

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

export function cropRect(image: Size, aspect: number, view: CropView): Rect {
  const width = Math.min(image.width, image.height * aspect) / view.zoom;
  const height = width / aspect;
  return { x: view.cx - width / 2, y: view.cy - height / 2, width, height };
}

export function initialView(image: Size): CropView {
  return { zoom: MIN_ZOOM, cx: image.width / 2, cy: image.height / 2 };
}

/** The nearest view whose zoom is in range and whose crop lies inside the image. */
export function clampView(image: Size, aspect: number, view: CropView): CropView {
  const zoom = clamp(view.zoom, MIN_ZOOM, MAX_ZOOM);
  const { width, height } = cropRect(image, aspect, { zoom, cx: 0, cy: 0 });
  return { zoom, cx: clamp(view.cx, width / 2, image.width - width / 2), cy: clamp(view.cy, height / 2, image.height - height / 2) };
}

/** The picture moved by (dx, dy) screen pixels in a frame `frameWidth` pixels wide: the crop goes the other way. */
export function moveView(image: Size, aspect: number, view: CropView, dx: number, dy: number, frameWidth: number): CropView {
  const perPixel = cropRect(image, aspect, view).width / frameWidth;
  return clampView(image, aspect, { ...view, cx: view.cx - dx * perPixel, cy: view.cy - dy * perPixel });
}

export function zoomView(image: Size, aspect: number, view: CropView, zoom: number): CropView {
  return clampView(image, aspect, { ...view, zoom });
}

/** The size of the image the crop produces. */
export function outputSize(crop: Rect, kind: PictureKind): Size {
  const { aspect, maxWidth } = CROP_SHAPES[kind];
  const width = Math.max(1, Math.round(Math.min(maxWidth, crop.width)));
  return { width, height: Math.max(1, Math.round(width / aspect)) };
}

/**
 * The cropped picture as WebP (PNG where the browser cannot write WebP; `blob.type` says which),
 * drawn from the decoded bitmap, so nothing of the original file (EXIF, GPS) goes with it.
 */
export function renderCrop(bitmap: ImageBitmap, crop: Rect, kind: PictureKind): Promise<Blob> {
  const size = outputSize(crop, kind);
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const context = canvas.getContext('2d');
  if (!context) return Promise.reject(new Error('no 2d canvas'));
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, crop.x, crop.y, crop.width, crop.height, 0, 0, size.width, size.height);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('canvas.toBlob gave nothing'))), 'image/webp', 0.9));
}
