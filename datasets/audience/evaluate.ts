/**
 * Prints how well the audience audit scores the two labelled sets: the synthetic
 * followers.labeled.jsonl (or the JSONL file given as the argument) and the Sandbox's audience
 * model. `npx tsx datasets/audience/evaluate.ts [file.jsonl]`
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { evaluateAudit, formatAuditEvaluation, parseLabeledJsonl, sandboxLabeledSet } from "../../src/services/analytics/audit-eval.js";

const file = process.argv[2] ?? fileURLToPath(new URL("./followers.labeled.jsonl", import.meta.url));
const { rows, problems } = parseLabeledJsonl(fs.readFileSync(file, "utf8"));
for (const p of problems) console.error(`${file}:${p.line}: ${p.message}`);
console.log(formatAuditEvaluation(evaluateAudit(rows), `Synthetic labelled set (${file.split("/").pop()})`));
console.log("");
console.log(formatAuditEvaluation(evaluateAudit(sandboxLabeledSet()), "Sandbox audience model"));
if (problems.length > 0) process.exitCode = 1;
