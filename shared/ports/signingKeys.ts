/**
 * Secret keys the desk signs its own tokens with, e.g. list continuation tokens. Every instance must sign with the
 * same key, or a token one instance handed out would fail at the next, so the keys live in storage, not in memory.
 */
export interface SigningKeys {
  /** The key for one purpose: made at random the first time any instance asks for it, the same ever after. */
  key(purpose: string): Promise<Buffer>;
}
