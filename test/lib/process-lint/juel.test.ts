import { expect } from 'chai';
import { equalityTest, isAllowedValue, parse, plainVariable, segments, variablesRead, variablesReadIn } from '../../../lib/process-lint/juel.ts';

describe('process lint: JUEL', () => {
  it('splits composite values into text and expressions, braces inside quotes included', () => {
    expect(segments('${execution.processInstanceId}:sign')).to.deep.equal([
      { kind: 'expression', body: 'execution.processInstanceId' },
      { kind: 'text', text: ':sign' },
    ]);
    expect(segments("a #{x == '}'} b")).to.deep.equal([
      { kind: 'text', text: 'a ' },
      { kind: 'expression', body: "x == '}'" },
      { kind: 'text', text: ' b' },
    ]);
    expect(segments('${open')).to.equal(undefined);
    expect(segments('plain text')).to.deep.equal([{ kind: 'text', text: 'plain text' }]);
  });

  it('names the variables a condition reads, and nothing else', () => {
    expect(variablesRead("a == 'x' || b")).to.deep.equal(['a', 'b']);
    expect(variablesRead('!accepted')).to.deep.equal(['accepted']);
    expect(variablesRead("execution.getVariable('x') == true")).to.deep.equal(['x']);
    expect(variablesRead("a eq 'b' and not c ne null or empty d && e != false")).to.deep.equal(['a', 'c', 'd', 'e']);
    expect(variablesRead("v.prop('p').stringValue() == 'q'")).to.deep.equal(['v']);
    expect(variablesRead('now() != null && execution.processInstanceId != null')).to.deep.equal([]);
    // A condition that does not parse still names its variables.
    expect(variablesRead("count + > 1 || shortTerm")).to.deep.equal(['count', 'shortTerm']);
    expect(variablesReadIn("${a} and ${execution.getVariable('b')}")).to.deep.equal(['a', 'b']);
  });

  it('parses precedence, the conditional and member calls', () => {
    expect(parse("a || b && c")).to.deep.equal({
      kind: 'binary', op: '||', left: { kind: 'variable', name: 'a' },
      right: { kind: 'binary', op: '&&', left: { kind: 'variable', name: 'b' }, right: { kind: 'variable', name: 'c' } },
    });
    expect(parse("x.hasProp('p') ? 1 : null")?.kind).to.equal('conditional');
    expect(parse('a ==')).to.equal(undefined);
    expect(parse('a b')).to.equal(undefined);
  });

  it('knows a plain variable reference', () => {
    expect(plainVariable('${dueDateTime}')).to.equal('dueDateTime');
    expect(plainVariable(' #{ reminderDateTime } ')).to.equal('reminderDateTime');
    expect(plainVariable('${null}')).to.equal(undefined);
    expect(plainVariable('${a.b}')).to.equal(undefined);
    expect(plainVariable('x${a}')).to.equal(undefined);
  });

  it('allows only the shapes that read data', () => {
    for (const value of [
      '${decision}', '${null}', '${true}', '${!accepted}', "${a == 'x' || b}", "${shortTerm != true && (n >= 3 || n lt -1)}",
      "${execution.getVariable('replyNeeded') == true}", "${not empty forwardTo}",
      '${execution.processInstanceId}', '${execution.processInstanceId}:task-id',
      "${assignment.prop('candidateGroup').stringValue()}",
      "${assignment.hasProp('username') ? assignment.prop('username').stringValue() : null}",
      // A Spin JSON array's items, the collection of a multi-instance activity.
      '${executionAssignments.elements()}', '#{ infoBranches.elements() }',
      'plain text', '',
    ]) expect(isAllowedValue(value), value).to.equal(true);
    for (const value of [
      '${dateTime().plusDays(10).toDate()}', '${now().toInstant().toString()}',
      '${a.elements(1)}', "${a.prop('items').elements()}", '${a.elements().get(0)}', '${a.elements}', '${execution.elements()}', '${elements()}',
      '${pages + 1}', '${a ? b : c}', '${bean.run(execution)}', '${execution.setVariable(\'x\', 1)}', "${execution.getVariable(x)}",
      "${v.prop(p).stringValue()}", "${v.hasProp('a') ? v.prop('b').stringValue() : null}", '${execution}', '${a[0]}',
      '${x', '${fn:concat(a, b)}', '${a instanceof b}', '${execution.processDefinitionId}',
    ]) expect(isAllowedValue(value), value).to.equal(false);
  });

  it('tells the one variable and value a condition tests, negated by != and each !', () => {
    const test = (variable: string, value: string | boolean, negated = false) => ({ variable, value, negated });
    expect(equalityTest("${approval == 'approve'}")).to.deep.equal(test('approval', 'approve'));
    expect(equalityTest("  #{'approve' eq approval}\n")).to.deep.equal(test('approval', 'approve'));
    expect(equalityTest("${execution.getVariable('approval') == 'approve'}")).to.deep.equal(test('approval', 'approve'));
    expect(equalityTest('${requestExtension == true}')).to.deep.equal(test('requestExtension', true));
    expect(equalityTest('${requestExtension}')).to.deep.equal(test('requestExtension', true));
    expect(equalityTest('${requestExtension != true}')).to.deep.equal(test('requestExtension', true, true));
    expect(equalityTest('${!requestExtension}')).to.deep.equal(test('requestExtension', true, true));
    expect(equalityTest('${not (requestExtension ne false)}')).to.deep.equal(test('requestExtension', false, false));
    expect(equalityTest('${!!requestExtension}')).to.deep.equal(test('requestExtension', true));
    for (const value of [
      "${approval == 'approve' && x}", "${a || b}", '${a == b}', '${n == 1}', '${a == null}', '${a.b == true}',
      "x${approval}", "${a} ${b}", '${execution}', '${', 'plain',
    ]) expect(equalityTest(value), value).to.equal(undefined);
  });
});
