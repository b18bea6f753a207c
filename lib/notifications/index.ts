// Notifications to citizens: what this feature provides to the API and the workers.
//   enqueueMessage   queue an e-mail inside the transaction of the state change it announces
//   renderMessage    the Ukrainian templates (pure), also used by lib/notifications/dispatcher.ts
// It needs: the outbox table (migrations/20261126120000_notifications.ts) and, to deliver, a running
// dispatcher (workers/main.ts starts one when HROMADA_SMTP_URL is configured).
export { enqueueMessage, InvalidMessageError, type OutgoingMessage } from './outbox.ts';
export { checkParams, escapeHtml, isTemplateName, renderMessage, TemplateError, templateNames, type RenderedMessage, type TemplateName } from './templates.ts';
