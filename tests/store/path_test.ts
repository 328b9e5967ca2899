import { deepStrictEqual } from "node:assert/strict";
import { posix } from "node:path";
import { posixPath } from "../../src/store/path.ts";

const PIECES = ["", ".", "..", "...", "a", "bc", ".d", "e.", "/", "//", "/a/", "../x", "./y/", "é"];

function randomPaths(seed: number, count: number): string[] {
  const paths: string[] = [];
  for (let index = 0; index < count; index++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    let path = "";
    for (let piece = seed % 6; piece >= 0; piece--) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      path += PIECES[seed % PIECES.length]!;
      if (seed % 3 === 0) path += "/";
    }
    paths.push(path);
  }
  return paths;
}

Deno.test("posixPath's join, dirname and resolve equal node:path's posix ones", () => {
  const paths = randomPaths(11, 3000);
  for (let index = 0; index < paths.length; index++) {
    const a = paths[index]!;
    const b = paths[(index * 7 + 3) % paths.length]!;
    const c = paths[(index * 13 + 5) % paths.length]!;
    deepStrictEqual(posixPath.join(a, b, c), posix.join(a, b, c), `join ${[a, b, c]}`);
    deepStrictEqual(posixPath.join(a), posix.join(a), `join ${a}`);
    deepStrictEqual(posixPath.dirname(a), posix.dirname(a), `dirname ${a}`);
    deepStrictEqual(posixPath.resolve(a, b), posix.resolve(a, b), `resolve ${[a, b]}`);
    deepStrictEqual(posixPath.resolve(`/${a}`), posix.resolve(`/${a}`), `resolve /${a}`);
  }
  deepStrictEqual(posixPath.join(), posix.join());
  deepStrictEqual(posixPath.resolve(), posix.resolve());
});
