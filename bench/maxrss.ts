/**
 * Peak-memory wrapper for machines without GNU time: `node maxrss.js <report> <script> ...args`
 * runs the script in this process as if started directly and, on exit, writes the process's
 * peak resident set size (kilobytes, `process.resourceUsage().maxRSS`) to `<report>`.
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [report, script, ...args] = process.argv.slice(2);
if (report === undefined || script === undefined) {
  process.stderr.write("usage: node maxrss.js <report-file> <script> [args...]\n");
  process.exit(2);
}
process.on("exit", () => {
  writeFileSync(report, `${process.resourceUsage().maxRSS}\n`);
});
process.argv = [process.argv[0] ?? "node", resolve(script), ...args];
await import(pathToFileURL(resolve(script)).href);
