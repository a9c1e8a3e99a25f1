import { lazyArchiveStore } from "@video-recordings/core";
import { describe, expect, it } from "vitest";
import { InMemoryArchiveStore } from "../fakes/in-memory-archive-store";

async function* bytes(size: number): AsyncGenerator<Uint8Array> {
  yield new Uint8Array(size);
}
const upload = { contentType: "audio/webm", expectedSize: 3 };

/** A store whose loads are counted, each one building the same in-memory store. */
const counted = () => {
  const inner = new InMemoryArchiveStore();
  const loads = { count: 0 };
  const store = lazyArchiveStore(async () => {
    loads.count++;
    return inner;
  });
  return { store, inner, loads };
};

describe("lazyArchiveStore", () => {
  it("loads nothing until a method is called", () => {
    // Act
    const { loads } = counted();
    // Assess
    expect(loads.count).toBe(0);
  });

  it("loads the store once when calls arrive together", async () => {
    // Prepare
    const { store, loads } = counted();
    // Act
    await Promise.all([store.stat("a"), store.stat("b"), store.remove("c")]);
    // Assess
    expect(loads.count).toBe(1);
  });

  it("hands every call to the loaded store", async () => {
    // Prepare
    const { store, inner } = counted();
    // Act
    const uploaded = await store.upload("k", bytes(3), upload);
    const stored = await store.stat("k");
    await store.remove("k");
    // Assess
    expect(uploaded).toEqual({ ok: true, value: { bucket: inner.bucket, key: "k", size: 3 } });
    expect(stored).toEqual({ size: 3 });
    expect(inner.objects.has("k")).toBe(false);
  });

  it("fails every call with the load's error when loading fails", async () => {
    // Prepare
    const store = lazyArchiveStore(async () => {
      throw new Error("S3_FORCE_PATH_STYLE must be true or false");
    });
    // Act
    const calls = [store.stat("k"), store.upload("k", bytes(3), upload)];
    // Assess
    for (const call of calls) await expect(call).rejects.toThrow(/S3_FORCE_PATH_STYLE/);
  });
});
