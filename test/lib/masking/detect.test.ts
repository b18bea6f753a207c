// lib/masking: each kind of personal data found in concrete Ukrainian sentences, the checks that
// keep look-alike numbers out, and decoys that must stay visible (officials in their duties, the
// body's own contacts, registration indices, articles, amounts, dates of documents).
import { expect } from 'chai';
import {
  applyMasks, detectPersonalData, isValidIban, isValidLuhn, isValidRnokpp, maskText, type DetectOptions, type PersonalDataKind,
} from '../../../lib/masking/index.ts';

function found(text: string, options?: DetectOptions): Array<[PersonalDataKind, string]> {
  return detectPersonalData(text, options).map((s) => [s.kind, s.text]);
}

describe('lib/masking: detecting personal data', () => {
  describe('check digits', () => {
    it('accepts a valid РНОКПП and refuses one digit off', () => {
      expect(isValidRnokpp('3012345670')).to.equal(true);
      expect(isValidRnokpp('3012345671')).to.equal(false);
      expect(isValidRnokpp('301234567')).to.equal(false);
    });
    it('checks card numbers by Luhn and IBANs by mod 97', () => {
      expect(isValidLuhn('4149439312345675')).to.equal(true);
      expect(isValidLuhn('4149439312345671')).to.equal(false);
      expect(isValidIban('UA213223130000026007233566001')).to.equal(true);
      expect(isValidIban('UA213223130000026007233566002')).to.equal(false);
      expect(isValidIban('UA21 3223 1300 0002 6007 2335 6600 1')).to.equal(true);
    });
  });

  describe('names of private persons', () => {
    it('finds a full name in either order and in the genitive', () => {
      expect(found('Заявник Петренко Олена Іванівна просить надати')).to.deep.equal([['name', 'Петренко Олена Іванівна']]);
      expect(found('від Олени Іванівни Петренко надійшов запит')).to.deep.equal([['name', 'Олени Іванівни Петренко']]);
      expect(found('на ім’я Коваленка Петра Сергійовича')).to.deep.equal([['name', 'Коваленка Петра Сергійовича']]);
    });
    it('finds initials before and after the surname, with and without spaces', () => {
      expect(found('Копію надіслати П. І. Петренку.')).to.deep.equal([['name', 'П. І. Петренку']]);
      expect(found('Копію надіслати П.І. Петренко.')).to.deep.equal([['name', 'П.І. Петренко']]);
      expect(found('Виконавець Петренко П.І. повідомив')).to.deep.equal([['name', 'Петренко П.І.']]);
      expect(found('Виконавець Гаврищук П. І., тел. відсутній')).to.deep.equal([['name', 'Гаврищук П. І.']]);
    });
    it('finds a first name beside a surname, and a surname after a role word', () => {
      expect(found('Сусідка Марія Шевчук скаржиться')).to.deep.equal([['name', 'Марія Шевчук']]);
      expect(found('Скарга гр. Коваленко розглянута')).to.deep.equal([['name', 'Коваленко']]);
    });
    it('keeps officials named in their duties (Law 2297-VI Art. 5 p.2) in any form, but not a namesake with another initial', () => {
      const options = { publicNames: ['Кличко Віталій Володимирович'] };
      expect(found('Голова КМДА Кличко В.В. підписав розпорядження', options)).to.deep.equal([]);
      expect(found('Лист підписав Віталій Кличко.', options)).to.deep.equal([]);
      expect(found('за підписом Кличка Віталія Володимировича', options)).to.deep.equal([]);
      expect(found('Мешканка Кличко О. П. скаржиться', options)).to.deep.equal([['name', 'Кличко О. П.']]);
    });
    it('leaves streets, institutions named after people and capitalised sentence starts alone', () => {
      expect(found('Ремонт на вул. Івана Франка та просп. Степана Бандери.')).to.deep.equal([]);
      expect(found('Університет імені Тараса Шевченка надав відповідь.')).to.deep.equal([]);
      expect(found('Прошу надати копію. Департамент розглянув запит.')).to.deep.equal([]);
    });
  });

  describe('addresses, contacts and numbers', () => {
    it('finds an address with its house and flat, not a street without a number', () => {
      expect(found('мешкає: м. Київ, вул. Січових Стрільців, буд. 12, кв. 45.')).to.deep.equal([['address', 'вул. Січових Стрільців, буд. 12, кв. 45']]);
      expect(found('за адресою просп. Перемоги 37/2')).to.deep.equal([['address', 'просп. Перемоги 37/2']]);
      expect(found('пров. Лабораторний, 7-А, кв. 3, поверх другий')).to.deep.equal([['address', 'пров. Лабораторний, 7-А, кв. 3']]);
      expect(found('Ремонт покриття на бульв. Лесі Українки заплановано.')).to.deep.equal([]);
    });
    it('finds phones in the usual ways of writing them', () => {
      for (const phone of ['+380671234567', '+38 (067) 123-45-67', '+380 67 123 45 67', '067 123 45 67', '(044) 234-56-78', '0501234567']) {
        expect(found(`телефон ${phone}, дзвонити вдень`), phone).to.deep.equal([['phone', phone]]);
      }
      expect(found('тел. 234-56-78')).to.deep.equal([['phone', '234-56-78']]);
    });
    it('finds e-mails, including Cyrillic domains', () => {
      expect(found('пишіть на olena.petrenko@ukr.net або на пошта@приклад.укр.')).to.deep.equal([
        ['email', 'olena.petrenko@ukr.net'], ['email', 'пошта@приклад.укр'],
      ]);
    });
    it('finds a РНОКПП by its check digit or by the word before it', () => {
      expect(found('код 3012345670 у договорі')).to.deep.equal([['tax-number', '3012345670']]);
      expect(found('РНОКПП 3012345679')).to.deep.equal([['tax-number', '3012345679']]);
      expect(found('номер справи 3012345671')).to.deep.equal([]);
    });
    it('finds passports: the booklet series and number, the ID card only beside the word', () => {
      expect(found('паспорт СН 123456 виданий')).to.deep.equal([['passport', 'СН 123456']]);
      expect(found('паспорт КВ123456')).to.deep.equal([['passport', 'КВ123456']]);
      expect(found('паспорт громадянина України у формі ID-картки № 001234567')).to.deep.equal([['passport', '001234567']]);
      expect(found('УНЗР 19900101-01234')).to.deep.equal([['passport', '19900101-01234']]);
      expect(found('кількість 001234567 примірників')).to.deep.equal([]);
    });
    it('finds card numbers that pass Luhn and IBANs that pass mod 97', () => {
      expect(found('на картку 4149 4393 1234 5675 зараховано')).to.deep.equal([['card', '4149 4393 1234 5675']]);
      expect(found('на картку 4149 4393 1234 5671 зараховано')).to.deep.equal([]);
      expect(found('рахунок UA213223130000026007233566001')).to.deep.equal([['iban', 'UA213223130000026007233566001']]);
      expect(found('рахунок UA213223130000026007233566002')).to.deep.equal([]);
    });
    it('finds a date of birth by the words around it, and no other date', () => {
      expect(found('Петро, 12.03.1985 р.н., звернувся')).to.deep.equal([['birth-date', '12.03.1985']]);
      expect(found('дата народження: 5 травня 1990 року')).to.deep.equal([['birth-date', '5 травня 1990 року']]);
      expect(found('1962 року народження')).to.deep.equal([['birth-date', '1962']]);
      expect(found('лист від 12.03.2024 № 865/03-8 розглянуто до 15 грудня 2025 року')).to.deep.equal([]);
    });
  });

  describe('decoys', () => {
    it('leaves registration indices, articles, amounts, ЄДРПОУ and the body’s own contacts', () => {
      const options = { publicValues: ['вул. Хрещатик, 36', '(044) 202-76-66', 'zagalny@kyivcity.gov.ua', 'UA908201720344310001000012345'] };
      const text = 'КМДА, вул. Хрещатик, 36, тел. (044) 202-76-66, zagalny@kyivcity.gov.ua. На запит від 01.12.2025 № 865/03-8 '
        + 'відповідно до ст. 22 Закону № 2939-VI, п. 7 ч. 1 ст. 6: сума 12 345,67 грн, 1 250 000 грн, код ЄДРПОУ 00022527, '
        + 'КПКВК 2717110, оплата на UA908201720344310001000012345. Звернення К-124/КО.';
      expect(found(text, options)).to.deep.equal([]);
    });
  });

  describe('replacing', () => {
    it('replaces each span by a mark naming its kind and keeps the rest of the text', () => {
      const text = 'Заявниця Петренко Олена Іванівна, тел. +380671234567, просить копію рішення від 12.03.2024 № 865/03-8.';
      const { masked, spans } = maskText(text);
      expect(spans.map((s) => s.kind)).to.deep.equal(['name', 'phone']);
      expect(masked).to.equal('Заявниця [приховано: ПІБ], тел. [приховано: телефон], просить копію рішення від 12.03.2024 № 865/03-8.');
      expect(applyMasks(text, [])).to.equal(text);
    });
  });
});
