import { el } from './dom.js';

/** What the zoom controls need of a bpmn-js canvas. */
export interface ZoomableCanvas {
  zoom(level?: number | 'fit-viewport', center?: 'auto'): number;
}

/**
 * Zoom in, zoom out and fit, as buttons over a diagram (keyboard reachable, named for screen
 * readers); the diagram opens fitted (`fitWhenSized`). Placed bottom left: the bpmn.io
 * watermark keeps its corner.
 */
export function zoomControls(
  container: HTMLElement,
  canvas: ZoomableCanvas,
  labels: { zoomIn: string; zoomOut: string; fit: string },
  /** Fits the diagram as it opened (the modeler keeps it clear of its palette). */
  fit: () => void = () => void canvas.zoom('fit-viewport', 'auto'),
): HTMLElement {
  const step = (factor: number) => () => {
    const level = canvas.zoom();
    canvas.zoom(Math.min(4, Math.max(0.2, level * factor)), 'auto');
  };
  const button = (label: string, text: string, action: () => void, id: string) =>
    el(
      'button',
      { type: 'button', 'aria-label': label, title: label, 'data-zoom': id, onclick: action },
      text,
    );
  const controls = el(
    'div',
    { class: 'zoom-controls', role: 'group', 'aria-label': labels.fit },
    button(labels.zoomIn, '+', step(1.25), 'in'),
    button(labels.zoomOut, '−', step(0.8), 'out'),
    button(labels.fit, '⤢', fit, 'fit'),
  );
  container.style.position = 'relative';
  container.append(controls);
  return controls;
}
