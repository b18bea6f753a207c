// The one schema of a staff sign-in, and its type (json-schema-to-ts).
import type { FromSchema } from 'json-schema-to-ts';

export const loginSchema = {
  "$schema": "http://json-schema.org/draft-07/schema#",
  "$id": "Login",
  "title": "Staff login",
  "type": "object",
  "required": [
    "username",
    "password"
  ],
  "properties": {
    "username": {
      "type": "string",
      "minLength": 1,
      "maxLength": 100
    },
    "password": {
      "type": "string",
      "minLength": 1,
      "maxLength": 1000
    }
  },
  "additionalProperties": false
} as const;

export type LoginInput = FromSchema<typeof loginSchema>;
