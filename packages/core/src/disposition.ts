/** How a media download presents itself: saved as `RT….mka|mkv`, or shown in place. Twilio's two. */
export const DISPOSITIONS = ["attachment", "inline"] as const;
export type Disposition = (typeof DISPOSITIONS)[number];
