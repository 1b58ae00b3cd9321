/**
 * German texts of the form-js editor. Unlike bpmn-js and dmn-js, form-js 1.x has no
 * `translate` service for its palette and properties panel (their texts are constants), so
 * the editor's own DOM is translated: an observer swaps known English texts (text nodes and
 * the `title`, `placeholder`, `aria-label` attributes) for German ones as the editor renders
 * them. The form being edited (its canvas) is left alone: its labels are the form's content.
 */
const FORM_DE: Record<string, string> = {
  // palette
  Components: 'Komponenten',
  'Search components': 'Komponenten suchen',
  'No components found.': 'Keine Komponenten gefunden.',
  Input: 'Eingabe',
  Selection: 'Auswahl',
  Presentation: 'Darstellung',
  Containers: 'Container',
  Action: 'Aktion',
  'Text field': 'Textfeld',
  'Text area': 'Textbereich',
  Number: 'Zahl',
  'Date time': 'Datum/Uhrzeit',
  'File picker': 'Dateiauswahl',
  Checkbox: 'Ankreuzfeld',
  'Checkbox group': 'Ankreuzfelder',
  'Radio group': 'Optionsfelder',
  Select: 'Auswahlliste',
  'Tag list': 'Schlagwortliste',
  'Text view': 'Text',
  'Image view': 'Bild',
  Table: 'Tabelle',
  'HTML view': 'HTML',
  'Document preview': 'Vorschau',
  Spacer: 'Abstand',
  Separator: 'Trennlinie',
  Group: 'Gruppe',
  'Dynamic list': 'Dynamische Liste',
  Button: 'Schaltfläche',
  Expression: 'Ausdruck',
  // properties panel
  'Select a form field to edit its properties.':
    'Wählen Sie ein Formularfeld, um seine Eigenschaften zu bearbeiten.',
  General: 'Allgemein',
  Condition: 'Bedingung',
  Validation: 'Prüfung',
  Layout: 'Layout',
  Appearance: 'Darstellung',
  Serialization: 'Speicherformat',
  Constraints: 'Einschränkungen',
  'Custom properties': 'Eigene Eigenschaften',
  'Options source': 'Herkunft der Optionen',
  'Static options': 'Feste Optionen',
  'Dynamic options': 'Dynamische Optionen',
  'Options expression': 'Ausdruck für die Optionen',
  'Input values key': 'Schlüssel der Eingabewerte',
  Label: 'Beschriftung',
  'Field description': 'Beschreibung des Felds',
  Key: 'Schlüssel',
  Path: 'Pfad',
  'Default value': 'Vorgabewert',
  Disabled: 'Deaktiviert',
  'Read only': 'Nur lesen',
  Required: 'Pflichtfeld',
  'Minimum length': 'Mindestlänge',
  'Maximum length': 'Höchstlänge',
  Minimum: 'Minimum',
  Maximum: 'Maximum',
  'Validation pattern': 'Prüfmuster',
  'Custom regular expression': 'Eigener regulärer Ausdruck',
  'Custom error message': 'Eigene Fehlermeldung',
  'Decimal digits': 'Nachkommastellen',
  Increment: 'Schrittweite',
  Prefix: 'Präfix',
  Suffix: 'Suffix',
  Columns: 'Spalten',
  Column: 'Spalte',
  Auto: 'Automatisch',
  Text: 'Text',
  Type: 'Typ',
  Value: 'Wert',
  Subtype: 'Untertyp',
  'Date label': 'Beschriftung des Datums',
  'Time label': 'Beschriftung der Uhrzeit',
  'Time format': 'Zeitformat',
  'Time interval': 'Zeitraster',
  'Use 24h': '24-Stunden-Format',
  'Disallow past dates': 'Keine Daten in der Vergangenheit',
  'Output as string': 'Als Text ausgeben',
  Searchable: 'Durchsuchbar',
  'Alternative text': 'Alternativtext',
  'Image source': 'Bildquelle',
  Content: 'Inhalt',
  Height: 'Höhe',
  'Show outline': 'Rahmen zeigen',
  'Vertical alignment': 'Vertikale Ausrichtung',
  Top: 'Oben',
  Center: 'Mitte',
  Bottom: 'Unten',
  Submit: 'Absenden',
  Reset: 'Zurücksetzen',
  'Version tag': 'Versions-Tag',
  'Compute on': 'Berechnen bei',
  'Value changes': 'Wertänderung',
  'Form submission': 'Absenden des Formulars',
  'Upload multiple files': 'Mehrere Dateien hochladen',
  'Supported file formats': 'Erlaubte Dateiformate',
  Pagination: 'Seitenumbruch',
  'Number of rows per page': 'Zeilen pro Seite',
  'Data source': 'Datenquelle',
  'Header items': 'Kopfzeilen',
  'Headers source': 'Herkunft der Kopfzeilen',
  'List of items': 'Liste der Einträge',
  'Allow add/delete items': 'Hinzufügen/Löschen erlauben',
  'Default number of items': 'Anzahl der Einträge zu Beginn',
  'Disable collapse': 'Nicht zuklappbar',
  'Number of non-collapsing items': 'Anzahl nicht zugeklappter Einträge',
  Checked: 'Angekreuzt',
  'Not checked': 'Nicht angekreuzt',
  Email: 'E-Mail',
  Phone: 'Telefon',
  Custom: 'Eigene',
  'Open documentation': 'Dokumentation öffnen',
  'Toggle section': 'Abschnitt auf-/zuklappen',
  'Section contains an error': 'Der Abschnitt enthält einen Fehler',
  'Section contains edits': 'Der Abschnitt enthält Änderungen',
  'Delete item': 'Eintrag löschen',
  'Create new list item': 'Neuen Listeneintrag anlegen',
  'Toggle list item': 'Listeneintrag auf-/zuklappen',
  Create: 'Anlegen',
  'Remove entry': 'Eintrag entfernen',
  'Delete form field': 'Formularfeld löschen',
};

const ATTRIBUTES = ['title', 'placeholder', 'aria-label'];
/** The editor's chrome. The form on the canvas is content: its labels stay as written. */
const CHROME = '.fjs-palette-container, .fjs-properties-container';

function translateTree(root: Node): void {
  if (root.nodeType === Node.TEXT_NODE) {
    const text = root.textContent ?? '';
    const de = FORM_DE[text.trim()];
    // Only a real change: setting an equal text would be seen again by the observer.
    if (de && de !== text.trim() && root.parentElement?.closest(CHROME))
      root.textContent = text.replace(text.trim(), de);
    return;
  }
  if (!(root instanceof Element)) return;
  if (root.closest(CHROME))
    for (const a of ATTRIBUTES) {
      const v = root.getAttribute(a);
      const de = v ? FORM_DE[v] : undefined;
      if (de && de !== v) root.setAttribute(a, de);
    }
  root.childNodes.forEach(translateTree);
}

/** Keeps the form editor's texts in German while it lives; returns the stop function. */
export function translateFormEditor(container: HTMLElement): () => void {
  translateTree(container);
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'characterData') translateTree(r.target);
      else if (r.type === 'attributes') translateTree(r.target);
      else r.addedNodes.forEach(translateTree);
    }
  });
  observer.observe(container, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ATTRIBUTES,
  });
  return () => observer.disconnect();
}
