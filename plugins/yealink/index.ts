import { fileURLToPath } from 'node:url';
import { compileTemplates } from '../../src/plugin-runtime/templates/compile-templates.js';
import { createYealinkPlugin } from './plugin.js';

const templates = await compileTemplates(fileURLToPath(new URL('./templates/', import.meta.url)));

export default createYealinkPlugin({ templates });
