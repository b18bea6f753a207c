// The one schema of an incoming document's card as the clerk uploads it (CMU 55/2018): the API
// validates with it and the TypeScript type is derived from it (json-schema-to-ts).
import type { FromSchema } from 'json-schema-to-ts';

export const documentMetadataSchema = {
  "$schema": "http://json-schema.org/draft-07/schema#",
  "$id": "DocumentMetadata",
  "title": "Incoming document metadata",
  "description": "Registration-card fields a clerk enters for an incoming document (CMU resolution 55/2018). theirDate must not be in the future (Kyiv time): checked by the server and the forms, not expressible here. A scan with the same bytes as a document already received is refused (409 duplicate-document) unless duplicateOf and duplicateReason register it as a second copy on purpose.",
  "type": "object",
  "required": [
    "correspondent",
    "summary"
  ],
  "properties": {
    "correspondent": {
      "type": "string",
      "minLength": 1,
      "maxLength": 500,
      "description": "Who sent the document (кореспондент)"
    },
    "theirNumber": {
      "type": "string",
      "minLength": 1,
      "maxLength": 100,
      "description": "The sender's own outgoing number"
    },
    "theirDate": {
      "type": "string",
      "format": "date",
      "description": "The sender's own date, YYYY-MM-DD, not in the future"
    },
    "summary": {
      "type": "string",
      "minLength": 1,
      "maxLength": 2000,
      "description": "Short summary (короткий зміст)"
    },
    "duplicateOf": {
      "type": "string",
      "format": "uuid",
      "description": "Registers a second copy of the same scan on purpose: the id of a document already received with the same file (the 409 duplicate-document answer names it). With duplicateReason."
    },
    "duplicateReason": {
      "type": "string",
      "minLength": 1,
      "maxLength": 1000,
      "pattern": "\\S",
      "description": "Why the same scan is registered again (e.g. a second original addressed to another department). With duplicateOf."
    }
  },
  "dependencies": {
    "duplicateOf": [
      "duplicateReason"
    ],
    "duplicateReason": [
      "duplicateOf"
    ]
  },
  "additionalProperties": false
} as const;

export type DocumentMetadata = FromSchema<typeof documentMetadataSchema>;
