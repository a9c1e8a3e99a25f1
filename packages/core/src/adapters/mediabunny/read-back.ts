import { stat } from "node:fs/promises";
import { FilePathSource, Input, MP4, WAVE, WEBM } from "mediabunny";
import type { RenditionContainer } from "../../renditions/rendition";
import type { RenditionReadBack } from "../../renditions/verification";
import { cuePointsOf } from "./webm-cues";

const FORMATS = { webm: WEBM, mp4: MP4, wav: WAVE } as const;

/**
 * Reads a written rendition back from disk: the duration its header states (what a player
 * shows; null when there is none), its cue points, its size.
 */
export const readBack = async (path: string, container: RenditionContainer): Promise<RenditionReadBack> => {
  const input = new Input({ source: new FilePathSource(path), formats: [FORMATS[container]] });
  try {
    const [{ size }, durationSeconds, cuePoints] = await Promise.all([
      stat(path),
      input.getDurationFromMetadata(),
      container === "webm" ? cuePointsOf(path) : 0,
    ]);
    return { container, durationSeconds, cuePoints, size };
  } finally {
    input.dispose();
  }
};
