import type { CaseStep } from './conformance-case.js';
import { describePattern } from './field-pattern.js';
import { instructionFor } from './operator.js';

/** A step in words, as the report lists it. */
export function describeStep(step: CaseStep, stationId: string): string {
  switch (step.kind) {
    case 'expect-call':
      return `${step.optional === true ? 'may receive' : 'receive'} ${step.action} ${describePattern(step.fields)}${
        step.withinMs === undefined ? '' : ` within ${step.withinMs / 1000} s`
      }`;
    case 'send-call':
      return `send ${step.action}${
        step.expectError !== undefined
          ? `, expect CALLERROR ${[step.expectError].flat().join(' or ')}`
          : step.expect === undefined
            ? ''
            : `, expect ${describePattern(step.expect)}`
      }`;
    case 'send-raw':
      return `send the frame ${step.frame}, expect CALLERROR ${[step.expectError].flat().join(' or ')}`;
    case 'operator':
      return `operator: ${instructionFor(step.action, stationId)}`;
    case 'answer':
      return `answer ${step.action} with ${typeof step.answer === 'function' ? 'the case answer' : JSON.stringify(step.answer)}`;
    case 'expect-no-call':
      return `receive no ${step.action} ${step.fields === undefined ? '' : `${describePattern(step.fields)} `}for ${step.forMs / 1000} s`;
    case 'wait':
      return `wait ${step.ms / 1000} s`;
  }
}
