// The answer to GetTemplatesByCustomerId: the categories this worker may see, each template filled in for this
// customer. A template that needs a value the customer does not have (no e-mail, no details) is left out rather than
// offered with a hole in it (a missing name removes itself instead, fill.ts); a category left with no template is
// left out too.
import { workerKey } from '../directory/text-key.ts';
import { fillTemplate } from './fill.ts';
import type { TemplateContext } from './placeholders.ts';
import type { TemplateCatalog } from './template-file.ts';

export interface RenderedCategory {
  display_name: string;
  templates: { content: string; whatsAppApproved: boolean }[];
}

/** Frontline rejects answers over 64 KB; templates stop before this many bytes of JSON (placeholders can be long). */
export const TEMPLATES_BYTES_BUDGET = 60 * 1024;

export function renderTemplates(
  catalog: TemplateCatalog,
  context: TemplateContext,
  maxBytes = TEMPLATES_BYTES_BUDGET,
): { categories: RenderedCategory[]; truncated: boolean } {
  const worker = workerKey(context.worker);
  const categories: RenderedCategory[] = [];
  let bytes = 2;
  for (const category of catalog) {
    if (category.workers !== null && !category.workers.has(worker)) continue;
    const rendered: RenderedCategory = { display_name: category.displayName, templates: [] };
    bytes += Buffer.byteLength(JSON.stringify(rendered)) + 1;
    for (const template of category.templates) {
      const content = fillTemplate(template.parts, context);
      if (content === undefined) continue;
      const filled = { content, whatsAppApproved: template.whatsAppApproved };
      bytes += Buffer.byteLength(JSON.stringify(filled)) + 1;
      if (bytes > maxBytes) return { categories: withTemplates(categories, rendered), truncated: true };
      rendered.templates.push(filled);
    }
    if (rendered.templates.length > 0) categories.push(rendered);
  }
  return { categories, truncated: false };
}

function withTemplates(categories: RenderedCategory[], last: RenderedCategory): RenderedCategory[] {
  return last.templates.length > 0 ? [...categories, last] : categories;
}
