import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { allResourcePaths, PROCESSES_DIR } from '../../processes/registry.js';
import {
  addDuration,
  DATA_CLASSES,
  maxDays,
  minDays,
  parseDuration,
  RETENTION_OUTCOMES,
  retentionRules,
} from '../../privacy/retention.js';
import { ROOT_DIR } from '../../scripts/stack/versions.js';

const DMN = path.join(PROCESSES_DIR, 'shared', 'retention.dmn');

const retentionRulesOfFile = () => retentionRules(readFileSync(DMN, 'utf8'));

/**
 * The retention table (processes/shared/retention.dmn) as a contract: every outcome and data
 * class has a period for every procedure, each with its legal basis, and the engine's history
 * time-to-live never deletes a case's history before the table says so.
 */
describe('contract: retention periods', () => {
  const rules = retentionRulesOfFile();

  it('has a period and a legal basis for every outcome and data class, for every procedure', () => {
    for (const outcome of RETENTION_OUTCOMES)
      for (const dataClass of DATA_CLASSES) {
        const general = rules.filter(
          (r) => r.procedure === '-' && r.outcome === outcome && r.dataClass === dataClass,
        );
        expect(general, `${outcome} ${dataClass}`).to.have.length(1);
      }
    for (const r of rules) {
      expect(() => parseDuration(r.period), r.period).to.not.throw();
      expect(r.legalBasis, `${r.outcome} ${r.dataClass}`).to.match(/GDPR|§/);
      expect(r.annotation.length, `${r.outcome} ${r.dataClass} explains itself`).to.be.greaterThan(
        20,
      );
    }
  });

  it('keeps no model history shorter than the longest case-data period', () => {
    const longest = Math.max(
      ...rules.filter((r) => r.dataClass === 'caseData').map((r) => maxDays(r.period)),
    );
    const models = allResourcePaths().filter((f) => f.endsWith('.bpmn'));
    expect(models.length).to.be.greaterThan(5);
    for (const file of models) {
      const ttls = [
        ...readFileSync(file, 'utf8').matchAll(/camunda:historyTimeToLive="([^"]+)"/g),
      ].map((m) => m[1]!);
      expect(ttls.length, path.basename(file)).to.be.greaterThan(0);
      for (const ttl of ttls)
        expect(minDays(/^\d+$/.test(ttl) ? `P${ttl}D` : ttl), path.basename(file)).to.be.at.least(
          longest,
        );
    }
    const engineDefault = /history-time-to-live: \$\{ENGINE_HISTORY_TTL:(P\d+D)\}/.exec(
      readFileSync(path.join(ROOT_DIR, 'engine/src/main/resources/application.yaml'), 'utf8'),
    )?.[1];
    expect(minDays(engineDefault!)).to.be.at.least(longest);
  });

  it('counts periods in calendar terms', () => {
    const end = new Date('2027-01-31T10:00:00Z');
    expect(addDuration(end, 'P90D').toISOString()).to.equal('2027-05-01T10:00:00.000Z');
    expect(addDuration(end, 'P1Y').toISOString()).to.equal('2028-01-31T10:00:00.000Z');
    expect(addDuration(end, 'P2W').toISOString()).to.equal('2027-02-14T10:00:00.000Z');
    expect(() => parseDuration('P')).to.throw();
    expect(() => parseDuration('PT5H')).to.throw();
    expect(() => parseDuration('90 days')).to.throw();
  });
});
