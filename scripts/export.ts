// `npm run export [-- --url <api> --token <t> | --stage <s>] [--account <sid>]`: starts an export and follows it.
import { runExport } from "@video-recordings/local";

process.exitCode = await runExport(process.argv.slice(2));
