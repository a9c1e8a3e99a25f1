import { describe, expect, it } from "vitest";
import { childrenIn, ID } from "../src/adapters/mediabunny/ebml";
import { fillingCues } from "../src/adapters/mediabunny/webm-cues";

describe("fillingCues", () => {
  it.each([1, 2, 3, 127, 128, 129, 16_384, 16_500])(
    "fills exactly the old Cues' place with the new Cues and a Void, %i bytes to spare",
    (spare) => {
      // Prepare: new Cues data whose element, at its narrowest, leaves `spare` bytes of the old one.
      const data = new Uint8Array(40).fill(7);
      const narrowest = 4 + 1 + data.length;
      // Act
      const bytes = fillingCues(data, narrowest + spare);
      // Assess
      const elements = [...childrenIn(bytes)];
      expect(bytes.length).toBe(narrowest + spare);
      expect(elements[0]).toMatchObject({
        id: ID.Cues,
        end: elements[0] && elements[0].dataStart + data.length,
      });
      expect(elements.slice(1).map((e) => e.id)).toEqual(spare === 1 ? [] : [ID.Void]);
      expect(elements.at(-1)?.end).toBe(bytes.length);
    },
  );
});
