// The one schema of a request for public information as submitted (Law 2939-VI Art. 19): the API
// validates with it, the portal's form checks with it (served at /portal/schemas/info-request.json),
// and the TypeScript type of a validated request is derived from it (json-schema-to-ts).
import type { FromSchema } from 'json-schema-to-ts';

export const infoRequestSchema = {
  "$schema": "http://json-schema.org/draft-07/schema#",
  "$id": "InfoRequest",
  "title": "Request for public information (Law 2939-VI)",
  "description": "Anyone may ask, without giving a reason (Art. 12, 19 p.2). Art. 19 p.5: the requester's name, a postal address or e-mail (a phone if any) and a description of the information wanted. The answer comes the way the requester chooses (`answerChannel`), so that way needs its address. A 48-hour answer (Art. 20 p.2: life or liberty, environment, food quality, accidents, emergencies) must be justified. On the portal (channel `portal`, the default) the requester also consents to the processing of personal data (Law 2297-VI Art. 11); a clerk entering a request received by post, phone, orally or by e-mail records what it contains, and the process checks it (Art. 19 p.5, Art. 22 p.1 item 4).",
  "type": "object",
  "required": [
    "description",
    "answerChannel"
  ],
  "examples": [
    {
      "requesterName": "Олена Петренко",
      "email": "o.petrenko@example.com",
      "answerChannel": "email",
      "description": "Копія рішення про ремонт ліфтів у Шевченківському районі за 2025 рік",
      "consent": true
    }
  ],
  "properties": {
    "channel": {
      "type": "string",
      "enum": [
        "portal",
        "post",
        "phone",
        "oral",
        "email"
      ],
      "default": "portal",
      "description": "How the request arrived (Art. 19 p.3-4); anything but `portal` is entered by a clerk"
    },
    "requesterName": {
      "type": "string",
      "minLength": 1,
      "maxLength": 300,
      "pattern": "\\p{L}",
      "description": "Ім’я (найменування) запитувача"
    },
    "postalAddress": {
      "type": "string",
      "minLength": 1,
      "maxLength": 500,
      "pattern": "\\S",
      "description": "Поштова адреса"
    },
    "email": {
      "type": "string",
      "format": "email",
      "maxLength": 254,
      "description": "Адреса електронної пошти"
    },
    "phone": {
      "type": "string",
      "pattern": "^\\+?[0-9 ()-]{5,20}$",
      "description": "Номер телефону (якщо є)"
    },
    "answerChannel": {
      "type": "string",
      "enum": [
        "email",
        "post",
        "portal"
      ],
      "description": "How the answer is wanted: e-mail (needs `email`), post (needs `postalAddress`) or on the portal by the tracking code"
    },
    "description": {
      "type": "string",
      "minLength": 1,
      "maxLength": 20000,
      "pattern": "\\S",
      "description": "Загальний опис інформації або вид, назва, реквізити чи зміст документа, щодо якого зроблено запит (Art. 19 p.5)"
    },
    "urgent": {
      "type": "boolean",
      "default": false,
      "description": "An answer within 48 hours is asked for (Art. 20 p.2)"
    },
    "urgencyJustification": {
      "type": "string",
      "minLength": 1,
      "maxLength": 2000,
      "pattern": "\\S",
      "description": "Why the 48-hour term applies (Art. 20 p.2); required with `urgent`"
    },
    "consent": {
      "type": "boolean",
      "description": "Consent to the processing of personal data for this request (Law 2297-VI Art. 11); required on the portal"
    }
  },
  "additionalProperties": false,
  "allOf": [
    {
      "if": {
        "properties": {
          "urgent": {
            "const": true
          }
        },
        "required": [
          "urgent"
        ]
      },
      "then": {
        "required": [
          "urgencyJustification"
        ]
      }
    },
    {
      "if": {
        "properties": {
          "answerChannel": {
            "const": "email"
          }
        },
        "required": [
          "answerChannel"
        ]
      },
      "then": {
        "required": [
          "email"
        ]
      }
    },
    {
      "if": {
        "properties": {
          "answerChannel": {
            "const": "post"
          }
        },
        "required": [
          "answerChannel"
        ]
      },
      "then": {
        "required": [
          "postalAddress"
        ]
      }
    },
    {
      "if": {
        "properties": {
          "channel": {
            "const": "portal"
          }
        }
      },
      "then": {
        "required": [
          "requesterName",
          "consent"
        ],
        "properties": {
          "consent": {
            "const": true
          }
        },
        "anyOf": [
          {
            "required": [
              "email"
            ]
          },
          {
            "required": [
              "postalAddress"
            ]
          }
        ]
      }
    }
  ]
} as const;

export type InfoRequestInput = FromSchema<typeof infoRequestSchema>;
