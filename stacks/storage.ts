import { RECORDINGS_TABLE } from "@video-recordings/core/dynamo/table";

/**
 * The recordings index. Its keys and indexes are declared once, beside the adapter that uses
 * them (`table-schema.ts`), so local mode and tests create exactly this table.
 */
export const recordings = new sst.aws.Dynamo("Recordings", {
  ...RECORDINGS_TABLE,
  deletionProtection: $app.stage === "production",
});

/**
 * The media archive: copies of recordings, kept after Twilio deletes them. Private (SST blocks
 * public access) and encrypted at rest by S3's default; multipart uploads a crashed archiver
 * left behind are aborted after a day.
 */
export const archive = new sst.aws.Bucket("Archive", {
  lifecycle: [{ id: "abort-incomplete-uploads" }],
  transform: {
    lifecycle: (args) => {
      args.rules = $output(args.rules).apply((rules) =>
        (rules ?? []).map((rule) => ({
          ...rule,
          filter: {},
          abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
        })),
      );
    },
  },
});
