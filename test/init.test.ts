/** `pricing init` (issue 17): a new repository that plans at once, its schemas resolved, never overwritten. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { catalogFromFolder, INIT_FILES } from "../src/app/init.js";
import { git, pricing, removeDir, tempDir } from "./helpers/cli.js";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) removeDir(dir);
});

function folder(): string {
  const dir = tempDir("init");
  made.push(dir);
  return dir;
}

describe("pricing init", () => {
  it("scaffolds a repository that validates, plans and applies, under the catalog it names", async () => {
    const dir = folder();
    const run = await pricing(dir, "init", "--catalog", "depot");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      `Initialized the catalog "depot":\n${INIT_FILES.map((f) => `  ${f}\n`).join("")}Next: git init (if this is not a repository yet), commit, then \`pricing plan\`.\n`,
    );
    for (const file of INIT_FILES.filter((f) => f.endsWith(".yaml"))) {
      const first = readFileSync(join(dir, file), "utf8").split("\n")[0] ?? "";
      const schema = /^# yaml-language-server: \$schema=(.+\.schema\.json)$/.exec(first)?.[1];
      expect(schema, file).toBeDefined();
      expect(existsSync(resolve(dirname(join(dir, file)), schema ?? "")), `${file} -> ${schema}`).toBe(true);
    }
    git(dir, "init", "--quiet", "--initial-branch=main");
    git(dir, "config", "user.name", "Pricing Test");
    git(dir, "config", "user.email", "pricing-test@example.com");
    git(dir, "add", ".");
    git(dir, "commit", "--quiet", "-m", "pricing init");
    expect((await pricing(dir, "validate")).code).toBe(0);
    const plan = await pricing(dir, "plan");
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/Plan: 4 to create, 0 to update/);
    const applied = await pricing(dir, "apply");
    expect(applied.stderr).toBe("");
    expect(JSON.parse(readFileSync(join(dir, "state", "stripe.json"), "utf8")).catalog).toBe("depot");
  });

  it("never overwrites: with any of its files present it writes nothing", async () => {
    const dir = folder();
    writeFileSync(join(dir, ".gitignore"), "mine\n");
    const run = await pricing(dir, "init");
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("error: .gitignore already exists: init never overwrites; nothing was written\n");
    expect(readFileSync(join(dir, ".gitignore"), "utf8")).toBe("mine\n");
    expect(existsSync(join(dir, "pricing.config.yaml"))).toBe(false);
    expect(existsSync(join(dir, "models"))).toBe(false);
  });

  it("refuses a name that is not a catalog name", async () => {
    const dir = folder();
    const run = await pricing(dir, "init", "--catalog", "Two Words");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: --catalog "Two Words" is not a catalog name: lowercase letters/);
    expect(existsSync(join(dir, "pricing.config.yaml"))).toBe(false);
  });

  it("names the catalog after the folder by default", () => {
    expect(catalogFromFolder("/x/EV Charging (EU)")).toBe("ev-charging-eu");
    expect(catalogFromFolder("/x/_pricing_")).toBe("pricing");
    expect(catalogFromFolder("/x/###")).toBe("default");
    expect(catalogFromFolder(`/x/${"a".repeat(60)}`)).toBe("a".repeat(40));
  });
});
