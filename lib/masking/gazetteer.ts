// Common Ukrainian first names and surnames (nominative), and the case forms a letter uses them in.
// A gazetteer alone never decides: a name is found by its shape (a patronymic, initials, a first
// name beside a capitalised word); the lists make the shape trustworthy.

export const FIRST_NAMES_MALE = [
  'Андрій', 'Анатолій', 'Антон', 'Арсен', 'Артем', 'Богдан', 'Борис', 'Вадим', 'Валентин', 'Валерій', 'Василь',
  'Віктор', 'Віталій', 'Владислав', 'Володимир', 'Всеволод', 'В’ячеслав', 'Геннадій', 'Георгій', 'Григорій',
  'Данило', 'Денис', 'Дмитро', 'Євген', 'Едуард', 'Захар', 'Зиновій', 'Іван', 'Ігор', 'Ілля', 'Йосип', 'Кирило',
  'Костянтин', 'Леонід', 'Любомир', 'Максим', 'Марко', 'Матвій', 'Микита', 'Микола', 'Михайло', 'Назар', 'Олег',
  'Олександр', 'Олексій', 'Остап', 'Павло', 'Петро', 'Роман', 'Ростислав', 'Руслан', 'Святослав', 'Семен',
  'Сергій', 'Станіслав', 'Степан', 'Тарас', 'Тимофій', 'Тимур', 'Федір', 'Юліан', 'Юрій', 'Ярослав',
];

export const FIRST_NAMES_FEMALE = [
  'Аліна', 'Алла', 'Анастасія', 'Ангеліна', 'Анна', 'Богдана', 'Валентина', 'Вікторія', 'Віра', 'Галина', 'Дарина',
  'Діана', 'Євгенія', 'Єлизавета', 'Зоряна', 'Ірина', 'Карина', 'Катерина', 'Лариса', 'Леся', 'Лілія', 'Любов',
  'Людмила', 'Мар’яна', 'Марина', 'Марія', 'Надія', 'Наталія', 'Наталя', 'Ніна', 'Оксана', 'Олена', 'Олеся',
  'Ольга', 'Поліна', 'Раїса', 'Світлана', 'Софія', 'Соломія', 'Тамара', 'Тетяна', 'Уляна', 'Христина', 'Юлія',
  'Яна', 'Ярослава',
];

export const SURNAMES = [
  'Мельник', 'Шевченко', 'Бойко', 'Коваленко', 'Бондаренко', 'Ткаченко', 'Ковальчук', 'Кравченко', 'Олійник',
  'Шевчук', 'Коваль', 'Поліщук', 'Бондар', 'Ткачук', 'Марченко', 'Руденко', 'Мороз', 'Савченко', 'Петренко',
  'Клименко', 'Лисенко', 'Левченко', 'Павленко', 'Кравчук', 'Мазур', 'Кушнір', 'Костенко', 'Гончаренко',
  'Карпенко', 'Савчук', 'Приходько', 'Романенко', 'Гаврилюк', 'Литвиненко', 'Кузьменко', 'Сидоренко',
  'Ковальов', 'Захарченко', 'Онищенко', 'Іваненко', 'Пономаренко', 'Остапенко', 'Танчук', 'Гуменюк', 'Яковенко',
  'Тарасенко', 'Вовк', 'Гребенюк', 'Дяченко', 'Федоренко', 'Головко', 'Юрченко', 'Зінченко', 'Власенко',
  'Демченко', 'Білик', 'Лук’яненко', 'Стасюк', 'Гнатюк', 'Михайленко', 'Василенко', 'Вдовиченко', 'Мартинюк',
  'Семенюк', 'Дорошенко', 'Гордієнко', 'Антоненко', 'Швець', 'Романюк', 'Никитюк', 'Тимошенко', 'Кучер',
  'Прокопенко', 'Сорока', 'Чорновол', 'Заїка', 'Грищенко', 'Ігнатенко', 'Ярошенко', 'Білоус', 'Литвин',
  'Гриценко', 'Пилипенко', 'Козак', 'Соловйов', 'Лозинський', 'Кравець', 'Чорний', 'Білий', 'Ковалевська',
  'Заболотна', 'Вишневська', 'Дмитрук', 'Гнатишин', 'Процюк', 'Фролов', 'Лисак',
];

/** Surname shapes common in Ukraine; with a first name or initials beside them they make a name. */
export const SURNAME_ENDING = /(?:енко|єнко|ук|юк|чук|щук|ак|як|ик|ець|ич|ишин|ин|ина|ів|ов|ова|ев|ева|ський|цький|ська|цька|зький|зька|ній|ня|ко|ло|но|ба|ра|ар|ир|ар|ун|ус|ей|ій)$/;

/** Endings that put a nominative first name into the other cases (and the vocative of address). */
function caseForms(name: string): string[] {
  const lower = name.toLowerCase();
  const last = lower.slice(-1);
  const stem = lower.slice(0, -1);
  if (last === 'а') return ['а', 'и', 'і', 'у', 'ою', 'о', 'ові'].map((e) => stem + e);
  if (last === 'я') return ['я', 'ї', 'ю', 'єю', 'і', 'е', 'є'].map((e) => stem + e);
  if (last === 'й') return ['й', 'я', 'ю', 'єві', 'єм', 'ї'].map((e) => stem + e);
  if (last === 'о') return ['о', 'а', 'у', 'ові', 'ом', 'е'].map((e) => stem + e);
  if (last === 'ь') return ['ь', 'я', 'ю', 'еві', 'ем', 'е'].map((e) => stem + e);
  if (lower === 'любов') return ['любов', 'любові', 'любов’ю', 'любове'];
  // Ігор → Ігоря; Федір → Федора: the vowel alternation of a closed syllable.
  if (lower === 'ігор') return ['ігор', 'ігоря', 'ігорю', 'ігореві', 'ігорем', 'ігоре'];
  if (lower === 'федір') return ['федір', 'федора', 'федору', 'федорові', 'федором', 'федоре'];
  return ['', 'а', 'у', 'ові', 'ом', 'е', 'і'].map((e) => lower + e);
}

function normaliseApostrophe(word: string): string {
  return word.replace(/['ʼ`]/g, '’');
}

const FIRST_NAME_FORMS: ReadonlySet<string> = new Set(
  [...FIRST_NAMES_MALE, ...FIRST_NAMES_FEMALE].flatMap((n) => caseForms(normaliseApostrophe(n))),
);

const SURNAME_SET: ReadonlySet<string> = new Set(SURNAMES.map((s) => normaliseApostrophe(s).toLowerCase()));

export function isFirstName(word: string): boolean {
  return FIRST_NAME_FORMS.has(normaliseApostrophe(word).toLowerCase());
}

/** A known surname in any case form: the nominative with a case ending added or swapped in. */
export function isKnownSurname(word: string): boolean {
  const w = normaliseApostrophe(word).toLowerCase();
  if (SURNAME_SET.has(w)) return true;
  for (let cut = 1; cut <= 3 && cut < w.length - 2; cut++) {
    const stem = w.slice(0, -cut);
    for (const s of [stem, stem + 'о', stem + 'а', stem + 'ь', stem + 'ий', stem + 'а']) if (SURNAME_SET.has(s)) return true;
  }
  return false;
}

export function hasSurnameShape(word: string): boolean {
  const w = normaliseApostrophe(word).toLowerCase();
  // Case forms of the shapes: Петренка, Ковальчуку, Лозинського, Вишневської.
  return SURNAME_ENDING.test(w) || /(?:енка|енку|енкові|ука|уку|юка|юку|ського|ської|цького|цької|ова|ові|ина|іна)$/.test(w);
}

/** Patronymics: -ович/-евич/-йович (м.), -івна/-ївна/-овна/-івна (ж.), in any case. */
export const PATRONYMIC = /^\p{Lu}[\p{Ll}’']+(?:ович|евич|йович|євич)(?:а|у|ем|еві|ові|і)?$|^\p{Lu}[\p{Ll}’']+(?:івн|ївн|овн|евн)(?:а|и|і|у|ою|о)$/u;

export function isPatronymic(word: string): boolean {
  return PATRONYMIC.test(word);
}

/** Capitalised words that start sentences and address lines, never a surname. */
export const NOT_SURNAMES: ReadonlySet<string> = new Set([
  'прошу', 'просимо', 'шановний', 'шановна', 'шановні', 'пане', 'пані', 'від', 'до', 'щодо', 'на', 'у', 'в', 'з', 'із',
  'та', 'і', 'й', 'а', 'але', 'як', 'що', 'це', 'за', 'по', 'про', 'при', 'для', 'заявник', 'заявниця', 'заявника',
  'заявниці', 'громадянин', 'громадянка', 'громадянина', 'громадянки', 'гр', 'голова', 'голови', 'директор',
  'директора', 'заступник', 'заступника', 'начальник', 'начальника', 'мешканець', 'мешканка', 'мешканця', 'мешканки',
  'власник', 'власниця', 'власника', 'власниці', 'київ', 'києва', 'україни', 'україна', 'закону', 'закон', 'відповідно',
  'також', 'повідомляємо', 'інформуємо', 'надаємо', 'запит', 'запиту', 'лист', 'листа', 'вулиця', 'вулиці', 'імені',
  'відповідь', 'додаток', 'копія', 'копію', 'департамент', 'департаменту', 'управління', 'відділ', 'відділу',
]);
