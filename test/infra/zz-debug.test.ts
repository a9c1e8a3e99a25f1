import { it } from "vitest";
import { synth } from "./synth";
it("dumps", async () => {
  const t = Date.now();
  const s = await synth("dev");
  console.log("ms", Date.now() - t);
  console.log(JSON.stringify({ ...s, resources: s.resources.map((r) => [r.type, r.name, r.retainOnDelete]) }, null, 1).slice(0, 6000));
  const fs = await import("node:fs");
  fs.writeFileSync("/tmp/dbg/synth.json", JSON.stringify(s, null, 1));
}, 60000);
