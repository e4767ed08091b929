// The cross-check on a throw-away copy of the fixture repository with some edits applied: the negative
// suites (crosscheck-fixture, production-negative) break one thing each and read what the check says.
import { crossCheck } from './crosscheck.mjs';
import { workspace } from './workspace.mjs';

export async function problemsAfter(edits) {
  const ws = workspace();
  try {
    edits(ws);
    return (await crossCheck(ws.tf, ws.root)).join('\n');
  } finally {
    ws.dispose();
  }
}
