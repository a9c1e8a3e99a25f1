import { toAccountListing } from "@video-recordings/core/accounts";
import { twilioAccounts } from "./_accounts";
import { bearerProtected } from "./_auth";
import { json } from "./_responses";

const listing = toAccountListing(twilioAccounts().all);

/** `GET /accounts`: the Twilio accounts served, by SID and label; never a token or key. */
export const handler = bearerProtected(["GET"], async () => json(200, listing));
