// The remuxer, apart from the domain's entry: only the function that makes renditions loads the
// media library.
export { MediaSourceError } from "./media-input";
export { mediabunnyRemuxer } from "./remuxer";
