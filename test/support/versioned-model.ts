/**
 * A small process in two shapes, for tests of versions, diffs and migrations: v1 is
 * start → user task "Review" → end; v2 renames the review and adds an "Archive" step.
 */
export function versionedModel(id: string, reviewName: string, extraStep: boolean): string {
  const next = extraStep ? 'Archive' : 'End';
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Defs" targetNamespace="urn:wsa-test">
  <bpmn:process id="${id}" name="Versions test" isExecutable="true" camunda:historyTimeToLive="P30D">
    <bpmn:startEvent id="Start" name="Started"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="Review" name="${reviewName}" camunda:candidateGroups="VERSIONS-TEST" camunda:formRef="confirm-job-change" camunda:formRefBinding="latest"><bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing></bpmn:userTask>
    ${extraStep ? '<bpmn:manualTask id="Archive" name="Archive the file"><bpmn:incoming>F2</bpmn:incoming><bpmn:outgoing>F3</bpmn:outgoing></bpmn:manualTask>' : ''}
    <bpmn:endEvent id="End" name="Done"><bpmn:incoming>${extraStep ? 'F3' : 'F2'}</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Review" />
    <bpmn:sequenceFlow id="F2" sourceRef="Review" targetRef="${next}" />
    ${extraStep ? '<bpmn:sequenceFlow id="F3" sourceRef="Archive" targetRef="End" />' : ''}
  </bpmn:process>
  <bpmndi:BPMNDiagram id="D"><bpmndi:BPMNPlane id="P" bpmnElement="${id}">
    <bpmndi:BPMNShape id="S_Start" bpmnElement="Start"><dc:Bounds x="100" y="100" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="S_Review" bpmnElement="Review"><dc:Bounds x="200" y="78" width="100" height="80" /></bpmndi:BPMNShape>
    ${extraStep ? '<bpmndi:BPMNShape id="S_Archive" bpmnElement="Archive"><dc:Bounds x="350" y="78" width="100" height="80" /></bpmndi:BPMNShape>' : ''}
    <bpmndi:BPMNShape id="S_End" bpmnElement="End"><dc:Bounds x="500" y="100" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="E_F1" bpmnElement="F1"><di:waypoint x="136" y="118" /><di:waypoint x="200" y="118" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="E_F2" bpmnElement="F2"><di:waypoint x="300" y="118" /><di:waypoint x="${extraStep ? 350 : 500}" y="118" /></bpmndi:BPMNEdge>
    ${extraStep ? '<bpmndi:BPMNEdge id="E_F3" bpmnElement="F3"><di:waypoint x="450" y="118" /><di:waypoint x="500" y="118" /></bpmndi:BPMNEdge>' : ''}
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}
