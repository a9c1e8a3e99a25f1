import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const run = promisify(execFile);

/** Lints one file placed at `path` in the repository, as `npm run lint` would. */
const lint = async (path: string, source: string): Promise<{ failed: boolean; output: string }> => {
  const file = join(ROOT, path);
  await mkdir(resolve(file, ".."), { recursive: true });
  await writeFile(file, source);
  try {
    const { stdout, stderr } = await run("npx", ["biome", "lint", relative(ROOT, file)], { cwd: ROOT });
    return { failed: false, output: stdout + stderr };
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    return { failed: true, output: stdout + stderr };
  } finally {
    await rm(file);
  }
};

describe("the lint rule on package boundaries", () => {
  let probes: string;
  beforeAll(async () => {
    probes = relative(ROOT, await mkdtemp(join(ROOT, "test/boundary-probe-")));
  });
  afterAll(async () => {
    await rm(join(ROOT, probes), { recursive: true, force: true });
  });

  it.each([
    { case: "a test reaching into core's src", at: "x.ts", from: "../../packages/core/src/result" },
    {
      case: "a test reaching into local mode's src",
      at: "x.ts",
      from: "../../packages/local/src/start-local",
    },
    { case: "a package path into src", at: "x.ts", from: "@video-recordings/core/src/result" },
  ])("fails on $case", async ({ at, from }) => {
    // Act
    const result = await lint(join(probes, at), `import * as m from "${from}";\nexport const x = m;\n`);
    // Assess
    expect(result.failed).toBe(true);
    expect(result.output).toContain("noRestrictedImports");
  });

  it("fails on local mode importing the functions, or another package's src", async () => {
    // Act
    const results = await Promise.all([
      lint(
        "packages/local/src/boundary-probe-a.ts",
        'import * as m from "../../../functions/_routes";\nexport const x = m;\n',
      ),
      lint(
        "packages/local/src/boundary-probe-b.ts",
        'import * as m from "../../core/src/result";\nexport const x = m;\n',
      ),
    ]);
    // Assess
    for (const result of results) expect(result.output).toContain("noRestrictedImports");
  });

  it("passes imports through a package's exports", async () => {
    // Act
    const result = await lint(
      join(probes, "ok.ts"),
      'import * as m from "@video-recordings/core/retention";\nexport const x = m;\n',
    );
    // Assess
    expect(result).toMatchObject({ failed: false });
  });
});
