// bpmn.io packages the modeler uses that ship no type declarations: typed at our boundary.
declare module 'bpmn-js-properties-panel' {
  export const BpmnPropertiesPanelModule: unknown;
  export const BpmnPropertiesProviderModule: unknown;
  export const CamundaPlatformPropertiesProviderModule: unknown;
}
declare module 'bpmn-js-element-templates' {
  export const ElementTemplatesPropertiesProviderModule: unknown;
}
declare module 'camunda-bpmn-js-behaviors/lib/camunda-platform' {
  const module: unknown;
  export default module;
}
declare module 'dmn-js/lib/Modeler' {
  export default class DmnModeler {
    constructor(options: { container: HTMLElement; common?: object });
    importXML(xml: string): Promise<{ warnings: unknown[] }>;
    saveXML(options?: { format?: boolean }): Promise<{ xml: string }>;
    getViews(): { type: string; element: { id: string } }[];
    open(view: { type: string }): Promise<unknown>;
    getActiveViewer(): { get(service: string): unknown } | undefined;
    on(event: string, callback: (e: unknown) => void): void;
    destroy(): void;
  }
}
