export class RecordingsError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "RecordingsError";
  }
}

export class StoreUnavailableError extends RecordingsError {
  constructor(operation: string, options?: ErrorOptions) {
    super(`store.${operation} failed`, options);
    this.name = "StoreUnavailableError";
  }
}

export class WriteContentionError extends RecordingsError {
  constructor(sid: string, attempts: number) {
    super(`${sid} changed under ${attempts} consecutive writes`);
    this.name = "WriteContentionError";
  }
}
