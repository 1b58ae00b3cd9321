import { groupAuthority } from '../../common/candidate-groups.js';
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { moddle } from '../../processes/model-checks/lint.js';
import { allFormPaths, loadProcedures } from '../../processes/registry.js';
import {
  allComponents,
  readTranslation,
  TRANSLATED_PROPERTIES,
  type FormComponent,
  type FormSchema,
} from '../../forms/forms.js';

/**
 * Contract between models, procedure contracts and forms: every user task links a form that
 * exists under forms/ (deployed with the models: `camunda:formRef`, newest version), has a
 * candidate group that is one of the procedure's authorities, a due date from the engine
 * clock, and a task contract (schema, variable) in procedure.json; every form is used by some
 * user task.
 */
interface UserTask {
  procedure: string;
  elementId: string;
  formRef: string | undefined;
  formRefBinding: string | undefined;
  candidateGroups: string[];
  dueDate: string | undefined;
  followUpDate: string | undefined;
}

interface ModdleElement {
  $type: string;
  id?: string;
  flowElements?: ModdleElement[];
  rootElements?: ModdleElement[];
  [key: string]: unknown;
}

const flowElements = (c: ModdleElement): ModdleElement[] =>
  (c.flowElements ?? []).flatMap((e) => [e, ...flowElements(e)]);

const procedures = [...loadProcedures().values()];
const userTasks: UserTask[] = [];
async function loadUserTasks(): Promise<void> {
  for (const p of procedures)
    for (const f of p.resourcePaths.filter((r) => r.endsWith('.bpmn'))) {
      const { rootElement } = await moddle.fromXML(readFileSync(f, 'utf8'));
      for (const process of (rootElement as ModdleElement).rootElements ?? [])
        for (const el of flowElements(process).filter((e) => e.$type === 'bpmn:UserTask')) {
          const attr = (name: string) =>
            typeof el[name] === 'string' ? (el[name] as string) : undefined;
          userTasks.push({
            procedure: p.procedure,
            elementId: el.id!,
            formRef: attr('formRef'),
            formRefBinding: attr('formRefBinding'),
            candidateGroups: (attr('candidateGroups') ?? '')
              .split(',')
              .map((g) => g.trim())
              .filter(Boolean),
            dueDate: attr('dueDate'),
            followUpDate: attr('followUpDate'),
          });
        }
    }
}
const forms = new Map(
  allFormPaths().map((f) => [
    path.basename(f, '.form'),
    JSON.parse(readFileSync(f, 'utf8')) as FormSchema,
  ]),
);

describe('contract: user tasks and forms', () => {
  before(loadUserTasks);

  it('finds user tasks and forms', () => {
    expect(userTasks.length).to.be.greaterThan(0);
    expect(forms.size).to.be.greaterThan(0);
  });

  it('gives every user task a deployed form (newest version), one authority and a due date', () => {
    for (const t of userTasks) {
      const where = `${t.procedure}/${t.elementId}`;
      expect(t.formRef, `${where} links a form`).to.be.a('string');
      expect([...forms.keys()], `${where}: form ${t.formRef}`).to.include(t.formRef);
      expect(t.formRefBinding, `${where}: the newest deployed form`).to.equal('latest');
      expect(t.candidateGroups, `${where}: one candidate group`).to.have.length(1);
      // due and follow-up dates from the engine clock (JUEL dateTime() or a date computed by
      // FEEL from it), never FEEL now() inline, which the engine does not evaluate there
      expect(t.dueDate, `${where}: a due date`).to.match(/^\$\{.+\}$/);
      for (const d of [t.dueDate, t.followUpDate].filter(Boolean))
        expect(d, `${where}: ${d}`).to.not.match(/^=|now\(\)/);
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
        expect(contract.form, `${p.procedure}/${t.elementId}: form`).to.equal(t.formRef);
        expect(contract.authority).to.equal(groupAuthority(t.candidateGroups[0]!));
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
        userTasks.some((t) => t.formRef === file),
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
