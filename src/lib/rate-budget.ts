/** At most `max` uses in any `windowMs`. */
export interface Window {
  windowMs: number;
  max: number;
}

/** A rate budget: a key (`user:<id>`, `ip:<address>`, `mail-to:<address>`) and its windows. */
export interface Budget {
  key: string;
  windows: readonly Window[];
}
