// Settings (`@video-recordings/core/settings`): every setting parsed and defaulted in one place,
// for the stacks at deploy time, the functions at run time and local mode.
export {
  type RawRetentionSettings,
  type RetentionPolicy,
  readRetentionPolicy,
} from "./retention-policy";
export {
  DEFAULT_WORKERS,
  type Environment,
  readSettings,
  type Settings,
  settingsOrThrow,
  TWILIO_API_URL,
} from "./settings";
export { readSweepSchedule, type SweepSchedule } from "./sweep-schedule";
