// Art. 22 of Law 393/96-ВР: some citizens are received first. The list below follows the article's
// text (to be re-checked against the current edition when it changes: like the holiday list, it is
// law, and a new category is a one-line change here plus the schema's enum).
// The engine orders task lists by `priority` when asked to; the diagram sets each user task's
// `camunda:priority` from the process variable `appealPriority` computed here.

export const PRIORITY_CATEGORIES = [
  // Persons covered by the Law "On the status of war veterans" (incl. persons with disabilities
  // due to war and combatants).
  'war-veteran',
  'hero-of-ukraine',
  'hero-of-soviet-union',
  'hero-of-socialist-labour',
  // Women awarded the honorary title "Мати-героїня".
  'mother-heroine',
  'disability-group-1',
] as const;
export type PriorityCategory = (typeof PRIORITY_CATEGORIES)[number];

export const priorityCategoryNames: Record<PriorityCategory, string> = {
  'war-veteran': 'Ветеран війни (особа, на яку поширюється Закон «Про статус ветеранів війни, гарантії їх соціального захисту»)',
  'hero-of-ukraine': 'Герой України',
  'hero-of-soviet-union': 'Герой Радянського Союзу',
  'hero-of-socialist-labour': 'Герой Соціалістичної Праці',
  'mother-heroine': 'Мати-героїня',
  'disability-group-1': 'Особа з інвалідністю I групи',
};

/** Camunda's default task priority. */
export const NORMAL_TASK_PRIORITY = 50;
/** Above every ordinary task, so the category's tasks sort first (Art. 22). */
export const PRIORITY_TASK_PRIORITY = 100;

export function taskPriority(category: PriorityCategory | null | undefined): number {
  return category ? PRIORITY_TASK_PRIORITY : NORMAL_TASK_PRIORITY;
}
