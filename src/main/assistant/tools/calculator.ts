import { all, create, type MathNode } from 'mathjs';

/**
 * Arithmetic, functions and unit conversions ("26.2 miles to km") with mathjs's expression
 * parser — never `eval`. The parsed tree is checked against a whitelist before it is
 * evaluated: no assignments, no function definitions, no property access, no matrices or
 * ranges (which could allocate without bound), and only the functions listed below. The
 * tree is then evaluated with an empty scope, so nothing outside the expression is reachable.
 */
const math = create(all as NonNullable<typeof all>, { number: 'number' });

const MAX_EXPRESSION_CHARS = 300;
const MAX_NODES = 200;

const ALLOWED_FUNCTIONS = new Set([
  'abs',
  'sqrt',
  'cbrt',
  'nthRoot',
  'exp',
  'log',
  'log10',
  'log2',
  'pow',
  'mod',
  'round',
  'floor',
  'ceil',
  'fix',
  'sign',
  'min',
  'max',
  'mean',
  'median',
  'sum',
  'hypot',
  'gcd',
  'lcm',
  'sin',
  'cos',
  'tan',
  'asin',
  'acos',
  'atan',
  'atan2',
  'sinh',
  'cosh',
  'tanh',
  'sec',
  'csc',
  'cot',
  'factorial',
  'to',
]);

const ALLOWED_NODES = new Set([
  'ConstantNode',
  'OperatorNode',
  'ParenthesisNode',
  'SymbolNode',
  'FunctionNode',
  'ConditionalNode',
]);

export class CalculatorError extends Error {}

export function calculate(expression: string): string {
  const text = expression.trim();
  if (!text) throw new CalculatorError('The expression is empty.');
  if (text.length > MAX_EXPRESSION_CHARS)
    throw new CalculatorError(`Expressions are limited to ${MAX_EXPRESSION_CHARS} characters.`);
  let tree: MathNode;
  try {
    tree = math.parse(text);
  } catch (error) {
    throw new CalculatorError(`Could not read the expression: ${messageOf(error)}`);
  }
  checkTree(tree);
  let value: unknown;
  try {
    value = tree.compile().evaluate({});
  } catch (error) {
    throw new CalculatorError(`Could not calculate it: ${messageOf(error)}`);
  }
  if (
    typeof value === 'function' ||
    value === undefined ||
    (typeof value === 'object' && value !== null && !math.isUnit(value))
  )
    throw new CalculatorError('The expression does not have a single value.');
  return math.format(value as number, { precision: 12 });
}

function checkTree(tree: MathNode): void {
  let count = 0;
  tree.traverse((node, _path, parent) => {
    count++;
    if (count > MAX_NODES) throw new CalculatorError('The expression is too long.');
    if (!ALLOWED_NODES.has(node.type))
      throw new CalculatorError(`"${node.toString()}" is not allowed in a calculation.`);
    if (math.isConstantNode(node) && typeof node.value !== 'number')
      throw new CalculatorError('Only numbers, units and functions can be calculated.');
    if (math.isFunctionNode(node)) {
      const name = math.isSymbolNode(node.fn) ? node.fn.name : null;
      if (!name || !ALLOWED_FUNCTIONS.has(name))
        throw new CalculatorError(`The function "${name ?? node.fn.toString()}" is not available.`);
    } else if (
      math.isSymbolNode(node) &&
      !(parent && math.isFunctionNode(parent) && parent.fn === node)
    ) {
      // A bare name must be a constant (pi, e) or a unit (km, inch), never a function.
      if (!isConstantOrUnit(node.name))
        throw new CalculatorError(`"${node.name}" is not a known constant or unit.`);
    }
  });
}

const CONSTANTS = new Set(['pi', 'e', 'tau', 'phi', 'Infinity', 'true', 'false']);

function isConstantOrUnit(name: string): boolean {
  if (CONSTANTS.has(name)) return true;
  try {
    return math.Unit.isValuelessUnit(name);
  } catch {
    return false;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
