import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROCESSES_DIR } from '../../processes/registry.js';
import { decisionTables, diffDmn, isSameDmn } from '../../ui-modeler/src/dmn-diff.js';

/** The modeler's rule-by-rule diff of decision tables, on the repository's own DMN files. */
const read = (file: string) => readFileSync(path.join(PROCESSES_DIR, file), 'utf8');
const legalRoute = read('wsa-application/legal-route.dmn');

describe('DMN diff, rule by rule (modeler)', () => {
  it('reads the Blue Card table: inputs, outputs, rules with their cells', () => {
    const [table] = decisionTables(legalRoute);
    expect(table!.decisionId).to.equal('legal-route');
    expect(table!.hitPolicy).to.equal('FIRST');
    expect(table!.inputs.map((i) => i.label)).to.include('Gross annual salary (EUR)');
    const blueCard = table!.rules.find((r) => r.id === 'Rule_BlueCard')!;
    expect(blueCard.index).to.equal(1);
    expect(blueCard.inputs.Input_Salary).to.equal('>= 50700');
    expect(blueCard.outputs.Output_Route).to.equal('"BLUE_CARD_18G"');
  });

  it('finds nothing between a table and itself, for every DMN file of the repository', () => {
    for (const file of [
      'wsa-application/legal-route.dmn',
      'wsa-application/intake.dmn',
      'ba-approval/zustimmung-deadlines.dmn',
      'shared/retention.dmn',
      'shared/abh-competence.dmn',
    ]) {
      const xml = read(file);
      expect(decisionTables(xml), file).to.have.length.greaterThan(0);
      expect(isSameDmn(diffDmn(xml, xml)), file).to.equal(true);
    }
  });

  it('names the one threshold that changed: rule, column, old → new', () => {
    const raised = legalRoute.replace('&gt;= 50700', '&gt;= 52000');
    const [d] = diffDmn(legalRoute, raised);
    expect(isSameDmn([d!])).to.equal(false);
    expect(d!.added).to.deep.equal([]);
    expect(d!.removed).to.deep.equal([]);
    expect(d!.changed).to.deep.equal([
      {
        ruleId: 'Rule_BlueCard',
        fromIndex: 1,
        toIndex: 1,
        cells: [
          { kind: 'input', column: 'Gross annual salary (EUR)', from: '>= 50700', to: '>= 52000' },
        ],
      },
    ]);
    expect(d!.unchangedCount).to.equal(decisionTables(legalRoute)[0]!.rules.length - 1);
  });

  it('lists an added and a removed rule, and an output and annotation change', () => {
    const newRule = `<rule id="Rule_Test2027">
        <inputEntry id="ie1"><text>"RESEARCHER"</text></inputEntry>
        <inputEntry id="ie2"><text></text></inputEntry>
        <inputEntry id="ie3"><text></text></inputEntry>
        <outputEntry id="oe1"><text>"RESEARCH_18D"</text></outputEntry>
        <outputEntry id="oe2"><text>false</text></outputEntry>
        <outputEntry id="oe3"><text>false</text></outputEntry>
      </rule>
      <rule id="Rule_BlueCard">`;
    let changed = legalRoute.replace('<rule id="Rule_BlueCard">', newRule);
    // Rule_Vocational removed
    changed = changed.replace(/<rule id="Rule_Vocational">[\s\S]*?<\/rule>\s*/, '');
    changed = changed.replace(
      '<outputEntry id="OutputEntry_Degree_Ba"><text>true</text>',
      '<outputEntry id="OutputEntry_Degree_Ba"><text>false</text>',
    );
    changed = changed.replace(
      '§18b AufenthG: skilled worker with an academic degree, with BA approval',
      '§18b AufenthG: degree, without BA approval from 2027',
    );
    const [d] = diffDmn(legalRoute, changed);
    expect(d!.added.map((r) => [r.id, r.index])).to.deep.equal([['Rule_Test2027', 1]]);
    expect(d!.removed.map((r) => r.id)).to.deep.equal(['Rule_Vocational']);
    const degree = d!.changed.find((c) => c.ruleId === 'Rule_Degree')!;
    expect(degree.fromIndex).to.equal(3);
    expect(degree.toIndex).to.equal(4);
    expect(degree.cells).to.deep.equal([
      { kind: 'output', column: 'BA approval (Zustimmung) required', from: 'true', to: 'false' },
      {
        kind: 'annotation',
        column: 'annotation',
        from: '§18b AufenthG: skilled worker with an academic degree, with BA approval',
        to: '§18b AufenthG: degree, without BA approval from 2027',
      },
    ]);
    // Moved down by one, otherwise the same: not a change.
    expect(d!.changed.map((c) => c.ruleId)).to.deep.equal(['Rule_Degree']);
  });

  it('matches a rule by content when its id changed, and by likeness when it changed too', () => {
    const renamed = legalRoute.replace('<rule id="Rule_BlueCard">', '<rule id="Rule_X1">');
    expect(isSameDmn(diffDmn(legalRoute, renamed))).to.equal(true);
    const both = renamed.replace('&gt;= 50700', '&gt;= 52000');
    const [d] = diffDmn(legalRoute, both);
    expect(d!.added).to.deep.equal([]);
    expect(d!.removed).to.deep.equal([]);
    expect(d!.changed).to.have.length(1);
    expect(d!.changed[0]).to.include({ ruleId: 'Rule_X1', previousRuleId: 'Rule_BlueCard' });
  });

  it('reports a hit policy change and a decision that exists in one version only', () => {
    const policy = legalRoute.replace('hitPolicy="FIRST"', 'hitPolicy="UNIQUE"');
    expect(diffDmn(legalRoute, policy)[0]!.hitPolicy).to.deep.equal({
      from: 'FIRST',
      to: 'UNIQUE',
    });
    const other = read('ba-approval/zustimmung-deadlines.dmn');
    const diffs = diffDmn(legalRoute, other);
    expect(diffs.map((d) => d.status).sort()).to.include.members(['added', 'removed']);
    expect(diffs.find((d) => d.status === 'removed')!.removed).to.have.length(
      decisionTables(legalRoute)[0]!.rules.length,
    );
  });

  it('refuses what is not DMN', () => {
    expect(() => decisionTables('<process/>')).to.throw(/not a DMN document/);
  });
});
