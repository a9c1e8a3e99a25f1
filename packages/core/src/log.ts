import { Logger } from "@aws-lambda-powertools/logger";

/**
 * Structured JSON logs. Callers log SIDs as keys (`roomSid`, `recordingSid`) and never pass
 * request bodies, headers or configuration, which is how secrets stay out of the logs.
 */
export const logger = new Logger({ serviceName: "video-recordings" });
