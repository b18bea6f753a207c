// The one schema of a user task's completion (the generic part; each task's form adds its own, see
// lib/manifest.ts UserTaskForm), and its type (json-schema-to-ts).
import type { FromSchema } from 'json-schema-to-ts';

export const taskCompletionSchema = {
  "$schema": "http://json-schema.org/draft-07/schema#",
  "$id": "TaskCompletion",
  "title": "User task completion",
  "description": "Variables set when completing a user task: plain JSON values and small objects. Documents travel as ids, never as contents (keep engine variables small).",
  "type": "object",
  "required": [
    "variables"
  ],
  "properties": {
    "variables": {
      "type": "object",
      "maxProperties": 50,
      "propertyNames": {
        "pattern": "^[A-Za-z_][A-Za-z0-9_]{0,63}$"
      },
      "additionalProperties": {
        "anyOf": [
          {
            "type": "string",
            "maxLength": 10000
          },
          {
            "type": "number"
          },
          {
            "type": "boolean"
          },
          {
            "type": "null"
          },
          {
            "type": "object",
            "maxProperties": 50,
            "additionalProperties": {
              "anyOf": [
                {
                  "type": "string",
                  "maxLength": 10000
                },
                {
                  "type": "number"
                },
                {
                  "type": "boolean"
                },
                {
                  "type": "null"
                },
                {
                  "type": "array",
                  "maxItems": 100,
                  "items": {
                    "anyOf": [
                      {
                        "type": "string",
                        "maxLength": 10000
                      },
                      {
                        "type": "number"
                      },
                      {
                        "type": "boolean"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  }
                }
              ]
            }
          }
        ]
      }
    }
  },
  "additionalProperties": false
} as const;

export type TaskCompletionInput = FromSchema<typeof taskCompletionSchema>;
