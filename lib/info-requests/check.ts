// The required content of a request for public information, Law 2939-VI Art. 19 p.5: the
// requester's name; a postal address or e-mail (and a phone, if any); a description of the
// information wanted; for a written request, signature and date. A request missing these may be
// refused (Art. 22 p.1 item 4). And Art. 20 p.2: a 48-hour answer needs the urgency justified.
// Pure: the facts come in, the outcome and its reasons go out.

export interface InfoCheckReason {
  code: 'no-name' | 'no-address' | 'no-description' | 'urgency-unjustified';
  article: string;
  text_uk: string;
}

export type InfoCheckOutcome = 'ok' | 'incomplete';

export interface InfoRequestFacts {
  requesterName: string | null;
  postalAddress: string | null;
  email: string | null;
  description: string | null;
  urgent: boolean;
  urgencyJustification: string | null;
}

const present = (s: string | null | undefined) => typeof s === 'string' && /\S/.test(s);

export function checkInfoRequest(facts: InfoRequestFacts): { outcome: InfoCheckOutcome; reasons: InfoCheckReason[] } {
  const reasons: InfoCheckReason[] = [];
  if (!present(facts.requesterName)) reasons.push({ code: 'no-name', article: 'ст. 19 ч. 5 п. 1', text_uk: 'не зазначено ім’я (найменування) запитувача' });
  if (!present(facts.postalAddress) && !present(facts.email)) {
    reasons.push({ code: 'no-address', article: 'ст. 19 ч. 5 п. 1', text_uk: 'не зазначено поштову адресу або адресу електронної пошти для відповіді' });
  }
  if (!present(facts.description)) reasons.push({ code: 'no-description', article: 'ст. 19 ч. 5 п. 2', text_uk: 'не описано інформацію, яку запитувач хотів отримати' });
  if (facts.urgent && !present(facts.urgencyJustification)) {
    reasons.push({ code: 'urgency-unjustified', article: 'ст. 20 ч. 2', text_uk: 'не обґрунтовано необхідність відповіді протягом 48 годин' });
  }
  return { outcome: reasons.length === 0 ? 'ok' : 'incomplete', reasons };
}
