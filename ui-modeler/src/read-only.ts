import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import DmnViewer from 'dmn-js/lib/Viewer';
import { Form } from '@bpmn-io/form-js-viewer';
import { fitWhenSized } from '../../ui-shared/diagram.js';
import { zoomControls, type ZoomableCanvas } from '../../ui-shared/zoom-controls.js';
import type { ModelEditor } from './editors.js';

/**
 * A deployed version, shown and not editable: bpmn-js's navigated viewer (no palette, no
 * properties to change; zoom and pan), dmn-js's viewer (decision table cells are plain text)
 * and the form-js viewer with every field read-only. What they give back is what they got.
 */
function readOnly(
  content: string,
  destroy: () => void,
  select: (id: string) => boolean = () => false,
): ModelEditor {
  return {
    open: () => Promise.resolve(),
    content: () => Promise.resolve(content),
    onChange: () => undefined,
    markProblems: () => undefined,
    select,
    destroy,
  };
}

export async function bpmnReadOnly(
  canvas: HTMLElement,
  xml: string,
  zoomLabels: { zoomIn: string; zoomOut: string; fit: string },
): Promise<ModelEditor> {
  const viewer = new NavigatedViewer({ container: canvas });
  await viewer.importXML(xml);
  const canvasApi = viewer.get('canvas') as ZoomableCanvas & {
    scrollToElement(e: unknown): void;
  };
  zoomControls(canvas, canvasApi, zoomLabels);
  fitWhenSized(canvas, canvasApi);
  canvas.dataset.readOnly = 'true';
  return readOnly(
    xml,
    () => viewer.destroy(),
    (id) => {
      const element = (viewer.get('elementRegistry') as { get(id: string): unknown }).get(id);
      if (element) canvasApi.scrollToElement(element);
      return Boolean(element);
    },
  );
}

export async function dmnReadOnly(canvas: HTMLElement, xml: string): Promise<ModelEditor> {
  const viewer = new DmnViewer({ container: canvas });
  await viewer.importXML(xml);
  const table = viewer.getViews().find((v) => v.type === 'decisionTable');
  if (table) await viewer.open(table);
  // Nothing in a read-only table takes focus: the scrolling table must (WCAG 2.1.1).
  canvas.querySelectorAll('.tjs-table-container').forEach((c) => c.setAttribute('tabindex', '0'));
  canvas.dataset.readOnly = 'true';
  return readOnly(xml, () => viewer.destroy());
}

export async function formReadOnly(canvas: HTMLElement, json: string): Promise<ModelEditor> {
  const form = new Form({ container: canvas, properties: { readOnly: true } });
  await form.importSchema(JSON.parse(json) as object);
  canvas.dataset.readOnly = 'true';
  return readOnly(json, () => form.destroy());
}
