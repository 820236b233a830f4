/**
 * Hard limits on what a scenario may ask for, checked before anything is
 * allocated, so that a hostile link or file cannot freeze or exhaust the tab.
 * Each bound is above what a legitimate scenario needs; the numbers are part
 * of the format's promise (a link `share` wrote always decodes).
 */

/** Bounds that depend on where the scenario comes from. */
export interface ScenarioLimits {
  /** Operations in the scenario. */
  readonly maxOps: number;
  /** Ids are 0..maxIds-1: the replay's table of blocks has one entry per id. */
  readonly maxIds: number;
}

/**
 * A link: at most a million operations and ids (the table of blocks then
 * takes 17 MB). Its compressed data cannot hold more anyway (see below).
 */
export const LINK_LIMITS: ScenarioLimits = { maxOps: 1_000_000, maxIds: 1 << 20 };

/** A `.json` file streamed through the trace reader: the `.rep` reader's own bounds. */
export const FILE_LIMITS: ScenarioLimits = { maxOps: 500_000_000, maxIds: 50_000_000 };

/**
 * Characters in a `#s=` fragment. Chromium takes URLs of 2 MB, but a link
 * pasted into mail or chat should stay far below; `share` offers a file
 * beyond this, and decoding refuses longer fragments before reading them.
 */
export const MAX_LINK_CHARS = 65_536;

/**
 * Bytes a link's data may inflate to. Inflating stops as soon as this is
 * passed, so a zip bomb (deflate reaches about 1:1000) costs at most this
 * much memory. 16 MiB holds a million operations of up to 16 bytes each.
 */
export const MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;
