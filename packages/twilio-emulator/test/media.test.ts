import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, mediaBytes } from "../src/index";
import { control, createRoom, join, manualClock, rest, seed, startEmulator, T0 } from "./support";

const EBML = [0x1a, 0x45, 0xdf, 0xa3];

describe("emulator media", () => {
  let emu: Emulator;
  const clock = manualClock();

  beforeEach(async () => {
    clock.set(T0);
    emu = await startEmulator({ clock: clock.now });
  });
  afterEach(() => emu.stop());

  const redirect = async (path: string) => {
    const res = await rest(emu, "GET", path);
    const body = res.status === 302 ? ((await res.json()) as { redirect_to: string }) : null;
    return { res, location: res.headers.get("location"), url: body?.redirect_to ?? "" };
  };

  it("answers 302 with Location and redirect_to when the recording completed", async () => {
    // Prepare
    const { sid } = await seed(emu);
    // Act
    const { res, location, url } = await redirect(`/v1/Recordings/${sid}/Media`);
    // Assess
    expect(res.status).toBe(302);
    expect(location).toBe(url);
    expect(url.startsWith(`${emu.url}/_media/${sid}.mka?`)).toBe(true);
  });

  it.each([
    { codec: "VP8", type: "video", contentType: "video/webm", ext: "mkv" },
    { codec: "H264", type: "video", contentType: "video/x-matroska", ext: "mkv" },
    { codec: "OPUS", type: "audio", contentType: "audio/webm", ext: "mka" },
    { codec: "PCMU", type: "audio", contentType: "audio/x-matroska", ext: "mka" },
  ] as const)(
    "serves exactly size bytes of Matroska as $contentType when the codec is $codec",
    async ({ codec, type, contentType, ext }) => {
      // Prepare
      const size = 200_000;
      const { sid } = await seed(emu, { codec, type, size });
      const { url } = await redirect(`/v1/Recordings/${sid}/Media`);
      // Act
      const res = await fetch(url);
      const bytes = new Uint8Array(await res.arrayBuffer());
      // Assess
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(contentType);
      expect(res.headers.get("content-length")).toBe(String(size));
      expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${sid}.${ext}"`);
      expect(bytes.length).toBe(size);
      expect([...bytes.subarray(0, 4)]).toEqual(EBML);
      expect(
        Buffer.from(bytes).equals(Buffer.concat([...mediaBytes({ sid, codec, duration: 10, size })])),
      ).toBe(true);
    },
  );

  it("answers inline disposition when ContentDisposition=inline", async () => {
    // Prepare
    const { sid } = await seed(emu, { size: 10 });
    const { url } = await redirect(`/v1/Recordings/${sid}/Media?ContentDisposition=inline`);
    // Act
    const res = await fetch(url);
    // Assess
    expect(res.headers.get("content-disposition")).toBe("inline");
  });

  it("stops serving the link after Ttl seconds", async () => {
    // Prepare
    const { sid } = await seed(emu, { size: 100 });
    const { url } = await redirect(`/v1/Recordings/${sid}/Media?Ttl=60`);
    clock.advance(59_000);
    const before = await fetch(url);
    // Act
    clock.advance(1_000);
    const after = await fetch(url);
    // Assess
    expect(before.status).toBe(200);
    expect(after.status).toBe(403);
    expect(await after.text()).toContain("<Code>AccessDenied</Code>");
  });

  it("expires the link after the default 600 s when no Ttl is given", async () => {
    // Prepare
    const { sid } = await seed(emu, { size: 100 });
    const { url } = await redirect(`/v1/Recordings/${sid}/Media`);
    // Act
    emu.advanceClock(600);
    const res = await fetch(url);
    // Assess
    expect(res.status).toBe(403);
  });

  it("refuses a link whose signature was tampered with", async () => {
    // Prepare
    const { sid } = await seed(emu, { size: 100 });
    const { url } = await redirect(`/v1/Recordings/${sid}/Media?Ttl=60`);
    // Act
    const res = await fetch(url.replace(/Expires=(\d+)/, (_, n: string) => `Expires=${Number(n) + 1000}`));
    // Assess
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("SignatureDoesNotMatch");
  });

  it.each(["0", "3601", "1.5", "abc", "-1", ""])(
    "answers 400 with a Twilio error when Ttl=%s",
    async (ttl) => {
      // Prepare
      const { sid } = await seed(emu);
      // Act
      const res = await rest(emu, "GET", `/v1/Recordings/${sid}/Media?Ttl=${ttl}`);
      // Assess
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ status: 400, code: 20001 });
    },
  );

  it("answers 400 when ContentDisposition is neither attachment nor inline", async () => {
    // Prepare
    const { sid } = await seed(emu);
    // Act
    const res = await rest(emu, "GET", `/v1/Recordings/${sid}/Media?ContentDisposition=download`);
    // Assess
    expect(res.status).toBe(400);
  });

  it.each(["processing", "failed", "deleted"])(
    "answers 404 to /Media when the recording is %s",
    async (status) => {
      // Prepare
      const { sid } = await seed(emu, { status });
      // Act
      const res = await rest(emu, "GET", `/v1/Recordings/${sid}/Media`);
      // Assess
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: 20404 });
    },
  );

  it("answers 404 to a link issued before the recording was deleted", async () => {
    // Prepare
    const { sid } = await seed(emu, { size: 100 });
    const { url } = await redirect(`/v1/Recordings/${sid}/Media`);
    await rest(emu, "DELETE", `/v1/Recordings/${sid}`);
    // Act
    const res = await fetch(url);
    // Assess
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("NoSuchKey");
  });

  it("serves the same media under the room's path", async () => {
    // Prepare
    const room = await createRoom(emu);
    const { recordingSids } = await join(emu, room.sid, ["video"]);
    await control(emu, "POST", `/recordings/${recordingSids[0]}/complete`, { size: 4096 });
    // Act
    const { res, url } = await redirect(`/v1/Rooms/${room.sid}/Recordings/${recordingSids[0]}/Media`);
    const media = await fetch(url);
    // Assess
    expect(res.status).toBe(302);
    expect((await media.arrayBuffer()).byteLength).toBe(4096);
  });

  it("answers 404 for mediaNotReadySeconds after completion, then redirects", async () => {
    // Prepare
    await control(emu, "PUT", "/faults", { mediaNotReadySeconds: 5 });
    const room = await createRoom(emu);
    const { recordingSids } = await join(emu, room.sid, ["audio"]);
    await control(emu, "POST", `/recordings/${recordingSids[0]}/complete`);
    const early = await rest(emu, "GET", `/v1/Recordings/${recordingSids[0]}/Media`);
    // Act
    clock.advance(5_000);
    const later = await rest(emu, "GET", `/v1/Recordings/${recordingSids[0]}/Media`);
    // Assess
    expect(early.status).toBe(404);
    expect(later.status).toBe(302);
  });

  it("serves a download no faster than mediaBytesPerSecond, byte for byte the same media", async () => {
    // Prepare
    const size = 150_000;
    const { sid } = await seed(emu, { size, codec: "VP8", type: "video" });
    await control(emu, "PUT", "/faults", { mediaBytesPerSecond: 300_000 });
    const { url } = await redirect(`/v1/Recordings/${sid}/Media`);
    // Act
    const started = performance.now();
    const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
    const tookMs = performance.now() - started;
    // Assess: half a second is the least 150 kB can take at 300 kB/s
    expect(bytes.equals(Buffer.concat([...mediaBytes({ sid, codec: "VP8", duration: 10, size })]))).toBe(
      true,
    );
    expect(tookMs).toBeGreaterThanOrEqual(450);
  });

  it.each([0, -1, "fast"])("refuses mediaBytesPerSecond %s", async (value) => {
    // Act
    const res = await control(emu, "PUT", "/faults", { mediaBytesPerSecond: value });
    // Assess
    expect(res.status).toBe(400);
  });

  it.each([
    { case: "a closed range", range: "bytes=70000-70099", start: 70_000, end: 70_100 },
    { case: "an open range", range: "bytes=199990-", start: 199_990, end: 200_000 },
    { case: "a suffix range", range: "bytes=-5", start: 199_995, end: 200_000 },
  ])("answers 206 with the right bytes when asked for $case", async ({ range, start, end }) => {
    // Prepare
    const { sid } = await seed(emu, { size: 200_000, codec: "VP8", type: "video" });
    const { url } = await redirect(`/v1/Recordings/${sid}/Media`);
    // Act
    const res = await fetch(url, { headers: { range } });
    const bytes = Buffer.from(await res.arrayBuffer());
    // Assess
    expect(res.status).toBe(206);
    expect(res.headers.get("content-range")).toBe(`bytes ${start}-${end - 1}/200000`);
    const media = { sid, codec: "VP8", duration: 10, size: 200_000 } as const;
    expect(bytes.equals(Buffer.concat([...mediaBytes(media, start, end)]))).toBe(true);
  });

  it("serves any range of a 3 GB recording without building it in memory", async () => {
    // Prepare
    const size = 3 * 1024 ** 3;
    const { sid } = await seed(emu, { size, type: "video" });
    const { url } = await redirect(`/v1/Recordings/${sid}/Media`);
    const heapBefore = process.memoryUsage().heapUsed;
    // Act
    const res = await fetch(url, { headers: { range: `bytes=${size - 1_000_000}-` } });
    const tail = await res.arrayBuffer();
    const head = await fetch(url, { method: "HEAD" });
    // Assess
    expect(tail.byteLength).toBe(1_000_000);
    expect(head.headers.get("content-length")).toBe(String(size));
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024);
  });
});
