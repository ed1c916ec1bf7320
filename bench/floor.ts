/**
 * The floor a cold `pricing` command is compared with: a fresh Node process that finds every
 * `*.yaml`/`*.yml` under a folder, reads it and runs `yaml`'s `parse` on it, and nothing else.
 * `node floor.js <models-dir>`; prints the in-process parse time in ms.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

const dir = process.argv[2];
if (dir === undefined) {
  process.stderr.write("usage: node floor.js <models-dir>\n");
  process.exit(2);
}
const files = readdirSync(dir, { recursive: true, encoding: "utf8" })
  .filter((f) => /\.ya?ml$/i.test(f))
  .sort();
const start = performance.now();
let parsed = 0;
for (const f of files) if (parse(readFileSync(join(dir, f), "utf8")) !== undefined) parsed++;
process.stdout.write(`${parsed} files ${(performance.now() - start).toFixed(1)} ms\n`);
