import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

let factory: Promise<ZxcvbnFactory> | null = null;

/**
 * zxcvbn-ts and its dictionary (~1 MB) load only when a password field first needs them,
 * in their own chunk; the rest of the dashboard never waits for it.
 */
function load(): Promise<ZxcvbnFactory> {
  factory ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
    ([core, common]) => new core.ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs }),
  );
  return factory;
}

/** 0 (guessable in seconds) … 4 (very strong), penalising the user's own names. */
export async function passwordScore(password: string, userInputs: string[] = []): Promise<number> {
  const zxcvbn = await load();
  return zxcvbn.check(password.slice(0, 256), userInputs).score;
}
