import { expect } from 'chai';
import { Writable } from 'node:stream';
import winston from 'winston';
import { createLogger } from '../../common/logger.js';
import { runWithRequestId } from '../../common/request-context.js';

/** Log lines written while serving a request carry its id, through async calls. */
describe('request ids in log lines', () => {
  it('adds the id of the request being served, and none outside a request', async () => {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger('test');
    log.clear();
    log.level = 'info';
    log.add(
      new winston.transports.Stream({
        stream: new Writable({
          write(chunk, _enc, done) {
            lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
            done();
          },
        }),
      }),
    );
    await runWithRequestId('req-1', async () => {
      await new Promise((r) => setTimeout(r, 5));
      log.info('inside');
    });
    log.info('outside');
    await new Promise((r) => setTimeout(r, 5));
    expect(lines.map((l) => [l.message, l.requestId])).to.deep.equal([
      ['inside', 'req-1'],
      ['outside', undefined],
    ]);
  });
});
