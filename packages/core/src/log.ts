import { Logger } from "@aws-lambda-powertools/logger";
import { SERVICE_NAME } from "./metrics/metrics";

/**
 * Structured JSON logs. Callers log SIDs as keys (`roomSid`, `recordingSid`) and never pass
 * request bodies, headers or configuration, which is how secrets stay out of the logs.
 */
export const logger = new Logger({ serviceName: SERVICE_NAME });
