import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadProcedures } from '../processes/registry.js';
import {
  processingActivities,
  processingActivitiesMarkdown,
} from '../privacy/processing-record.js';
import { ROOT_DIR } from './stack/versions.js';

/** `npm run ropa`: writes the record of processing activities (docs/processing-activities.md). */
export const RECORD_FILE = path.join(ROOT_DIR, 'docs', 'processing-activities.md');

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(RECORD_FILE, processingActivitiesMarkdown(processingActivities(loadProcedures())));
  console.error(`wrote ${path.relative(ROOT_DIR, RECORD_FILE)}`);
}
