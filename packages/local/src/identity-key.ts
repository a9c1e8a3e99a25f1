import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Local mode's `IdentityHashKey`, kept with the data it indexes (and reset with it): a new key at
 * each start would leave the identities already indexed unfindable by erasure.
 */
export const localIdentityHashKey = async (dataDir: string): Promise<string> => {
  const path = join(dataDir, "identity-hash-key");
  const stored = await readFile(path, "utf8").catch(() => undefined);
  if (stored !== undefined && stored.trim() !== "") return stored.trim();
  const key = randomBytes(32).toString("hex");
  await mkdir(dataDir, { recursive: true });
  await writeFile(path, key, { mode: 0o600 });
  return key;
};
