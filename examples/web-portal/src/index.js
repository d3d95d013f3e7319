import { stringify } from 'smol-toml';
import { z } from 'zod';

const workflow = z.object({
  name: z.string().min(1),
  steps: z.array(z.object({ agent: z.string(), prompt: z.string() })).min(1),
});

/** Turns a submitted form into a TOML workflow definition. */
export function toFlowToml(form) {
  return stringify(workflow.parse(form));
}

console.log(
  toFlowToml({
    name: 'triage',
    steps: [{ agent: 'reader', prompt: 'Summarise the new issues' }],
  }),
);
