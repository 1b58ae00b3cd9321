/**
 * Fits a bpmn-js diagram into its container once the container has a size. Fitting a
 * container that is not laid out yet (hidden, or not yet in the page) divides by zero inside
 * bpmn-js ("non-finite" SVGMatrix errors); the fit then waits for the first real size.
 */
export function fitWhenSized(
  container: HTMLElement,
  canvas: { zoom(v: 'fit-viewport'): unknown },
): void {
  const sized = () => container.clientWidth > 0 && container.clientHeight > 0;
  if (sized()) return void canvas.zoom('fit-viewport');
  const observer = new ResizeObserver(() => {
    if (!sized()) return;
    observer.disconnect();
    canvas.zoom('fit-viewport');
  });
  observer.observe(container);
}
