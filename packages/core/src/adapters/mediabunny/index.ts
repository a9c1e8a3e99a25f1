// The remuxer, apart from the domain's entry: only the function that makes renditions loads the
// media library.
export { mediabunnyRemuxer } from "./remuxer";
