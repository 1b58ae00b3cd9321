/**
 * The deployment checks' reasons in German. The gateway's checks (bpmnlint with the Camunda 7
 * rules, the project's own rules, workers, forms, decisions, called processes) word their
 * reasons in English; the modeler shows them in the session's language. Each pattern is
 * one of those wordings; a reason no pattern knows stays as it came.
 */
const PATTERNS: [RegExp, string][] = [
  // processes/model-checks/check-deployment.ts
  [/^no worker implements the job type "(.+)"$/, 'kein Worker bearbeitet den Job-Typ „$1“'],
  [/^the form "(.+)" does not exist$/, 'das Formular „$1“ gibt es nicht'],
  [/^the decision "(.+)" does not exist$/, 'die Entscheidung „$1“ gibt es nicht'],
  [/^the called process "(.+)" does not exist$/, 'den aufgerufenen Prozess „$1“ gibt es nicht'],
  [
    /^"(.+)" needs (.+) at its start; the call activity does not pass (?:it|them)$/,
    '„$1“ braucht beim Start $2; die Aufrufaktivität übergibt es nicht',
  ],
  [/^no decision in the DMN$/, 'das DMN enthält keine Entscheidung'],
  [
    /^only \.bpmn, \.dmn and \.form resources are deployed$/,
    'nur .bpmn, .dmn und .form werden bereitgestellt',
  ],
  // processes/model-checks/rules.ts
  [
    /^must be an external task \(camunda:type="external"\)$/,
    'muss eine externe Aufgabe sein (camunda:type="external")',
  ],
  [/^must have a camunda:topic$/, 'braucht ein camunda:topic'],
  [
    /^camunda:topic must be a fixed name, not "(.+)"$/,
    'camunda:topic muss ein fester Name sein, nicht „$1“',
  ],
  [
    /^must name its decision \(camunda:decisionRef\)$/,
    'muss seine Entscheidung nennen (camunda:decisionRef)',
  ],
  [
    /^must link a deployed form \(camunda:formRef\)$/,
    'muss ein bereitgestelltes Formular verknüpfen (camunda:formRef)',
  ],
  [
    /^must have exactly one candidate group \(camunda:candidateGroups\)$/,
    'braucht genau eine Kandidatengruppe (camunda:candidateGroups)',
  ],
  [
    /^is assigned to a group of caseworkers, not to users$/,
    'wird einer Gruppe von Sachbearbeitenden zugewiesen, nicht einzelnen Personen',
  ],
  [
    /^must name the process it calls \(calledElement\)$/,
    'muss den aufgerufenen Prozess nennen (calledElement)',
  ],
  [
    /^Zeebe-style expression "(.+)": FEEL needs language="feel"$/,
    'Ausdruck im Zeebe-Stil „$1“: FEEL braucht language="feel"',
  ],
  [
    /^FEEL expression "(.+)" must not start with "="$/,
    'der FEEL-Ausdruck „$1“ darf nicht mit „=“ beginnen',
  ],
  [/^expression language "(.+)" is not available$/, 'die Ausdruckssprache „$1“ gibt es nicht'],
  [/^script format "(.+)": use feel$/, 'Skriptformat „$1“: bitte feel verwenden'],
  [
    /^FEEL script "(.+)" must not start with "="$/,
    'das FEEL-Skript „$1“ darf nicht mit „=“ beginnen',
  ],
  [
    /^declares the Zeebe namespace: models are in the Camunda 7 dialect$/,
    'deklariert den Zeebe-Namensraum: die Modelle sind im Camunda-7-Dialekt',
  ],
  [/^has the Zeebe extension element (.+)$/, 'hat das Zeebe-Erweiterungselement $1'],
  // bpmnlint (recommended) and camunda-compat
  [/^Element is missing label\/name$/, 'Dem Element fehlt eine Beschriftung'],
  [/^Element is missing name$/, 'Dem Element fehlt ein Name'],
  [/^Element is not connected$/, 'Das Element ist nicht verbunden'],
  [/^Element is unused$/, 'Das Element wird nicht verwendet'],
  [/^Element is an implicit end$/, 'Das Element ist ein implizites Ende'],
  [/^Element is an implicit start$/, 'Das Element ist ein impliziter Start'],
  [/^Element is missing bpmndi$/, 'Dem Element fehlt die Darstellung (bpmndi)'],
  [/^Element name is not unique$/, 'Der Name des Elements ist nicht eindeutig'],
  [/^Element overlaps with other element$/, 'Das Element überlappt ein anderes'],
  [/^Element is outside of parent boundary$/, 'Das Element liegt außerhalb seines Containers'],
  [/^Event has multiple event definitions$/, 'Das Ereignis hat mehrere Ereignisdefinitionen'],
  [/^Flow splits implicitly$/, 'Der Fluss verzweigt implizit'],
  [/^Gateway forks and joins$/, 'Das Gateway verzweigt und vereinigt zugleich'],
  [
    /^Gateway is superfluous\. It only has one source and target\.$/,
    'Das Gateway ist überflüssig: es hat nur eine Quelle und ein Ziel.',
  ],
  [/^Incoming flows do not join$/, 'Eingehende Flüsse werden nicht vereinigt'],
  [/^Sequence flow is missing condition$/, 'Dem Sequenzfluss fehlt eine Bedingung'],
  [/^Sequence flow has superfluous label$/, 'Der Sequenzfluss hat eine überflüssige Beschriftung'],
  [/^Start event is missing event definition$/, 'Dem Startereignis fehlt die Ereignisdefinition'],
  [/^Start event must be blank$/, 'Das Startereignis muss ein einfaches sein'],
  [/^Termination is superfluous\.$/, 'Die Terminierung ist überflüssig.'],
  [/^Duplicate (incoming|outgoing) sequence flows$/, 'Doppelte Sequenzflüsse'],
  [/^Conditional event is missing a condition$/, 'Dem bedingten Ereignis fehlt die Bedingung'],
  [/^Process is missing start event$/, 'Dem Prozess fehlt ein Startereignis'],
  [/^Process is missing end event$/, 'Dem Prozess fehlt ein Endereignis'],
  [/^Sub process is missing start event$/, 'Dem Teilprozess fehlt ein Startereignis'],
  [/^Sub process is missing end event$/, 'Dem Teilprozess fehlt ein Endereignis'],
  [
    /^Element of type <(.+)> must have property <(.+)>$/,
    'Ein Element vom Typ <$1> braucht die Eigenschaft <$2>',
  ],
  [
    /^Element of type <(.+)> must have one property <(.+)>$/,
    'Ein Element vom Typ <$1> braucht eine Eigenschaft <$2>',
  ],
  [
    /^Element of type <(.+)> must not have property <(.+)>$/,
    'Ein Element vom Typ <$1> darf die Eigenschaft <$2> nicht haben',
  ],
  [
    /^Element of type <(.+)> not supported by (.+)$/,
    'Ein Element vom Typ <$1> wird von $2 nicht unterstützt',
  ],
  [
    /^Element of type <(.+)> is not supported by (.+)$/,
    'Ein Element vom Typ <$1> wird von $2 nicht unterstützt',
  ],
  [/^Property <(.+)> must have non-empty value$/, 'Die Eigenschaft <$1> darf nicht leer sein'],
];

/** A check's reason (`rule: reason` or just the reason) in German. */
export function problemInGerman(message: string): string {
  const rule = /^([a-z0-9-]+(?:\/[a-z0-9-]+)?): (.*)$/s.exec(message);
  const [prefix, text] = rule ? [`${rule[1]}: `, rule[2]!] : ['', message];
  for (const [pattern, german] of PATTERNS)
    if (pattern.test(text)) return prefix + text.replace(pattern, german);
  return message;
}
