/**
 * Post templates: text with {placeholders}. Built in: {brand} (the brand's name), {date} (today
 * in the brand's zone, written the brand locale's way), {link}; any other {key} comes from the
 * brand's variables. A placeholder that has no value is reported as a problem and left in the
 * text as written — never silently blank, so nobody publishes "Sale ends !" by accident.
 * Write {{ and }} for literal braces.
 */
import { DateTime } from "luxon";

export const builtInVariables = ["brand", "date", "link"] as const;
export const variableKeyPattern = /^[a-z0-9_]{1,30}$/;

export type TemplateContext = {
  brand: string;
  zone: string;
  locale: string;
  now: Date;
  link?: string | null | undefined;
  variables: Record<string, string>;
};

export type TemplateProblem = { variable: string; message: string };

const token = /\{\{|\}\}|\{([A-Za-z0-9_]{1,30})\}/g;

export function renderTemplate(text: string, ctx: TemplateContext): { text: string; problems: TemplateProblem[] } {
  const problems: TemplateProblem[] = [];
  const reported = new Set<string>();
  const report = (variable: string, message: string) => {
    if (reported.has(variable)) return;
    reported.add(variable);
    problems.push({ variable, message });
  };
  const out = text.replace(token, (whole, key: string | undefined) => {
    if (whole === "{{") return "{";
    if (whole === "}}") return "}";
    const name = key as string;
    if (name === "brand") return ctx.brand;
    if (name === "date") return DateTime.fromJSDate(ctx.now, { zone: ctx.zone }).setLocale(ctx.locale).toLocaleString(DateTime.DATE_FULL);
    if (name === "link") {
      if (ctx.link) return ctx.link;
      report("link", "{link} has no value: give a link to insert.");
      return whole;
    }
    const value = Object.hasOwn(ctx.variables, name) ? ctx.variables[name] : undefined;
    if (value !== undefined) return value;
    report(name, `{${name}} is not a variable of this brand. Add it in the brand's variables, or remove it from the template.`);
    return whole;
  });
  return { text: out, problems };
}
