// Forwarding an appeal to the competent body, Law 393/96-ВР Art. 7: within five days, telling the
// author; and "it is forbidden to send complaints to the bodies whose decisions or actions are
// complained about". Pure: the names come in as the head typed them.

export interface ForwardingError {
  field: string;
  message: string;
  message_uk: string;
}

/** Case, quotes, dashes and spacing do not make a different body. */
export function normaliseBodyName(name: string): string {
  return name.normalize('NFC').toLocaleLowerCase('uk-UA')
    .replace(/[«»"'’ʼ`]/g, '')
    .replace(/[‐‑‒–—-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function checkForwarding(input: { appealType: string | null | undefined; forwardTo: string; complainedBody?: string | null }): ForwardingError[] {
  if (input.appealType !== 'complaint') return [];
  if (!input.complainedBody || input.complainedBody.trim() === '') {
    return [{
      field: 'complainedBody',
      message: 'name the body whose decision or action the complaint is about before forwarding it (Art. 7)',
      message_uk: 'перед пересиланням скарги зазначте орган, рішення чи дії якого оскаржуються (ст. 7)',
    }];
  }
  if (normaliseBodyName(input.forwardTo) === normaliseBodyName(input.complainedBody)) {
    return [{
      field: 'forwardTo',
      message: 'a complaint must not be sent to the body it complains about (Law 393/96 Art. 7)',
      message_uk: 'скаргу заборонено направляти органу, рішення чи дії якого оскаржуються (ст. 7 Закону України «Про звернення громадян»)',
    }];
  }
  return [];
}
