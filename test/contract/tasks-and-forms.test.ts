import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { allFormPaths, loadProcedures } from '../../processes/registry.js';
import {
  allComponents,
  readTranslation,
  TRANSLATED_PROPERTIES,
  type FormComponent,
  type FormSchema,
} from '../../forms/forms.js';

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
    JSON.parse(readFileSync(f, 'utf8')) as FormSchema,
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

  it('has an English text for every German text of every form, and none for a missing component', () => {
    for (const [id, form] of forms) {
      const translation = readTranslation(id, 'en');
      expect(translation, `forms/${id}.en.json`).to.not.equal(undefined);
      const components = allComponents(form.components);
      const ids = components.map((c) => c.id);
      expect(new Set(ids).size, `forms/${id}: component ids are unique`).to.equal(ids.length);
      for (const c of components) {
        const t = translation!.components[c.id] ?? {};
        for (const p of TRANSLATED_PROPERTIES)
          if (c[p] !== undefined)
            expect(t[p], `forms/${id}.en.json: ${c.id}.${p}`)
              .to.be.a('string')
              .with.length.above(0);
        for (const v of c.values ?? [])
          expect(t.values?.[v.value], `forms/${id}.en.json: ${c.id} option ${v.value}`).to.be.a(
            'string',
          );
      }
      for (const cid of Object.keys(translation!.components))
        expect(ids, `forms/${id}.en.json translates an unknown component`).to.include(cid);
    }
  });

  it('makes each form produce exactly its task’s result: the variable, the schema’s fields and its required ones', () => {
    for (const p of procedures)
      for (const [elementId, contract] of Object.entries(p.tasks)) {
        const where = `${p.procedure}/${elementId} (forms/${contract.form}.form)`;
        const form = forms.get(contract.form)!;
        // One group whose path is the task's result variable holds every input field.
        const groups = form.components.filter((c) => c.type === 'group');
        expect(
          groups.map((g) => g.path),
          `${where}: one group at the variable`,
        ).to.deep.equal([contract.variable]);
        const fields = allComponents(groups[0]!.components ?? []).filter(
          (c): c is FormComponent & { key: string } => typeof c.key === 'string',
        );
        const topLevelKeys = form.components.filter((c) => c.key !== undefined);
        expect(topLevelKeys, `${where}: no field outside the group`).to.have.length(0);
        const schema = contract.schema as {
          properties: Record<string, { enum?: string[] }>;
          required?: string[];
        };
        expect(
          fields.map((f) => f.key).sort(),
          `${where}: the fields are the schema's properties`,
        ).to.deep.equal(Object.keys(schema.properties).sort());
        for (const r of schema.required ?? []) {
          const field = fields.find((f) => f.key === r)!;
          expect(field.validate?.required, `${where}: ${r} is required in the form`).to.equal(true);
        }
        for (const f of fields) {
          const allowed = schema.properties[f.key]!.enum;
          if (allowed && f.values)
            expect(
              f.values.map((v) => v.value).sort(),
              `${where}: the options of ${f.key}`,
            ).to.deep.equal([...allowed].sort());
        }
      }
  });
});
