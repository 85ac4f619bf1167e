// html-validate with its standard preset on the HTML exactly as the server sent it.
import { HtmlValidate } from 'html-validate';

const validator = new HtmlValidate({ extends: ['html-validate:standard'] });

/** Every error as "line:column rule: message", or an empty list. */
export async function htmlErrors(html) {
  const report = await validator.validateString(html);
  return report.results.flatMap((r) =>
    r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`),
  );
}
