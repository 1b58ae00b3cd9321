import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unifiedDiff } from '../../ui-modeler/src/patch.js';
import { xmlLike } from '../../ui-modeler/src/xml-like.js';
import { PROCESSES_DIR } from '../../processes/registry.js';

/**
 * The modeler's patch export: a unified diff that `git apply` takes and that turns the
 * repository's file into the edited one — edits at the start, the middle and the end, lines
 * added and removed, and a file without a newline at its end.
 */
describe('modeler: unified diff of an edited model', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(tmpdir(), 'wsa-patch-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  function applied(before: string, after: string): string {
    const file = 'processes/demo/model.bpmn';
    mkdirSync(path.join(dir, 'processes/demo'), { recursive: true });
    writeFileSync(path.join(dir, file), before);
    const patch = unifiedDiff(file, before, after);
    writeFileSync(path.join(dir, 'change.patch'), patch);
    execFileSync('git', ['apply', '--check', 'change.patch'], { cwd: dir });
    execFileSync('git', ['apply', 'change.patch'], { cwd: dir });
    return readFileSync(path.join(dir, file), 'utf8');
  }

  const base = Array.from({ length: 40 }, (_, i) => `  <line n="${i}"/>`).join('\n') + '\n';

  it('applies with git apply and gives the edited text', () => {
    const cases: [string, (lines: string[]) => string[]][] = [
      ['middle', (l) => l.map((x, i) => (i === 20 ? '  <line n="twenty"/>' : x))],
      ['start and end', (l) => ['<first/>', ...l.slice(1, -1), '<last/>', '']],
      ['added and removed', (l) => [...l.slice(0, 5), 'a', 'b', ...l.slice(9, 30), ...l.slice(31)]],
      ['everything', () => ['<other/>', '']],
    ];
    for (const [what, edit] of cases) {
      const after = edit(base.split('\n')).join('\n');
      expect(applied(base, after), what).to.equal(after);
    }
  });

  it('keeps a missing newline at the end, either way', () => {
    const noEol = base.trimEnd();
    expect(applied(base, noEol)).to.equal(noEol);
    expect(applied(noEol, `${noEol}\n<added/>\n`)).to.equal(`${noEol}\n<added/>\n`);
  });

  it('names the repository path and is empty when nothing changed', () => {
    const patch = unifiedDiff('forms/x.form', 'a\nb\n', 'a\nc\n');
    expect(patch.split('\n').slice(0, 4)).to.deep.equal([
      'diff --git a/forms/x.form b/forms/x.form',
      '--- a/forms/x.form',
      '+++ b/forms/x.form',
      '@@ -1,2 +1,2 @@',
    ]);
    expect(unifiedDiff('forms/x.form', 'a\n', 'a\n')).to.equal('');
  });

  it('keeps the repository’s layout of an XML model: only what changed is in the patch', () => {
    const file = readFileSync(`${PROCESSES_DIR}/wsa-application/legal-route.dmn`, 'utf8');
    // The editor's way: each cell on lines of its own, other spacing before `/>`.
    const editorWay = file
      .replace(/(<(input|output)Entry [^>]*>)(<text>.*?<\/text>)(<\/\2Entry>)/g, '$1\n  $3\n$4')
      .replace(/" \/>/g, '"/>');
    expect(editorWay).to.not.equal(file);
    expect(xmlLike(file, editorWay), 'nothing changed: the file itself').to.equal(file);
    const edited = editorWay.replace('&gt;= 45934.20', '&gt;= 47000');
    const patch = unifiedDiff(
      'processes/wsa-application/legal-route.dmn',
      file,
      xmlLike(file, edited),
    );
    const changed = patch.split('\n').filter((l) => /^[-+][^-+]/.test(l));
    expect(changed).to.have.length(2);
    expect(changed[0]).to.contain('45934.20');
    expect(changed[1]).to.contain('&gt;= 47000');
    expect(applied(file, xmlLike(file, edited))).to.equal(xmlLike(file, edited));
  });
});
