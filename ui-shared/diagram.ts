/** The part of bpmn-js's canvas the fit uses. */
interface FittableCanvas {
  zoom(v: 'fit-viewport', center?: 'auto'): unknown;
  /** Reads the visible box (no argument) or shows the given one; only `leftInset` needs it. */
  viewbox?(box?: { x: number; y: number; width: number; height: number }): {
    x: number;
    y: number;
    width: number;
    height: number;
    scale: number;
  };
}

/**
 * Fits a bpmn-js diagram into its container once the container has a size. Fitting a
 * container that is not laid out yet (hidden, or not yet in the page) divides by zero inside
 * bpmn-js ("non-finite" SVGMatrix errors); the fit then waits for the first real size.
 *
 * `leftInset` (screen pixels) keeps the diagram clear of what floats over the canvas's left
 * edge — the modeler's palette: a fitted diagram began under it, so its first elements could
 * be neither seen nor clicked.
 */
export function fitWhenSized(container: HTMLElement, canvas: FittableCanvas, leftInset = 0): void {
  const fit = () => fitDiagram(canvas, leftInset);
  const sized = () => container.clientWidth > 0 && container.clientHeight > 0;
  if (sized()) return fit();
  const observer = new ResizeObserver(() => {
    if (!sized()) return;
    observer.disconnect();
    fit();
  });
  observer.observe(container);
}

/** Fits and centres the diagram, `leftInset` screen pixels clear of the left edge. */
export function fitDiagram(canvas: FittableCanvas, leftInset = 0): void {
  canvas.zoom('fit-viewport', 'auto');
  if (leftInset <= 0 || !canvas.viewbox) return;
  const box = canvas.viewbox();
  const inset = leftInset / box.scale;
  canvas.viewbox({ x: box.x - inset, y: box.y, width: box.width + inset, height: box.height });
}
