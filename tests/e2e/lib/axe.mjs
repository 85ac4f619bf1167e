// axe-core with the WCAG 2.0/2.1/2.2 A and AA rules plus best practices, reporting in German.
import { AxeBuilder } from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const de = readFileSync(require.resolve('axe-core/locales/de.json'), 'utf8');
// The builder injects this source into each frame; the German locale is configured right after it.
const axeSource = `${readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')}\n;axe.configure({ locale: ${de} });`;

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];

/** Every violation as "rule (impact): help — selector", or an empty list. */
export async function axeViolations(page) {
  const result = await new AxeBuilder({ page, axeSource }).withTags(AXE_TAGS).analyze();
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} — ${n.target.join(' ')}`),
  );
}
