import { type EmuResponse, json } from "./http-types";

/** Twilio's REST error body: `{"code","message","more_info","status"}`. */
export const twilioError = (status: number, code: number, message: string): EmuResponse =>
  json(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

export const notFound = (path: string): EmuResponse =>
  twilioError(404, 20404, `The requested resource ${path} was not found`);

export const unauthorized = (): EmuResponse => ({
  ...twilioError(401, 20003, "Authenticate"),
  headers: {
    "content-type": "application/json; charset=utf-8",
    "www-authenticate": 'Basic realm="Twilio API"',
  },
});

export const tooManyRequests = (): EmuResponse => twilioError(429, 20429, "Too Many Requests");

export const internalError = (): EmuResponse => twilioError(500, 20500, "Internal Server Error");

export const methodNotAllowed = (method: string): EmuResponse =>
  twilioError(405, 20004, `Method not allowed: ${method}`);

/** Twilio answers invalid parameters with 400 and code 20001 ("Invalid parameter"). */
export const invalidParameter = (message: string): EmuResponse => twilioError(400, 20001, message);
