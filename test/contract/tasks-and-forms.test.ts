import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { allFormPaths, loadProcedures } from '../../processes/registry.js';

/**
 * Contract between models, procedure contracts and forms: every user task is a Zeebe user
 * task with a form that exists under forms/, a candidate group that is one of the
 * procedure's authorities, and a task contract (schema, variable) in procedure.json; every
 * form is used by some user task.
 */
interface UserTask {
  procedure: string;
  elementId: string;
  zeebeUserTask: boolean;
  formId: string | undefined;
  candidateGroups: string[];
}

const procedures = [...loadProcedures().values()];
const userTasks: UserTask[] = procedures.flatMap((p) =>
  p.resourcePaths
    .filter((f) => f.endsWith('.bpmn'))
    .flatMap((f) => [
      ...readFileSync(f, 'utf8').matchAll(
        /<bpmn:userTask\s+id="([^"]+)"[\s\S]*?<\/bpmn:userTask>/g,
      ),
    ])
    .map((m) => ({
      procedure: p.procedure,
      elementId: m[1]!,
      zeebeUserTask: m[0].includes('<zeebe:userTask />'),
      formId: /<zeebe:formDefinition formId="([^"]+)"/.exec(m[0])?.[1],
      candidateGroups: (/candidateGroups="([^"]*)"/.exec(m[0])?.[1] ?? '')
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean),
    })),
);
const forms = new Map(
  allFormPaths().map((f) => [
    path.basename(f, '.form'),
    JSON.parse(readFileSync(f, 'utf8')) as { id: string; components: unknown[] },
  ]),
);

describe('contract: user tasks and forms', () => {
  it('finds user tasks and forms', () => {
    expect(userTasks.length).to.be.greaterThan(0);
    expect(forms.size).to.be.greaterThan(0);
  });

  it('gives every user task an engine user task, an existing form, and one authority', () => {
    for (const t of userTasks) {
      const where = `${t.procedure}/${t.elementId}`;
      expect(t.zeebeUserTask, `${where} is a Zeebe user task`).to.equal(true);
      expect(t.formId, `${where} links a form`).to.be.a('string');
      expect([...forms.keys()], `${where}: form ${t.formId}`).to.include(t.formId);
      expect(t.candidateGroups, `${where}: one candidate group`).to.have.length(1);
    }
  });

  it('has a task contract for every user task, matching its form and authority, and no other', () => {
    for (const p of procedures) {
      const inModel = userTasks.filter((t) => t.procedure === p.procedure);
      expect(Object.keys(p.tasks).sort(), `${p.procedure}: tasks`).to.deep.equal(
        inModel.map((t) => t.elementId).sort(),
      );
      for (const t of inModel) {
        const contract = p.tasks[t.elementId]!;
        expect(contract.form, `${p.procedure}/${t.elementId}: form`).to.equal(t.formId);
        expect(contract.authority).to.equal(t.candidateGroups[0]);
        expect(p.authorities, `${p.procedure}: authority ${contract.authority}`).to.include(
          contract.authority,
        );
        expect(p.stages, `${p.procedure}/${t.elementId} has a stage text`).to.have.property(
          t.elementId,
        );
      }
    }
  });

  it('uses every form, and each form file carries its own id', () => {
    for (const [file, form] of forms) {
      expect(form.id, `forms/${file}.form id`).to.equal(file);
      expect(form.components.length).to.be.greaterThan(0);
      expect(
        userTasks.some((t) => t.formId === file),
        `forms/${file}.form is used by no user task`,
      ).to.equal(true);
    }
  });
});
