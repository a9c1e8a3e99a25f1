import { S3ServiceException } from "@aws-sdk/client-s3";

/**
 * Whether S3 answered that the object is not there. A HEAD carries no error body, so a missing
 * bucket answers the same `NotFound` as a missing key.
 */
export const isMissingObject = (error: unknown): boolean =>
  error instanceof S3ServiceException && (error.name === "NotFound" || error.name === "NoSuchKey");
