/** The kinds of resource the index holds, as callers name them. */
export type IndexedResource = "recording" | "composition";

/**
 * Neither indexed nor, where asked, known to Twilio; a participant with no indexed recordings; an
 * erasure or export never asked; an account the deployment does not serve.
 */
export type NotFound = {
  kind: "not-found";
  resource: IndexedResource | "participant" | "erasure" | "export" | "account";
  sid: string;
};
