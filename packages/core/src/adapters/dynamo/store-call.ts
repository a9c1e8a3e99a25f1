import { StoreUnavailableError } from "../../recordings/errors";

/** Runs one DynamoDB call; whatever it throws reaches the domain as `StoreUnavailableError`. */
export const storeCall = async <T>(operation: string, call: () => Promise<T>): Promise<T> => {
  try {
    return await call();
  } catch (cause) {
    throw new StoreUnavailableError(operation, { cause });
  }
};
