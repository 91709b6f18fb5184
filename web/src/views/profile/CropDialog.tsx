import { type KeyboardEvent, type PointerEvent, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PictureKind } from '../../api/types';
import { Modal } from '../../components/dialogs';
import { ErrorAlert } from '../../components/ui';
import { CROP_SHAPES, type CropView, MAX_ZOOM, MIN_ZOOM, cropRect, initialView, moveView, renderCrop, zoomView } from './crop';

/** The dimmed margin around the frame, where the rest of the picture shows. */
const MARGIN = 24;
const MAX_FRAME = { avatar: 280, background: 440 };
const STEP = 10;
const BIG_STEP = 50;
const ZOOM_STEP = 0.1;

interface Props {
  kind: PictureKind;
  bitmap: ImageBitmap;
  gif: boolean;
  busy: boolean;
  error: unknown;
  onCancel: () => void;
  onConfirm: (picture: Blob) => void;
}

/**
 * The crop and position step (its own chunk): the picture behind a frame, moved by dragging or
 * the arrow keys, zoomed by the slider, the wheel or +/−. What the frame shows is what is sent.
 */
export function CropDialog({ kind, bitmap, gif, busy, error, onCancel, onConfirm }: Props) {
  const { t, i18n } = useTranslation();
  const { aspect, round } = CROP_SHAPES[kind];
  const [view, setView] = useState<CropView>(() => initialView(bitmap));
  const [stageWidth, setStageWidth] = useState(0);
  const [failed, setFailed] = useState<unknown>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const drag = useRef<{ x: number; y: number } | null>(null);
  const helpId = useId();
  const zoomId = useId();

  const frameWidth = Math.max(0, Math.min(stageWidth - 2 * MARGIN, MAX_FRAME[kind]));
  const frameHeight = frameWidth / aspect;
  const stageHeight = frameHeight + 2 * MARGIN;

  useLayoutEffect(() => {
    const stage = stageRef.current;
    if (!stage) return;
    const observer = new ResizeObserver(() => setStageWidth(stage.clientWidth));
    observer.observe(stage);
    setStageWidth(stage.clientWidth);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context || frameWidth === 0) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(stageWidth * ratio);
    canvas.height = Math.round(stageHeight * ratio);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    const crop = cropRect(bitmap, aspect, view);
    const scale = frameWidth / crop.width;
    const left = (stageWidth - frameWidth) / 2;
    context.clearRect(0, 0, stageWidth, stageHeight);
    context.drawImage(bitmap, left - crop.x * scale, MARGIN - crop.y * scale, bitmap.width * scale, bitmap.height * scale);
    // Outside the frame the picture is dimmed; the frame itself is outlined.
    const frame = new Path2D();
    if (round) frame.arc(left + frameWidth / 2, MARGIN + frameHeight / 2, frameWidth / 2, 0, 2 * Math.PI);
    else frame.rect(left, MARGIN, frameWidth, frameHeight);
    const outside = new Path2D();
    outside.rect(0, 0, stageWidth, stageHeight);
    outside.addPath(frame);
    context.fillStyle = 'rgb(0 0 0 / 55%)';
    context.fill(outside, 'evenodd');
    context.strokeStyle = '#fff';
    context.lineWidth = 2;
    context.stroke(frame);
  }, [bitmap, aspect, round, view, stageWidth, stageHeight, frameWidth, frameHeight]);

  // React's wheel listener is passive; this one must stop the page from scrolling.
  useEffect(() => {
    const stage = stageRef.current;
    if (!stage) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      setView((current) => zoomView(bitmap, aspect, current, current.zoom * Math.exp(-event.deltaY * 0.002)));
    };
    stage.addEventListener('wheel', onWheel, { passive: false });
    return () => stage.removeEventListener('wheel', onWheel);
  }, [bitmap, aspect]);

  const move = (dx: number, dy: number) => setView((current) => moveView(bitmap, aspect, current, dx, dy, frameWidth));
  const zoomTo = (zoom: number) => setView((current) => zoomView(bitmap, aspect, current, zoom));

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { x: event.clientX, y: event.clientY };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    move(event.clientX - drag.current.x, event.clientY - drag.current.y);
    drag.current = { x: event.clientX, y: event.clientY };
  };
  const endDrag = () => {
    drag.current = null;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? BIG_STEP : STEP;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const by = moves[event.key];
    if (by) move(by[0], by[1]);
    else if (event.key === '+' || event.key === '=') zoomTo(view.zoom + ZOOM_STEP);
    else if (event.key === '-' || event.key === '_') zoomTo(view.zoom - ZOOM_STEP);
    else return;
    event.preventDefault();
  };

  const confirm = async () => {
    setFailed(null);
    try {
      onConfirm(await renderCrop(bitmap, cropRect(bitmap, aspect, view), kind));
    } catch (failure) {
      setFailed(failure);
    }
  };

  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent' }).format(view.zoom);
  return (
    <Modal open onClose={onCancel} title={kind === 'avatar' ? t('crop.avatarTitle') : t('crop.backgroundTitle')}>
      <div className="modal-body crop">
        <p id={helpId} className="muted">
          {t('crop.instructions')}
        </p>
        {gif ? <p className="hint">{t('crop.gifFirstFrame')}</p> : null}
        <div
          ref={stageRef}
          className="crop-stage"
          style={{ height: stageHeight }}
          role="group"
          aria-label={kind === 'avatar' ? t('crop.avatarFrame') : t('crop.backgroundFrame')}
          aria-describedby={helpId}
          tabIndex={0}
          data-testid="crop-frame"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={endDrag}
          onPointerCancel={endDrag}
          onKeyDown={onKeyDown}
        >
          <canvas ref={canvasRef} style={{ width: stageWidth, height: stageHeight }} aria-hidden="true" />
        </div>
        <div className="crop-zoom">
          <label htmlFor={zoomId}>{t('crop.zoom')}</label>
          <input id={zoomId} type="range" min={MIN_ZOOM} max={MAX_ZOOM} step={0.01} value={view.zoom} aria-valuetext={percent} onChange={(event) => zoomTo(Number(event.target.value))} />
          <output htmlFor={zoomId} aria-hidden="true">
            {percent}
          </output>
        </div>
        <ErrorAlert error={error ?? failed} />
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void confirm()}>
            {busy ? t('picture.uploading') : t('picture.upload')}
          </button>
        </div>
      </div>
    </Modal>
  );
}
