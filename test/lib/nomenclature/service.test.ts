// The rule of a case file's index the nomenclature service applies before any SQL (CMU 55/2018:
// files are numbered within their department, so the index begins with the department's own).
import { expect } from 'chai';
import { isIndexOfDepartment } from '../../../lib/nomenclature/service.ts';

describe('nomenclature: the index of a case file', () => {
  it('begins with its department\'s index and a hyphen, or a dot for a sub-unit', () => {
    expect(isIndexOfDepartment('03-8', '03')).to.equal(true);
    expect(isIndexOfDepartment('03.1-8', '03')).to.equal(true);
    expect(isIndexOfDepartment('02-15.1', '02')).to.equal(true);
  });

  it('refuses another department\'s index, a prefix that only looks alike, and what is no index at all', () => {
    expect(isIndexOfDepartment('04-8', '03')).to.equal(false);
    expect(isIndexOfDepartment('030-8', '03')).to.equal(false);
    expect(isIndexOfDepartment('03-8/1', '03')).to.equal(false);
    expect(isIndexOfDepartment('03-', '03')).to.equal(false);
  });
});
