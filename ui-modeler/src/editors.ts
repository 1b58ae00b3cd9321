import BpmnModeler from 'bpmn-js/lib/Modeler';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  CamundaPlatformPropertiesProviderModule,
} from 'bpmn-js-properties-panel';
import { ElementTemplatesPropertiesProviderModule } from 'bpmn-js-element-templates';
import CamundaPlatformBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-platform';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';
import DmnModeler from 'dmn-js/lib/Modeler';
import { FormEditor } from '@bpmn-io/form-js-editor';
import { fitDiagram, fitWhenSized } from '../../ui-shared/diagram.js';
import { zoomControls, type ZoomableCanvas } from '../../ui-shared/zoom-controls.js';
import { editorLanguage, translateModule } from './i18n/translate.js';
import { translateFormEditor } from './i18n/form-editor-de.js';

/**
 * One editor per kind of model, behind one small interface: open a model, read it back,
 * hear about changes, and show the deployment checks' problems on the diagram.
 */
export interface ModelEditor {
  open(content: string): Promise<void>;
  content(): Promise<string>;
  onChange(callback: () => void): void;
  markProblems(problems: { elementId: string; message: string }[]): void;
  /** Selects an element (a problem's) and brings it into view; false if there is none. */
  select(elementId: string): boolean;
  destroy(): void;
}

export function bpmnEditor(
  canvas: HTMLElement,
  properties: HTMLElement,
  elementTemplates: unknown[],
  zoomLabels: { zoomIn: string; zoomOut: string; fit: string },
): ModelEditor {
  const modeler = new BpmnModeler({
    container: canvas,
    propertiesPanel: { parent: properties },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      // The Camunda 7 properties panel: Operaton runs the Camunda 7 dialect.
      CamundaPlatformPropertiesProviderModule,
      ElementTemplatesPropertiesProviderModule,
      CamundaPlatformBehaviorsModule,
      translateModule,
    ],
    moddleExtensions: { camunda: camundaModdle },
    elementTemplates,
  } as ConstructorParameters<typeof BpmnModeler>[0]);
  const overlays = modeler.get('overlays') as {
    add(id: string, type: string, o: { position: object; html: HTMLElement }): void;
    remove(filter: { type: string }): void;
  };
  const registry = modeler.get('elementRegistry') as { get(id: string): unknown };
  const canvasApi = modeler.get('canvas') as {
    addMarker(id: string, m: string): void;
    removeMarker(id: string, m: string): void;
    viewbox(box?: { x: number; y: number; width: number; height: number }): {
      x: number;
      y: number;
      width: number;
      height: number;
      scale: number;
    };
  } & ZoomableCanvas;
  // Clear of the palette floating over the canvas's left edge (its width and margin).
  const paletteInset = () => {
    const palette = canvas.querySelector<HTMLElement>('.djs-palette');
    return palette ? palette.offsetLeft + palette.offsetWidth + 16 : 0;
  };
  zoomControls(canvas, canvasApi, zoomLabels, () => fitDiagram(canvasApi, paletteInset()));
  let marked: string[] = [];
  return {
    async open(xml) {
      await modeler.importXML(xml);
      fitWhenSized(canvas, canvasApi, paletteInset());
    },
    async content() {
      return (await modeler.saveXML({ format: true })).xml ?? '';
    },
    onChange(callback) {
      modeler.on('commandStack.changed', callback);
    },
    markProblems(problems) {
      overlays.remove({ type: 'problems' });
      marked.forEach((id) => registry.get(id) && canvasApi.removeMarker(id, 'has-problem'));
      const byElement = new Map<string, string[]>();
      for (const p of problems) {
        const id = p.elementId.split('#')[0]!;
        if (id && registry.get(id)) byElement.set(id, [...(byElement.get(id) ?? []), p.message]);
      }
      marked = [...byElement.keys()];
      for (const [id, messages] of byElement) {
        canvasApi.addMarker(id, 'has-problem');
        const badge = document.createElement('span');
        badge.className = 'problem-marker';
        badge.title = messages.join('\n');
        badge.textContent = String(messages.length);
        badge.setAttribute('data-problem-for', id);
        overlays.add(id, 'problems', { position: { top: -8, right: 8 }, html: badge });
      }
    },
    select(elementId) {
      const element = registry.get(elementId.split('#')[0]!);
      if (!element) return false;
      (modeler.get('selection') as { select(e: unknown): void }).select(element);
      (modeler.get('canvas') as { scrollToElement(e: unknown): void }).scrollToElement(element);
      return true;
    },
    destroy: () => modeler.destroy(),
  };
}

export function dmnEditor(canvas: HTMLElement): ModelEditor {
  // The translate module per view: dmn-js drops `common.additionalModules`.
  const translated = { additionalModules: [translateModule] };
  const modeler = new DmnModeler({
    container: canvas,
    drd: translated,
    decisionTable: translated,
    literalExpression: translated,
    boxedExpression: translated,
  } as ConstructorParameters<typeof DmnModeler>[0]);
  const listeners: (() => void)[] = [];
  modeler.on('views.changed', () => {
    const bus = modeler.getActiveViewer()?.get('eventBus') as
      { on(e: string, cb: () => void): void } | undefined;
    bus?.on('elements.changed', () => listeners.forEach((l) => l()));
  });
  return {
    async open(xml) {
      await modeler.importXML(xml);
      // Decision tables are what process owners change (thresholds, periods): open the first.
      const table = modeler.getViews().find((v) => v.type === 'decisionTable');
      if (table) await modeler.open(table);
    },
    async content() {
      return (await modeler.saveXML({ format: true })).xml;
    },
    onChange: (callback) => void listeners.push(callback),
    markProblems: () => undefined,
    select: () => false,
    destroy: () => modeler.destroy(),
  };
}

export function formEditor(canvas: HTMLElement): ModelEditor {
  const editor = new FormEditor({ container: canvas });
  // form-js has no translate service: its chrome is translated in the DOM (form-editor-de.ts).
  const stopTranslating = editorLanguage() === 'de' ? translateFormEditor(canvas) : () => {};
  return {
    async open(json) {
      await editor.importSchema(JSON.parse(json));
      // A form opened again (in its other language) starts with nothing selected: the
      // properties panel would show the previous texts.
      (editor.get('selection') as { clear(): void }).clear();
    },
    async content() {
      return JSON.stringify(editor.saveSchema(), null, 2);
    },
    onChange: (callback) => editor.on('changed', callback),
    markProblems: () => undefined,
    select: () => false,
    destroy: () => {
      stopTranslating();
      editor.destroy();
    },
  };
}
