/** A composition's lifecycle at Twilio: `enqueued` → `processing` → `completed` or `failed`, then `deleted`. */
export const COMPOSITION_STATUSES = ["enqueued", "processing", "completed", "failed", "deleted"] as const;
export type CompositionStatus = (typeof COMPOSITION_STATUSES)[number];

export const COMPOSITION_FORMATS = ["mp4", "webm"] as const;
export type CompositionFormat = (typeof COMPOSITION_FORMATS)[number];
