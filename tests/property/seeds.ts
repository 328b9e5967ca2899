/**
 * Seeds for property tests: a fixed one (a failure reproduces exactly), one from the clock (new
 * cases every run) and `PROPERTY_SEED` when set (to replay a reported failure). fast-check prints
 * the seed and the shrunk counterexample of any failure.
 */

/** The seeds each property runs with. */
export function propertySeeds(): number[] {
  const seeds = [20261130, Date.now() % 2_147_483_647, (Date.now() * 7919) % 2_147_483_647];
  const replay = Deno.env.get("PROPERTY_SEED");
  if (replay !== undefined && replay !== "" && Number.isInteger(Number(replay))) {
    seeds.push(Number(replay));
  }
  return [...new Set(seeds)];
}
