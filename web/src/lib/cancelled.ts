/** Thrown by `withReauth` when the person closes the "confirm it's you" dialog: not an error to show. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}
