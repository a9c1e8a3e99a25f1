import { readSpec } from "./composition-form";
import { hookNamed, specOf } from "./composition-hooks";
import { hookJson } from "./composition-serialize";
import { wildcard } from "./compositions";
import type { Context } from "./context";
import { formError as bad, formBool } from "./form";
import { type EmuRequest, type EmuResponse, empty, json, type Step } from "./http-types";
import { dateFilters, type Filters, listPage } from "./paging";
import { methodNotAllowed, notFound } from "./twilio-errors";
import type { CompositionHook } from "./types";

const listFilters = (q: URLSearchParams): Step<Filters<CompositionHook>> => {
  const f: Filters<CompositionHook> = { echo: [], tests: [] };
  const enabled = formBool(q, "Enabled");
  if (!enabled.ok) return enabled;
  if (enabled.value !== undefined) {
    const want = enabled.value;
    f.echo.push(["Enabled", String(want)]);
    f.tests.push((h) => h.enabled === want);
  }
  const dates = dateFilters(q, f);
  if (!dates.ok) return dates;
  // Not case sensitive, `*` matches any run of characters.
  const name = q.get("FriendlyName");
  if (name !== null) {
    const re = wildcard(name, "i");
    f.echo.push(["FriendlyName", name]);
    f.tests.push((h) => re.test(h.friendlyName));
  }
  return { ok: true, value: f };
};

/** `FriendlyName`: required, up to 100 characters, unique within the account. */
const friendlyName = (ctx: Context, form: URLSearchParams, self: string | null): Step<string> => {
  const name = form.get("FriendlyName");
  if (name === null || name === "") return bad("Missing required parameter FriendlyName in the post body");
  if (name.length > 100) return bad("FriendlyName must be at most 100 characters");
  const other = hookNamed(ctx, name);
  if (other && other.sid !== self) return bad(`A CompositionHook named ${name} already exists`);
  return { ok: true, value: name };
};

/** Create (no `current`) or update: given parameters replace, absent ones stay. */
const save = (ctx: Context, body: string, current: CompositionHook | null): Step<CompositionHook> => {
  const form = new URLSearchParams(body);
  const name = friendlyName(ctx, form, current?.sid ?? null);
  if (!name.ok) return name;
  const enabled = formBool(form, "Enabled");
  if (!enabled.ok) return enabled;
  const spec = readSpec(form, current ? specOf(current) : undefined);
  if (!spec.ok) return spec;
  const now = ctx.now();
  const hook: CompositionHook = {
    ...spec.value,
    sid: current?.sid ?? ctx.sid("HK"),
    friendlyName: name.value,
    enabled: enabled.value ?? current?.enabled ?? true,
    createdAt: current?.createdAt ?? now,
    updatedAt: now,
  };
  ctx.state.hooks.set(hook.sid, hook);
  return { ok: true, value: hook };
};

/** `/v1/CompositionHooks` and `/v1/CompositionHooks/{Sid}`. */
export const handleHooks = (ctx: Context, req: EmuRequest, s: string[]): EmuResponse => {
  const { method, path, query } = req;
  const [sid, ...extra] = s;
  if (sid === undefined) {
    if (method === "POST") {
      const saved = save(ctx, req.body, null);
      return saved.ok ? json(201, hookJson(ctx, saved.value)) : saved.response;
    }
    if (method !== "GET") return methodNotAllowed(method);
    const filters = listFilters(query);
    if (!filters.ok) return filters.response;
    return listPage(ctx, path, query, {
      key: "composition_hooks",
      maxPageSize: 1000,
      items: [...ctx.state.hooks.values()],
      filters: filters.value,
      toJson: (h) => hookJson(ctx, h),
    });
  }
  const hook = ctx.state.hooks.get(sid);
  if (!hook || extra.length > 0) return notFound(path);
  switch (method) {
    case "GET":
      return json(200, hookJson(ctx, hook));
    case "POST": {
      const saved = save(ctx, req.body, hook);
      return saved.ok ? json(200, hookJson(ctx, saved.value)) : saved.response;
    }
    case "DELETE":
      ctx.state.hooks.delete(hook.sid);
      return empty(204);
    default:
      return methodNotAllowed(method);
  }
};
