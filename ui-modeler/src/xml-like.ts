import { editScript } from './patch.js';

/**
 * An edited BPMN or DMN model written the way the repository's file is. The editors write XML
 * their own way (every rule's cells on lines of their own, attributes spaced anew), so a patch
 * of their output would show every line as changed. Compared tag by tag and text by text —
 * the whitespace between tags is layout — only what really changed is taken from the editor;
 * everything else keeps the file's own text.
 */
interface Token {
  raw: string;
  /** Whitespace after it, up to the next token (layout). */
  after: string;
  key: string;
}

const TOKEN = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<[^>]*>|[^<]+/g;

function tokens(xml: string): { lead: string; list: Token[] } {
  const list: Token[] = [];
  let lead = '';
  for (const [raw] of xml.matchAll(TOKEN)) {
    if (raw.trim() === '') {
      if (list.length === 0) lead += raw;
      else list[list.length - 1]!.after += raw;
      continue;
    }
    const key = raw.startsWith('<') ? raw.replace(/\s+/g, ' ').replace(/ ?\/>$/, '/>') : raw;
    list.push({ raw, after: '', key });
  }
  return { lead, list };
}

export function xmlLike(repository: string, edited: string): string {
  const before = tokens(repository);
  const after = tokens(edited);
  const ops = editScript(
    before.list.map((t) => t.key),
    after.list.map((t) => t.key),
  );
  let out = before.lead;
  for (const op of ops) {
    if (op.kind === ' ') {
      const t = before.list[op.a]!;
      out += t.raw + t.after;
    } else if (op.kind === '+') {
      const t = after.list[op.b]!;
      out += t.raw + t.after;
    }
  }
  // What comes out must be the editor's model, token for token; otherwise its own text.
  const same =
    tokens(out)
      .list.map((t) => t.key)
      .join('\u0000') === after.list.map((t) => t.key).join('\u0000');
  return same ? out : edited;
}
