import { afterAll, describe, expect, it } from "vitest";
import { compositionBytes } from "../src/index";
import { decodesCleanly, ffmpegTool, scratchFolder } from "./ffmpeg";
import { control, emulatorEachTest, rest } from "./support";

const scratch = scratchFolder("composition-media-");

interface Probe {
  format: { format_name: string };
  streams: Array<{ codec_type: string; codec_name: string }>;
}

/** Container and codecs by ffprobe, and whether ffmpeg decodes every frame without an error. */
const inspect = async (bytes: Uint8Array, name: string) => {
  const file = scratch.write(name, bytes);
  const probe = await ffmpegTool("ffprobe", [
    "-v",
    "error",
    "-show_entries",
    "format=format_name:stream=codec_type,codec_name",
    "-of",
    "json",
    file,
  ]);
  const parsed = JSON.parse(probe.stdout) as Probe;
  return {
    container: parsed.format.format_name,
    codecs: parsed.streams.map((s) => `${s.codec_type}:${s.codec_name}`).sort(),
    decoded: await decodesCleanly(file),
  };
};

describe("emulator composition media", () => {
  const t = emulatorEachTest();
  afterAll(() => scratch.remove());

  const seeded = async (body: Record<string, unknown>) =>
    (await control(t.emu, "POST", "/compositions", body)).body as { sid: string; size: number };

  const link = async (sid: string, query = "") => {
    const res = await rest(t.emu, "GET", `/v1/Compositions/${sid}/Media${query}`);
    return ((await res.json()) as { redirect_to: string }).redirect_to;
  };

  it.each([
    {
      format: "mp4",
      label: "H.264 + AAC",
      container: "mov,mp4,m4a,3gp,3g2,mj2",
      codecs: ["audio:aac", "video:h264"],
    },
    { format: "webm", label: "VP8 + Opus", container: "matroska,webm", codecs: ["audio:opus", "video:vp8"] },
  ] as const)(
    "serves a decodable $format file with $label when the media link is followed",
    async ({ format, container, codecs }) => {
      // Prepare
      const { sid, size } = await seeded({ format });
      // Act
      const res = await fetch(await link(sid));
      const bytes = new Uint8Array(await res.arrayBuffer());
      // Assess
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(`video/${format}`);
      expect(res.headers.get("content-length")).toBe(String(size));
      expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${sid}.${format}"`);
      expect(bytes.length).toBe(size);
      expect(await inspect(bytes, `${sid}.${format}`)).toEqual({ container, codecs, decoded: true });
    },
  );

  it.each(["mp4", "webm"] as const)(
    "stays decodable when a seeded %s is padded to a larger size",
    async (format) => {
      // Prepare
      const size = 1_234_567;
      const { sid } = await seeded({ format, size });
      // Act
      const bytes = new Uint8Array(await (await fetch(await link(sid))).arrayBuffer());
      // Assess
      expect(bytes.length).toBe(size);
      expect((await inspect(bytes, `padded-${sid}.${format}`)).decoded).toBe(true);
      expect(Buffer.from(bytes).equals(Buffer.concat([...compositionBytes(format, size, 0, size)]))).toBe(
        true,
      );
    },
  );

  it("serves what a composition made through the REST API announced as its size", async () => {
    // Prepare
    const { sid, size } = await seeded({ status: "processing" });
    t.clock.advance(2000);
    const fetched = (await (await rest(t.emu, "GET", `/v1/Compositions/${sid}`)).json()) as { size: number };
    // Act
    const res = await fetch(await link(sid));
    // Assess
    expect(size).toBeNull();
    expect(Number(res.headers.get("content-length"))).toBe(fetched.size);
    expect((await res.arrayBuffer()).byteLength).toBe(fetched.size);
  });

  it("answers 206 with Content-Range when a byte range is asked", async () => {
    // Prepare
    const { sid, size } = await seeded({ format: "mp4" });
    // Act
    const res = await fetch(await link(sid), { headers: { range: "bytes=100-199" } });
    const bytes = Buffer.from(await res.arrayBuffer());
    // Assess
    expect(res.status).toBe(206);
    expect(res.headers.get("content-range")).toBe(`bytes 100-199/${size}`);
    expect(bytes.equals(Buffer.concat([...compositionBytes("mp4", size, 100, 200)]))).toBe(true);
  });

  it("answers inline disposition when ContentDisposition=inline", async () => {
    // Prepare
    const { sid } = await seeded({});
    // Act
    const res = await fetch(await link(sid, "?ContentDisposition=inline"), { method: "HEAD" });
    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe("inline");
  });

  it("answers S3's 404 NoSuchKey when the composition was deleted after the link was made", async () => {
    // Prepare
    const { sid } = await seeded({});
    const url = await link(sid);
    await rest(t.emu, "DELETE", `/v1/Compositions/${sid}`);
    // Act
    const res = await fetch(url);
    // Assess
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("<Code>NoSuchKey</Code>");
  });

  it("answers S3's 403 when the link has expired", async () => {
    // Prepare
    const { sid } = await seeded({});
    const url = await link(sid, "?Ttl=10");
    // Act
    t.clock.advance(10_000);
    const res = await fetch(url);
    // Assess
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("Request has expired");
  });
});
