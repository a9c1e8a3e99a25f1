import { describe, expect, it } from "vitest";
import { partReader } from "../src/adapters/s3/part-reader";

/** A byte stream, as fetch's response bodies are, that queues a copy of each of `chunks`. */
const byteStream = (chunks: Uint8Array[]): ReadableStream<Uint8Array> => {
  let next = 0;
  return new ReadableStream({
    type: "bytes",
    pull(controller) {
      const chunk = chunks[next++];
      if (chunk) controller.enqueue(chunk.slice());
      else controller.close();
    },
  });
};

/** Keeps each chunk that `stream`'s async iterator hands out, to see what becomes of it. */
const recordChunks = (stream: ReadableStream<Uint8Array>): Uint8Array[] => {
  const handedOut: Uint8Array[] = [];
  const values = stream.values.bind(stream);
  Object.defineProperty(stream, Symbol.asyncIterator, {
    value: (): AsyncIterator<Uint8Array> => {
      const chunks = values();
      return {
        next: async () => {
          const next = await chunks.next();
          if (!next.done) handedOut.push(next.value);
          return next;
        },
      };
    },
  });
  return handedOut;
};

async function* iterable(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* chunks;
}

const bytes = (...values: number[]) => Uint8Array.from(values);

describe("partReader", () => {
  it("fills parts across chunk boundaries and answers a short part, then an empty one, at the end", async () => {
    // Prepare
    const reader = partReader(byteStream([bytes(1, 2, 3), bytes(4), bytes(5, 6, 7, 8, 9)]));
    const into = new Uint8Array(4);
    // Act
    const parts: number[][] = [];
    for (let part = await reader.fill(into); part.length > 0; part = await reader.fill(into))
      parts.push([...part]);
    // Assess
    expect(parts).toEqual([[1, 2, 3, 4], [5, 6, 7, 8], [9]]);
  });

  it("frees each chunk of a byte stream once it is copied", async () => {
    // Prepare
    const stream = byteStream([bytes(1, 2, 3), bytes(4, 5)]);
    const handedOut = recordChunks(stream);
    const reader = partReader(stream);
    // Act
    const first = [...(await reader.fill(new Uint8Array(4)))];
    // Assess: the first chunk is all copied, the second only half
    expect(first).toEqual([1, 2, 3, 4]);
    expect(handedOut.map((chunk) => chunk.byteLength)).toEqual([0, 2]);
    expect([...(await reader.fill(new Uint8Array(4)))]).toEqual([5]);
  });

  it("leaves the chunks of an iterable whole: they may be views of what its source keeps", async () => {
    // Prepare
    const kept = bytes(1, 2, 3, 4);
    const reader = partReader(iterable([kept.subarray(0, 2), kept.subarray(2)]));
    // Act
    const part = await reader.fill(new Uint8Array(4));
    // Assess
    expect([...part]).toEqual([1, 2, 3, 4]);
    expect([...kept]).toEqual([1, 2, 3, 4]);
  });

  it("throws what reading the body threw", async () => {
    // Prepare
    async function* breaking(): AsyncGenerator<Uint8Array> {
      yield bytes(1);
      throw new Error("source broke off");
    }
    const reader = partReader(breaking());
    // Act
    const filling = reader.fill(new Uint8Array(4));
    // Assess
    await expect(filling).rejects.toThrow("source broke off");
  });

  it("cancels a stream it stops reading early", async () => {
    // Prepare
    let cancelled = false;
    const source = new ReadableStream<Uint8Array>({
      pull: (controller) => controller.enqueue(bytes(1, 2)),
      cancel: () => {
        cancelled = true;
      },
    });
    const reader = partReader(source);
    await reader.fill(new Uint8Array(3));
    // Act
    await reader.close();
    // Assess
    expect(cancelled).toBe(true);
  });
});
