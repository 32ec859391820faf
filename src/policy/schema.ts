// The JSON Schema generated from the zod model: editors validate and complete policy.yaml with it.
import { z } from 'zod';
import { policySchema } from './model.ts';

export function policyJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(policySchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://custodian.dev/schema/policy.schema.json',
    title: 'Custodian policy',
  };
}
