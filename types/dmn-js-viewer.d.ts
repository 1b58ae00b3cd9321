// dmn-js's viewer (no editing: decision table cells are not editable), typed at our boundary.
declare module 'dmn-js/lib/Viewer' {
  export default class DmnViewer {
    constructor(options: { container: HTMLElement; common?: object });
    importXML(xml: string): Promise<{ warnings: unknown[] }>;
    saveXML(options?: { format?: boolean }): Promise<{ xml: string }>;
    getViews(): { type: string; element: { id: string } }[];
    open(view: { type: string }): Promise<unknown>;
    destroy(): void;
  }
}
