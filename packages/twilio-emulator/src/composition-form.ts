import { formError as fail, formBool, isHttpUrl } from "./form";
import type { Step } from "./http-types";
import { COMPOSITION_FORMATS, type CompositionFormat, type CompositionSpec } from "./types";

// The form parameters a composition and a Composition Hook share, checked as
// Twilio documents them; every rejected value is 400/20001.

export const DEFAULT_SPEC: CompositionSpec = {
  videoLayout: {},
  audioSources: [],
  audioSourcesExcluded: [],
  resolution: "1280x720",
  format: "webm",
  trim: true,
  statusCallback: null,
  statusCallbackMethod: "POST",
};

/** `{width}x{height}`: each 16 to 1280, at most 921,600 pixels. */
const validResolution = (raw: string): boolean => {
  const m = /^(\d{2,4})x(\d{2,4})$/.exec(raw);
  const [w, h] = [Number(m?.[1]), Number(m?.[2])];
  return m !== null && w >= 16 && h >= 16 && w <= 1280 && h <= 1280 && w * h <= 921_600;
};

const layoutOf = (raw: string): Record<string, unknown> | null => {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const regions = Object.values(value);
  const wellFormed = regions.every((r) => {
    if (typeof r !== "object" || r === null || Array.isArray(r)) return false;
    const { video_sources: sources, video_sources_excluded: excluded } = r as Record<string, unknown>;
    const names = (v: unknown) =>
      v === undefined || (Array.isArray(v) && v.every((s) => typeof s === "string"));
    return names(sources) && names(excluded);
  });
  return wellFormed ? (value as Record<string, unknown>) : null;
};

/**
 * Reads the shared parameters over `base` (the defaults, or a hook being
 * updated): what is given replaces, what is absent stays. A composition needs
 * a `VideoLayout` or `AudioSources`.
 */
export const readSpec = (
  form: URLSearchParams,
  base: CompositionSpec = DEFAULT_SPEC,
): Step<CompositionSpec> => {
  const spec: CompositionSpec = { ...base };
  const layout = form.get("VideoLayout");
  if (layout !== null) {
    const parsed = layoutOf(layout);
    if (parsed === null) return fail(`Invalid VideoLayout: ${layout}`);
    spec.videoLayout = parsed;
  }
  for (const [name, key] of [
    ["AudioSources", "audioSources"],
    ["AudioSourcesExcluded", "audioSourcesExcluded"],
  ] as const) {
    if (!form.has(name)) continue;
    const values = form.getAll(name).filter((v) => v !== "");
    if (values.some((v) => v.length > 256)) return fail(`Invalid ${name}`);
    spec[key] = values;
  }
  const resolution = form.get("Resolution");
  if (resolution !== null) {
    if (!validResolution(resolution)) return fail(`Invalid Resolution: ${resolution}`);
    spec.resolution = resolution;
  }
  const format = form.get("Format");
  if (format !== null) {
    if (!(COMPOSITION_FORMATS as readonly string[]).includes(format))
      return fail(`Invalid Format: ${format}`);
    spec.format = format as CompositionFormat;
  }
  const trim = formBool(form, "Trim");
  if (!trim.ok) return trim;
  if (trim.value !== undefined) spec.trim = trim.value;
  const callback = form.get("StatusCallback");
  if (callback !== null) {
    if (callback !== "" && !isHttpUrl(callback)) return fail(`Invalid StatusCallback: ${callback}`);
    spec.statusCallback = callback === "" ? null : callback;
  }
  const method = form.get("StatusCallbackMethod");
  if (method !== null) {
    const m = method.toUpperCase();
    if (m !== "GET" && m !== "POST") return fail(`Invalid StatusCallbackMethod: ${method}`);
    spec.statusCallbackMethod = m;
  }
  if (Object.keys(spec.videoLayout).length === 0 && spec.audioSources.length === 0) {
    return fail("Either VideoLayout or AudioSources must be provided");
  }
  return { ok: true, value: spec };
};
