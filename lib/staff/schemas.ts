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
      "maxLength": 1024,
      "description": "At most 1024 characters here, and at most 1024 bytes of UTF-8 (checked before any hashing)"
    }
  },
  "additionalProperties": false
} as const;

export type LoginInput = FromSchema<typeof loginSchema>;
