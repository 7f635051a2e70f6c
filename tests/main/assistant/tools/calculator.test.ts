import { describe, expect, it } from 'vitest';
import { calculate } from '../../../../src/main/assistant/tools/calculator';

describe('calculate', () => {
  it.each([
    ['2 + 3 * 4', '14'],
    ['(2 + 3) * 4', '20'],
    ['sqrt(2)', '1.41421356237'],
    ['17.5% * 240', '42'],
    ['26.2 miles to km', '42.1648128 km'],
    ['5 cm + 2 inch', '10.08 cm'],
    ['sin(pi / 2)', '1'],
    ['max(3, 9, 4)', '9'],
    ['2 > 1 ? 3 : 4', '3'],
    ['1 / 0', 'Infinity'],
    ['factorial(1e7)', 'Infinity'],
  ])('%s = %s', (expression, expected) => {
    expect(calculate(expression)).toBe(expected);
  });

  it.each([
    ['', /empty/],
    ['2 +', /Could not read/],
    ['a = 3', /not allowed/],
    ['f(x) = x^2', /not allowed/],
    ['[1, 2]', /not allowed/],
    ['1:1e9', /not allowed/],
    ['km.constructor', /not allowed/],
    ['evaluate("1+1")', /"evaluate" is not available/],
    ['import({}, {})', /"import" is not available/],
    ['x + 1', /"x" is not a known constant or unit/],
    ['constructor', /not a known constant/],
    ['cos', /not a known constant/],
    ['"text"', /Only numbers/],
    ['1 + '.repeat(100) + '1', /limited to 300 characters|too long/],
  ])('refuses %s', (expression, message) => {
    expect(() => calculate(expression)).toThrow(message);
  });
});
