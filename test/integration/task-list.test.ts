// The tasklist's paging and filters against the real engine: with ~1,500 staff, group queues grow
// past one page, and a clerk looks up the tasks of one case by its id.
import { expect } from 'chai';
import { samplePdf } from '../support/files.ts';
import { ApiSession, eventually } from '../support/stack.ts';

interface TaskRow { id: string; businessKey: string | null; taskDefinitionKey: string; created: string }

function upload(summary: string): FormData {
  const form = new FormData();
  form.set('metadata', JSON.stringify({ correspondent: 'ТОВ «Київтеплоенерго»', summary }));
  form.set('file', new Blob([new Uint8Array(samplePdf(summary))]), 'scan.pdf');
  return form;
}

describe('task list: paging and filters', function () {
  let clerk: ApiSession;
  const ids: string[] = [];

  before(async function () {
    clerk = await ApiSession.login('clerk');
    for (const summary of ['Paging one', 'Paging two', 'Paging three']) {
      const posted = await clerk.request<{ id: string }>('POST', '/api/v1/documents', upload(summary));
      expect(posted.status).to.equal(202);
      ids.push(posted.body.id);
    }
    for (const id of ids) {
      await eventually(`the card check of ${id}`, async () => {
        const res = await clerk.request<TaskRow[]>('GET', `/api/v1/tasks?businessKey=${id}&taskDefinitionKey=check-registration-card`);
        return res.body.length === 1 ? res.body : undefined;
      });
    }
  });

  it('filters by case and by kind of task', async function () {
    const one = await clerk.request<TaskRow[]>('GET', `/api/v1/tasks?businessKey=${ids[1]}`);
    expect(one.status).to.equal(200);
    expect(one.body.map((t) => t.businessKey)).to.deep.equal([ids[1]]);
    expect(one.headers.get('x-total-count')).to.equal('1');
    const none = await clerk.request<TaskRow[]>('GET', `/api/v1/tasks?businessKey=${ids[1]}&taskDefinitionKey=resolve-document`);
    expect(none.body).to.deep.equal([]);
    expect(none.headers.get('x-total-count')).to.equal('0');
  });

  it('pages through the whole list in one stable order, with the total in x-total-count', async function () {
    const all = await clerk.request<TaskRow[]>('GET', '/api/v1/tasks?taskDefinitionKey=check-registration-card&max=200');
    const total = Number(all.headers.get('x-total-count'));
    expect(total).to.be.at.least(3);
    expect(all.body).to.have.length(Math.min(total, 200));
    const paged: string[] = [];
    for (let first = 0; first < Math.min(total, 200); first += 2) {
      const page = await clerk.request<TaskRow[]>('GET', `/api/v1/tasks?taskDefinitionKey=check-registration-card&first=${first}&max=2`);
      expect(page.status).to.equal(200);
      expect(page.body.length).to.be.at.most(2);
      paged.push(...page.body.map((t) => t.id));
    }
    expect(paged).to.deep.equal(all.body.map((t) => t.id));
    for (const id of ids) expect(paged.some((taskId) => all.body.find((t) => t.id === taskId)?.businessKey === id)).to.equal(true);
  });

  it('refuses a page size beyond 200 and unknown parameters, naming the field', async function () {
    const big = await clerk.request<{ errors: Array<{ field: string }> }>('GET', '/api/v1/tasks?max=1000');
    expect(big.status).to.equal(400);
    expect(big.body.errors.map((e) => e.field).join(' ')).to.contain('max');
    const unknown = await clerk.request('GET', '/api/v1/tasks?assignee=someone');
    expect(unknown.status).to.equal(400);
  });
});
