import { expect } from 'chai';
import { STATUS_VARIABLE_AUDIENCES } from '../../gateway/data-minimisation.js';
import { loadProcedures } from '../../processes/registry.js';

/** Every variable a procedure shows in a status has a rule for who may see it. */
describe('contract: data minimisation covers every status variable', () => {
  it('lists each procedure status variable with its audiences', () => {
    for (const p of loadProcedures().values())
      for (const name of p.statusVariables)
        expect(STATUS_VARIABLE_AUDIENCES, `${p.procedure}: ${name}`).to.have.property(name);
  });
});
