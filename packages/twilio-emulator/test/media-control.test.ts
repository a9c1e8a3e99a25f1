import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Emulator } from "../src/index";
import { control, createRoom, emulatorEachTest, join, receiver, rest, seed, twilioClient } from "./support";

/** `PUT /_emulator/recordings/{Sid}/media` with raw bytes or a stream of them. */
const putMedia = async (emu: Emulator, sid: string, body: Uint8Array | ReadableStream<Uint8Array>) => {
  const res = await fetch(`${emu.url}/_emulator/recordings/${sid}/media`, {
    method: "PUT",
    headers: { "content-type": "application/octet-stream" },
    body,
    duplex: "half",
  } as RequestInit);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

const download = async (emu: Emulator, sid: string, range?: string) => {
  const res = await rest(emu, "GET", `/v1/Recordings/${sid}/Media`);
  const { redirect_to } = (await res.json()) as { redirect_to: string };
  const media = await fetch(redirect_to, range === undefined ? {} : { headers: { range } });
  return { status: media.status, bytes: Buffer.from(await media.arrayBuffer()) };
};

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** `count` MiB of the same random block, produced as they are sent. */
const streamOf = (block: Buffer, count: number) =>
  new ReadableStream<Uint8Array>({
    pull(controller) {
      if (count-- > 0) controller.enqueue(block);
      else controller.close();
    },
  });

describe("emulator media control", () => {
  const t = emulatorEachTest();

  it("answers the recording's Twilio JSON with the body's length as its size", async () => {
    // Prepare
    const { sid } = await seed(t.emu, { codec: "VP8", type: "video" });
    // Act
    const res = await putMedia(t.emu, sid, randomBytes(123_457));
    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      sid,
      status: "completed",
      size: 123_457,
      codec: "vp8",
      container_format: "mkv",
    });
  });

  it("serves exactly the bytes put when the media link is followed", async () => {
    // Prepare
    const { sid } = await seed(t.emu);
    const bytes = randomBytes(300_000);
    await putMedia(t.emu, sid, bytes);
    // Act
    const served = await download(t.emu, sid);
    // Assess
    expect(served.status).toBe(200);
    expect(served.bytes.equals(bytes)).toBe(true);
  });

  it("answers a range of the bytes put", async () => {
    // Prepare
    const { sid } = await seed(t.emu);
    const bytes = randomBytes(300_000);
    await putMedia(t.emu, sid, bytes);
    // Act
    const served = await download(t.emu, sid, "bytes=299000-");
    // Assess
    expect(served.status).toBe(206);
    expect(served.bytes.equals(bytes.subarray(299_000))).toBe(true);
  });

  it("takes a body far larger than a control's JSON, streamed", async () => {
    // Prepare
    const { sid } = await seed(t.emu);
    const block = randomBytes(1_048_576);
    const whole = createHash("sha256");
    for (let i = 0; i < 64; i++) whole.update(block);
    // Act
    const res = await putMedia(t.emu, sid, streamOf(block, 64));
    // Assess
    expect(res.body.size).toBe(64 * 1_048_576);
    expect(sha256((await download(t.emu, sid)).bytes)).toBe(whole.digest("hex"));
  });

  it("replaces bytes put before", async () => {
    // Prepare
    const { sid } = await seed(t.emu);
    await putMedia(t.emu, sid, randomBytes(5_000));
    const second = randomBytes(7);
    // Act
    const res = await putMedia(t.emu, sid, second);
    // Assess
    expect(res.body.size).toBe(7);
    expect((await download(t.emu, sid)).bytes.equals(second)).toBe(true);
  });

  it("keeps bytes put while processing and reports their length when the recording completes", async () => {
    // Prepare
    const rx = await receiver();
    const room = await createRoom(t.emu, { StatusCallback: rx.url });
    const { recordingSids } = await join(t.emu, room.sid, ["audio"]);
    const sid = recordingSids[0] ?? "";
    const bytes = randomBytes(4_321);
    const put = await putMedia(t.emu, sid, bytes);
    // Act
    const done = await control(t.emu, "POST", `/recordings/${sid}/complete`, { duration: 9 });
    await t.emu.idle();
    // Assess
    const completed = rx.received.find((r) => r.params.StatusCallbackEvent === "recording-completed");
    await rx.close();
    expect(put.body).toMatchObject({ status: "processing", size: null });
    expect(done.body).toMatchObject({ status: "completed", size: 4_321, duration: 9 });
    expect(completed?.params.Size).toBe("4321");
    expect((await download(t.emu, sid)).bytes.equals(bytes)).toBe(true);
  });

  it("reports the new size through the official twilio client", async () => {
    // Prepare
    const { sid } = await seed(t.emu);
    await putMedia(t.emu, sid, randomBytes(2_222));
    // Act
    const fetched = await twilioClient(t.emu).video.v1.recordings(sid).fetch();
    // Assess
    expect(fetched.size).toBe(2_222);
  });

  it("answers 404 for an unknown recording", async () => {
    // Act
    const res = await putMedia(t.emu, `RT${"f".repeat(32)}`, randomBytes(10));
    // Assess
    expect(res.status).toBe(404);
    expect(res.body.error).toMatch(/no recording/);
  });

  it.each(["deleted", "failed"])("answers 409 when the recording is %s", async (status) => {
    // Prepare
    const { sid } = await seed(t.emu, { status });
    // Act
    const res = await putMedia(t.emu, sid, randomBytes(10));
    // Assess
    expect(res.status).toBe(409);
  });

  it("serves no media once the recording is deleted", async () => {
    // Prepare
    const { sid } = await seed(t.emu);
    await putMedia(t.emu, sid, randomBytes(10));
    // Act
    await rest(t.emu, "DELETE", `/v1/Recordings/${sid}`);
    // Assess
    expect((await rest(t.emu, "GET", `/v1/Recordings/${sid}/Media`)).status).toBe(404);
  });

  it("forgets bytes put when the emulator is reset", async () => {
    // Prepare
    const { sid } = await seed(t.emu);
    await putMedia(t.emu, sid, randomBytes(10));
    // Act
    await control(t.emu, "POST", "/reset");
    // Assess
    expect((await putMedia(t.emu, sid, randomBytes(10))).status).toBe(404);
  });
});
