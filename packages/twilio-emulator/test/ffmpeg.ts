// FFmpeg's tools as independent oracles for the media the emulator serves.
// `npm install` (scripts/setup.mjs) installs Debian's ffmpeg when missing.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Runs `ffprobe` or `ffmpeg`; throws with a hint when the tool is missing. */
export const ffmpegTool = (tool: "ffprobe" | "ffmpeg", args: string[]) => {
  const res = spawnSync(tool, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (res.error) throw new Error(`${tool} is needed for this test: run npm install (${res.error.message})`);
  return res;
};

/** Whether ffmpeg decodes every frame of a file without a word on stderr. */
export const decodesCleanly = (file: string): boolean => {
  const res = ffmpegTool("ffmpeg", ["-v", "error", "-i", file, "-f", "null", "-"]);
  return res.status === 0 && res.stderr.trim() === "";
};

/** A folder for the files a test hands to the tools, and its removal. */
export const scratchFolder = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    write: (name: string, bytes: Uint8Array): string => {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
};
