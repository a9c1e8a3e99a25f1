import * as v from "valibot";
import { type InvalidParameter, readParameters } from "../invalid-parameter";
import { jsonObjectBody } from "../json-body";
import type { Result } from "../result";
import { COMPOSITION_FORMATS } from "./composition-values";

// Twilio's limits on a composition's frame: 16 to 1280 pixels a side, at most 921,600 in all.
const MIN_SIDE = 16;
const MAX_SIDE = 1280;
const MAX_PIXELS = 921_600;

const withinTwilioFrame = (resolution: string): boolean => {
  const [width = 0, height = 0] = resolution.split("x").map(Number);
  return (
    width >= MIN_SIDE &&
    height >= MIN_SIDE &&
    width <= MAX_SIDE &&
    height <= MAX_SIDE &&
    width * height <= MAX_PIXELS
  );
};

/** `POST /rooms/{roomSid}/compositions`: what the caller asks for, every field optional. */
export const CompositionAskSchema = v.strictObject(
  {
    format: v.optional(
      v.picklist(COMPOSITION_FORMATS, `must be one of ${COMPOSITION_FORMATS.join(", ")}`),
      "mp4",
    ),
    // Every video source in a grid: Twilio's layout for "everybody on camera".
    videoLayout: v.optional(
      v.pipe(
        v.unknown(),
        // Valibot takes arrays for records, and reads them into objects.
        v.check((layout) => !Array.isArray(layout), "must be an object (Twilio's video layout)"),
        v.record(v.string(), v.unknown(), "must be an object (Twilio's video layout)"),
        v.check((layout) => JSON.stringify(layout).length <= 16_384, "must be at most 16 KB as JSON"),
      ),
      () => ({ grid: { video_sources: ["*"] } }),
    ),
    audioSources: v.optional(
      v.pipe(
        v.array(
          v.pipe(
            v.string("must hold track names"),
            v.minLength(1, "must not hold an empty name"),
            v.maxLength(128),
          ),
          "must be an array of track names",
        ),
        v.maxLength(32, "must name at most 32 sources"),
      ),
      () => ["*"],
    ),
    resolution: v.optional(
      v.pipe(
        v.string("must be WIDTHxHEIGHT"),
        v.regex(/^[1-9]\d{0,3}x[1-9]\d{0,3}$/, "must be WIDTHxHEIGHT"),
        v.check(
          withinTwilioFrame,
          `must be ${MIN_SIDE} to ${MAX_SIDE} a side and at most ${MAX_PIXELS} pixels`,
        ),
      ),
      "1280x720",
    ),
    trim: v.optional(v.boolean("must be true or false"), true),
  },
  "must be a JSON object of format, videoLayout, audioSources, resolution and trim: nothing else",
);
export type CompositionAsk = v.InferOutput<typeof CompositionAskSchema>;

const CompositionAskBody = jsonObjectBody(
  CompositionAskSchema,
  '{"format"?, "videoLayout"?, "audioSources"?, "resolution"?, "trim"?}',
);

/** Reads the creation body; an empty body asks for every default. */
export const readCompositionAsk = (body: string): Result<CompositionAsk, InvalidParameter> =>
  readParameters(CompositionAskBody, body.trim() === "" ? "{}" : body);
