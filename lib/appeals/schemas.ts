// The one schema of an appeal as a citizen or a clerk submits it: the API validates with it, the
// portal's form checks with it (served at /portal/schemas/appeal.json), and the TypeScript type of a
// validated submission is derived from it (json-schema-to-ts; defaults applied, so they are present).
import type { FromSchema } from 'json-schema-to-ts';

export const appealSchema = {
  "$schema": "http://json-schema.org/draft-07/schema#",
  "$id": "Appeal",
  "title": "Citizen's appeal (Law 393/96-ВР)",
  "description": "A proposal, application or complaint (Art. 3). On the portal (channel `portal`, the default) the author gives surname, name, place of residence, an e-mail or phone (Art. 5) and consents to the processing of personal data (Law 2297-VI Art. 11); a clerk entering a paper, oral, phone or e-mail appeal records what it contains, and the process checks it (Art. 5, 8). Dates must not be in the future (Kyiv time): checked by the server, not expressible here.",
  "type": "object",
  "required": [
    "type",
    "text"
  ],
  "examples": [
    {
      "type": "application",
      "surname": "Петренко",
      "name": "Олена",
      "address": "м. Київ, вул. Хрещатик, 36",
      "email": "o.petrenko@example.com",
      "text": "Прошу відремонтувати ліфт у будинку",
      "consent": true
    }
  ],
  "properties": {
    "channel": {
      "type": "string",
      "enum": [
        "portal",
        "paper",
        "oral",
        "phone",
        "email"
      ],
      "default": "portal",
      "description": "How the appeal arrived; anything but `portal` is entered by a clerk"
    },
    "type": {
      "type": "string",
      "enum": [
        "proposal",
        "application",
        "complaint"
      ],
      "description": "proposal — пропозиція (зауваження); application — заява (клопотання); complaint — скарга (Art. 3)"
    },
    "collective": {
      "type": "boolean",
      "default": false,
      "description": "A collective appeal (колективне, mark КО)"
    },
    "signed": {
      "type": "boolean",
      "default": true,
      "description": "A written appeal bears the author's signature; electronic ones need none (Art. 5)"
    },
    "surname": {
      "type": "string",
      "minLength": 1,
      "maxLength": 100,
      "pattern": "\\p{L}",
      "description": "Прізвище"
    },
    "name": {
      "type": "string",
      "minLength": 1,
      "maxLength": 100,
      "pattern": "\\p{L}",
      "description": "Ім’я"
    },
    "patronymic": {
      "type": "string",
      "minLength": 1,
      "maxLength": 100,
      "description": "По батькові (if any)"
    },
    "address": {
      "type": "string",
      "minLength": 1,
      "maxLength": 500,
      "pattern": "\\S",
      "description": "Місце проживання"
    },
    "email": {
      "type": "string",
      "format": "email",
      "maxLength": 254,
      "description": "For the answer to an electronic appeal"
    },
    "phone": {
      "type": "string",
      "pattern": "^\\+?[0-9 ()-]{5,20}$",
      "description": "Other contact"
    },
    "text": {
      "type": "string",
      "minLength": 1,
      "maxLength": 20000,
      "pattern": "\\S",
      "description": "The substance of the issue, the request or demand (Art. 5)"
    },
    "letterDate": {
      "type": "string",
      "format": "date",
      "description": "Date written on a paper appeal"
    },
    "complaintDecisionDate": {
      "type": "string",
      "format": "date",
      "description": "Complaints: when the decision complained about was taken (Art. 17)"
    },
    "complaintLearnedDate": {
      "type": "string",
      "format": "date",
      "description": "Complaints: when the author learned of the decision (Art. 17)"
    },
    "priorityCategory": {
      "type": "string",
      "enum": [
        "war-veteran",
        "hero-of-ukraine",
        "hero-of-soviet-union",
        "hero-of-socialist-labour",
        "mother-heroine",
        "disability-group-1"
      ],
      "description": "A category received first (Art. 22)"
    },
    "consent": {
      "type": "boolean",
      "description": "Consent to the processing of personal data for this appeal (Law 2297-VI Art. 11); required on the portal"
    }
  },
  "additionalProperties": false,
  "if": {
    "properties": {
      "channel": {
        "const": "portal"
      }
    }
  },
  "then": {
    "required": [
      "surname",
      "name",
      "address",
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
          "phone"
        ]
      }
    ]
  }
} as const;

export type AppealInput = FromSchema<typeof appealSchema>;
