// FFmpeg's tools as independent oracles for the media the emulator serves.
// `npm install` (scripts/setup.mjs) installs Debian's ffmpeg when missing.
// They run asynchronously: a test that blocked the event loop for seconds
// would let an emulator in the same process close an idle keep-alive socket
// just as fetch reuses it.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Runs `ffprobe` or `ffmpeg` to its end; throws with a hint when the tool is missing. */
export const ffmpegTool = (tool: "ffprobe" | "ffmpeg", args: string[]) =>
  new Promise<{ status: number; stdout: string; stderr: string }>((resolve, reject) => {
    execFile(tool, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== "number") {
        reject(new Error(`${tool} is needed for this test: run npm install (${err.message})`));
        return;
      }
      resolve({ status: typeof err?.code === "number" ? err.code : 0, stdout, stderr });
    });
  });

/** Whether ffmpeg decodes every frame of a file without a word on stderr. */
export const decodesCleanly = async (file: string): Promise<boolean> => {
  const res = await ffmpegTool("ffmpeg", ["-v", "error", "-i", file, "-f", "null", "-"]);
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
