import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Codec, type Emulator, firstTimestampMs, type Gap, mediaBytes, mediaLength } from "../src/index";
import { decodesCleanly, ffmpegTool, scratchFolder } from "./ffmpeg";
import { control, createRoom, join, rest, seed, startEmulator, twilioClient } from "./support";

const scratch = scratchFolder("recording-media-");
afterAll(() => scratch.remove());

const TRACKS = [
  { codec: "VP8", type: "video", ext: "mkv", decoder: "vp8" },
  { codec: "H264", type: "video", ext: "mkv", decoder: "h264" },
  { codec: "OPUS", type: "audio", ext: "mka", decoder: "opus" },
  { codec: "PCMU", type: "audio", ext: "mka", decoder: "pcm_mulaw" },
] as const;

const DURATION = 12;

interface Probe {
  decoder: string | undefined;
  /** ffprobe's format duration: absent or "N/A" when the file states none. */
  formatDuration: string | undefined;
  /** Whether ffprobe guessed the duration from the bitrate (it does for constant-bitrate PCM). */
  estimated: boolean;
  packets: Array<{ pts: number; duration: number }>;
}

const probe = async (file: string): Promise<Probe> => {
  const res = await ffmpegTool("ffprobe", [
    "-v",
    "verbose",
    "-show_entries",
    "format=duration:stream=codec_name:packet=pts_time,duration_time",
    "-of",
    "json",
    file,
  ]);
  const out = JSON.parse(res.stdout) as {
    format: { duration?: string };
    streams: Array<{ codec_name: string }>;
    packets: Array<{ pts_time: string; duration_time: string }>;
  };
  return {
    decoder: out.streams[0]?.codec_name,
    formatDuration: out.format.duration,
    estimated: res.stderr.includes("Estimating duration from bitrate"),
    packets: out.packets.map((p) => ({ pts: Number(p.pts_time), duration: Number(p.duration_time) })),
  };
};

/** Seconds from the first packet to the end of the last, as a player counts them. */
const span = (p: Probe): number => {
  const first = p.packets[0];
  const last = p.packets.at(-1);
  return first && last ? last.pts + last.duration - first.pts : 0;
};

/** The longest stretch between two packets: [where it starts, how long], seconds. */
const longestPause = (p: Probe): [number, number] => {
  let best: [number, number] = [0, 0];
  for (const [i, packet] of p.packets.entries()) {
    const next = p.packets[i + 1];
    if (next && next.pts - packet.pts > best[1]) best = [packet.pts, next.pts - packet.pts];
  }
  return best;
};

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("emulator recording media", () => {
  let emu: Emulator;

  const download = async (sid: string) => {
    const res = await rest(emu, "GET", `/v1/Recordings/${sid}/Media`);
    const { redirect_to } = (await res.json()) as { redirect_to: string };
    return new Uint8Array(await (await fetch(redirect_to)).arrayBuffer());
  };

  /** Seeds a recording, downloads its media through the link, and has ffprobe read it. */
  const served = async (body: Record<string, unknown>, ext: string) => {
    const recording = await seed(emu, body);
    const bytes = await download(recording.sid);
    const file = scratch.write(`${recording.sid}.${ext}`, bytes);
    return { recording, bytes, file, probe: await probe(file) };
  };

  const plain = new Map<Codec, Awaited<ReturnType<typeof served>>>();
  const track = (codec: Codec) => plain.get(codec) ?? expect.fail(`no ${codec} media downloaded`);

  beforeAll(async () => {
    emu = await startEmulator();
    for (const t of TRACKS)
      plain.set(t.codec, await served({ codec: t.codec, type: t.type, duration: DURATION }, t.ext));
  });
  afterAll(() => emu.stop());

  it.each(TRACKS)(
    "serves $codec media that ffmpeg reads as $decoder and decodes without an error",
    async ({ codec, decoder }) => {
      // Prepare / Act: downloaded once for the file
      const { probe: p, file } = track(codec);
      // Assess
      expect(p.decoder).toBe(decoder);
      expect(await decodesCleanly(file)).toBe(true);
    },
  );

  it.each(TRACKS)("serves exactly the recording's size in bytes when the codec is $codec", ({ codec }) => {
    // Prepare / Act: downloaded once for the file
    const { recording, bytes } = track(codec);
    // Assess
    expect(recording.size).toBe(bytes.length);
    expect(
      Buffer.from(bytes).equals(
        Buffer.concat([...mediaBytes({ sid: recording.sid, codec, duration: DURATION })]),
      ),
    ).toBe(true);
  });

  it.each(TRACKS)("lasts the recording's duration within a second when the codec is $codec", ({ codec }) => {
    // Prepare / Act: downloaded once for the file
    const { probe: p } = track(codec);
    // Assess
    expect(Math.abs(span(p) - DURATION)).toBeLessThan(1);
  });

  it.each(TRACKS)(
    "starts at the recording's own timestamp above zero when the codec is $codec",
    ({ codec }) => {
      // Prepare / Act: downloaded once for the file
      const { probe: p, recording } = track(codec);
      // Assess: ffmpeg moves Opus earlier by its 6.5 ms encoder delay.
      expect(p.packets[0]?.pts).toBeGreaterThan(0);
      expect(Math.abs((p.packets[0]?.pts ?? 0) - firstTimestampMs(recording.sid) / 1000)).toBeLessThan(0.01);
    },
  );

  it.each(TRACKS)("states no duration to ffprobe, as live-written $codec media does", ({ codec }) => {
    // Prepare / Act: downloaded once for the file
    const { probe: p } = track(codec);
    // Assess: ffprobe has none, or guesses one from the bitrate of constant-rate PCM.
    expect(p.formatDuration === undefined || p.formatDuration === "N/A" || p.estimated).toBe(true);
    expect(p.estimated).toBe(codec === "PCMU");
  });

  it.each(TRACKS)(
    "holds no Cues nor SeekHead and an unknown-size Segment when the codec is $codec",
    ({ codec }) => {
      // Prepare / Act: downloaded once for the file
      const all = hex(track(codec).bytes);
      // Assess
      expect(all).not.toContain("1c53bb6b");
      expect(all).not.toContain("114d9b74");
      expect(all).toContain("1853806701ffffffffffffff");
    },
  );

  it.each([
    { codec: "VP8", type: "video", ext: "mkv" },
    { codec: "OPUS", type: "audio", ext: "mka" },
  ] as const)(
    "leaves a stretch without packets where a seeded $codec track was muted",
    async ({ codec, type, ext }) => {
      // Prepare
      const gap: Gap = { at: 5, seconds: 6 };
      // Act
      const { probe: p, file } = await served({ codec, type, duration: 20, gap }, ext);
      // Assess
      const first = p.packets[0]?.pts ?? 0;
      const [from, length] = longestPause(p);
      expect(from - first).toBeGreaterThan(4.5);
      expect(from - first).toBeLessThan(5);
      expect(length).toBeGreaterThan(6);
      expect(length).toBeLessThan(6.5);
      expect(Math.abs(span(p) - 20)).toBeLessThan(1);
      expect(await decodesCleanly(file)).toBe(true);
    },
  );

  it("leaves the gap asked for when a recording completes", async () => {
    // Prepare
    const room = await createRoom(emu);
    const { recordingSids } = await join(emu, room.sid, ["audio"]);
    const sid = recordingSids[0] ?? "";
    // Act
    const done = await control(emu, "POST", `/recordings/${sid}/complete`, {
      duration: 30,
      gap: { at: 10, seconds: 8 },
    });
    // Assess
    const p = await probe(scratch.write(`${sid}.mka`, await download(sid)));
    expect(done.status).toBe(200);
    expect(done.body.size).toBe(
      mediaLength({ sid, codec: "OPUS", duration: 30, gap: { at: 10, seconds: 8 } }),
    );
    expect(longestPause(p)[1]).toBeGreaterThan(8);
  });

  it.each([
    { case: "a gap at the first packet", gap: { at: 0, seconds: 2 } },
    { case: "a gap reaching the end", gap: { at: 5, seconds: 5 } },
    { case: "a gap of no length", gap: { at: 2, seconds: 0 } },
    { case: "a gap without its length", gap: { at: 2 } },
    { case: "a gap that is not an object", gap: [2, 3] },
    { case: "a gap of text", gap: { at: "2", seconds: 3 } },
  ])("answers 400 when seeding $case", async ({ gap }) => {
    // Act
    const res = await control(emu, "POST", "/recordings", { duration: 10, gap });
    // Assess
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/gap/);
  });

  it("answers a range with the bytes the whole file has there", async () => {
    // Prepare: clusters are a clip's length apart, so this range crosses several.
    const { recording, bytes } = track("VP8");
    const res = await rest(emu, "GET", `/v1/Recordings/${recording.sid}/Media`);
    const { redirect_to } = (await res.json()) as { redirect_to: string };
    // Act
    const part = await fetch(redirect_to, { headers: { range: "bytes=100000-699999" } });
    // Assess
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(Buffer.from(bytes.subarray(100_000, 700_000)))).toBe(
      true,
    );
  });

  it("reports through the official twilio client the size its link serves", async () => {
    // Prepare
    const { recording, bytes } = track("H264");
    // Act
    const fetched = await twilioClient(emu).video.v1.recordings(recording.sid).fetch();
    // Assess
    expect(fetched.size).toBe(bytes.length);
    expect(fetched.duration).toBe(DURATION);
    expect(fetched.codec).toBe("h264");
  });

  it("redirects the official twilio client's request for /Media to the bytes its link serves", async () => {
    // Prepare
    const { recording, bytes } = track("OPUS");
    // Act: the helper library has no /Media resource; its generic request reaches it, redirects not followed.
    const answer = await twilioClient(emu).request({
      method: "get",
      uri: `https://video.twilio.com/v1/Recordings/${recording.sid}/Media`,
    });
    // Assess
    const { redirect_to } = (typeof answer.body === "string" ? JSON.parse(answer.body) : answer.body) as {
      redirect_to: string;
    };
    expect(answer.statusCode).toBe(302);
    expect(Buffer.from(await (await fetch(redirect_to)).arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
  });
});

describe("mediaBytes", () => {
  const media = { sid: `RT${"0".repeat(32)}`, codec: "OPUS", duration: 5 } as const;

  it.each([1, 2, 128, 129, 100_000])(
    "pads the media with %i bytes players skip when a larger size is asked",
    async (extra) => {
      // Prepare
      const size = mediaLength(media) + extra;
      // Act
      const bytes = Buffer.concat([...mediaBytes({ ...media, size })]);
      // Assess
      const file = scratch.write(`padded-${extra}.mka`, bytes);
      expect(bytes.length).toBe(size);
      expect(await decodesCleanly(file)).toBe(true);
      const own = await probe(scratch.write("own.mka", Buffer.concat([...mediaBytes(media)])));
      expect((await probe(file)).packets).toEqual(own.packets);
    },
  );

  it("cuts the media short when a smaller size is asked", () => {
    // Act
    const cut = Buffer.concat([...mediaBytes({ ...media, size: 10_000 })]);
    // Assess
    expect(cut.equals(Buffer.concat([...mediaBytes(media)]).subarray(0, 10_000))).toBe(true);
  });

  it("starts each recording's media at its own timestamp, so two files differ", () => {
    // Act
    const a = Buffer.concat([...mediaBytes(media)]);
    const b = Buffer.concat([...mediaBytes({ ...media, sid: `RT${"1".repeat(32)}` })]);
    // Assess
    expect(a.equals(b)).toBe(false);
  });
});
