import { expect } from 'chai';
import { formatDays, formatMinutes } from '../../ui-shared/durations.js';

/** Durations in the operations app: with their unit, never "0 d" for work under a day. */
describe('durations as people read them', () => {
  it('shows work under a day in hours or minutes, longer in days, in both languages', () => {
    expect(formatDays(0.2, 'en')).to.equal('4.8 h');
    expect(formatDays(0.2, 'de')).to.equal('4,8 Std.');
    expect(formatDays(0.5, 'en')).to.equal('12 h');
    expect(formatDays(0.01, 'en')).to.equal('14 min');
    expect(formatDays(0, 'en')).to.equal('0 min');
    expect(formatDays(1, 'en')).to.equal('1 day');
    expect(formatDays(3.46, 'de')).to.equal('3,5 Tage');
    expect(formatDays(1234.5, 'en')).to.equal('1,234.5 days');
    expect(formatDays(null, 'en')).to.equal('–');
  });
  it('takes an incident age in minutes', () => {
    expect(formatMinutes(90, 'en')).to.equal('1.5 h');
    expect(formatMinutes(5, 'de')).to.equal('5 min');
    expect(formatMinutes(3 * 24 * 60, 'en')).to.equal('3 days');
    expect(formatMinutes(null, 'de')).to.equal('–');
    expect(formatMinutes(-73, 'en'), 'engine clock ahead').to.equal('0 min');
  });
});
