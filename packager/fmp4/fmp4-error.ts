/**
 * The one error the fMP4 reader throws: malformed or unexpected bytes.
 * `offset` is the byte position of the offending box in the input the caller
 * gave us (for the stream reader: since the last reset), so a bad capture can
 * be inspected with a hex dump at that position.
 */
export class Fmp4Error extends Error {
  constructor(
    message: string,
    readonly offset?: number,
  ) {
    super(offset === undefined ? message : `${message} (at byte ${offset})`);
    this.name = 'Fmp4Error';
  }
}
