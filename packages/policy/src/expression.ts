// The condition language of lifecycle rules: a hand-written tokenizer,
// recursive-descent parser and tree-walking evaluator. It never calls eval,
// Function or vm, and an expression can read nothing but the variables that
// the caller passes in, so rules stored by users cannot run code.
//
//   expression := or
//   or         := and ("or" and)*
//   and        := not ("and" not)*
//   not        := "not" not | comparison
//   comparison := operand [("==" | "!=" | "<" | "<=" | ">" | ">=") operand | ["not"] "in" list]
//   operand    := number | string | "true" | "false" | "null" | name | "(" expression ")"
//   list       := "[" [operand ("," operand)*] "]"

/** Maximum length of an expression, in characters. */
export const maxExpressionLength = 1000;
/** Maximum nesting of parentheses and `not`, so that the recursive parser cannot exhaust the stack. */
export const maxExpressionDepth = 32;
/** Maximum number of values in one `in [...]` list. */
export const maxListLength = 100;

export type Value = number | string | boolean | null;

export type ComparisonOperator = "==" | "!=" | "<" | "<=" | ">" | ">=";

export type Expression =
  | { kind: "literal"; value: Value; position: number }
  | { kind: "variable"; name: string; position: number }
  | { kind: "not"; operand: Expression; position: number }
  | { kind: "and" | "or"; left: Expression; right: Expression; position: number }
  | { kind: "compare"; operator: ComparisonOperator; left: Expression; right: Expression; position: number }
  | { kind: "in"; negated: boolean; operand: Expression; list: Expression[]; position: number };

/** An expression that does not parse; `position` is the 0-based offset of the offending character. */
export class ExpressionSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly position: number,
  ) {
    super(`${reason} at position ${position + 1}`);
    this.name = "ExpressionSyntaxError";
  }
}

/** An expression that parsed but cannot be evaluated with the given variables, such as one that yields a number. */
export class ExpressionEvaluationError extends Error {
  constructor(
    readonly reason: string,
    readonly position: number,
  ) {
    super(`${reason} at position ${position + 1}`);
    this.name = "ExpressionEvaluationError";
  }
}

type TokenKind = "number" | "string" | "name" | "keyword" | "operator" | "end";

interface Token {
  kind: TokenKind;
  text: string;
  value?: Value;
  position: number;
}

const keywords = new Set(["and", "or", "not", "in", "true", "false", "null"]);
const twoCharacterOperators = ["==", "!=", "<=", ">="];
const oneCharacterOperators = ["<", ">", "(", ")", "[", "]", ","];
const namePattern = /[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/y;
const numberPattern = /-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?/y;

function readString(source: string, start: number): Token {
  const quote = source[start];
  let text = "";
  let index = start + 1;
  while (index < source.length) {
    const character = source[index]!;
    if (character === quote) return { kind: "string", text: source.slice(start, index + 1), value: text, position: start };
    if (character === "\\") {
      const escaped = source[index + 1];
      if (escaped === undefined) break;
      if (escaped !== "\\" && escaped !== '"' && escaped !== "'") {
        throw new ExpressionSyntaxError(`Unknown escape "\\${escaped}" in a string; only \\\\, \\" and \\' are allowed`, index);
      }
      text += escaped;
      index += 2;
      continue;
    }
    text += character;
    index += 1;
  }
  throw new ExpressionSyntaxError("Unterminated string", start);
}

/** Splits an expression into tokens; throws ExpressionSyntaxError on a character that starts no token. */
export function tokenize(source: string): Token[] {
  if (source.length > maxExpressionLength) {
    throw new ExpressionSyntaxError(`Expression is longer than the maximum of ${maxExpressionLength} characters`, maxExpressionLength);
  }
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const character = source[index]!;
    if (/\s/.test(character)) {
      index += 1;
      continue;
    }
    if (character === '"' || character === "'") {
      const token = readString(source, index);
      tokens.push(token);
      index += token.text.length;
      continue;
    }
    numberPattern.lastIndex = index;
    const number = numberPattern.exec(source);
    // A minus sign belongs to a number only where an operand may start, so "a -1" stays an error.
    const previous = tokens.at(-1);
    const operandExpected = previous === undefined || (["operator", "keyword"].includes(previous.kind) && !["true", "false", "null", ")", "]"].includes(previous.text));
    if (number && (character !== "-" || operandExpected)) {
      tokens.push({ kind: "number", text: number[0], value: Number(number[0]), position: index });
      index += number[0].length;
      continue;
    }
    namePattern.lastIndex = index;
    const name = namePattern.exec(source);
    if (name) {
      tokens.push({ kind: keywords.has(name[0]) ? "keyword" : "name", text: name[0], position: index });
      index += name[0].length;
      continue;
    }
    const operator = twoCharacterOperators.find((candidate) => source.startsWith(candidate, index)) ?? oneCharacterOperators.find((candidate) => candidate === character);
    if (operator) {
      tokens.push({ kind: "operator", text: operator, position: index });
      index += operator.length;
      continue;
    }
    let hint = "";
    if (character === "=") hint = '; compare with "=="';
    else if (character === "&" || character === "|" || character === "!") hint = '; write "and", "or" and "not"';
    throw new ExpressionSyntaxError(`Unexpected character "${character}"${hint}`, index);
  }
  tokens.push({ kind: "end", text: "", position: source.length });
  return tokens;
}

function describeToken(token: Token): string {
  return token.kind === "end" ? "the end of the expression" : `"${token.text}"`;
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Expression {
    if (this.peek().kind === "end") throw new ExpressionSyntaxError("Expression is empty", 0);
    const expression = this.parseOr();
    const next = this.peek();
    if (next.kind !== "end") throw new ExpressionSyntaxError(`Unexpected ${describeToken(next)}; expected "and", "or" or the end of the expression`, next.position);
    return expression;
  }

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private next(): Token {
    const token = this.tokens[this.index]!;
    if (token.kind !== "end") this.index += 1;
    return token;
  }

  private accept(text: string): Token | undefined {
    const token = this.peek();
    if ((token.kind === "keyword" || token.kind === "operator") && token.text === text) return this.next();
    return undefined;
  }

  private expect(text: string, context: string): Token {
    const token = this.accept(text);
    if (token) return token;
    const found = this.peek();
    throw new ExpressionSyntaxError(`Expected "${text}" ${context}, found ${describeToken(found)}`, found.position);
  }

  private nested<T>(position: number, parse: () => T): T {
    this.depth += 1;
    if (this.depth > maxExpressionDepth) throw new ExpressionSyntaxError(`Expression is nested deeper than the maximum of ${maxExpressionDepth} levels`, position);
    try {
      return parse();
    } finally {
      this.depth -= 1;
    }
  }

  private parseOr(): Expression {
    let left = this.parseAnd();
    for (let token = this.accept("or"); token; token = this.accept("or")) {
      left = { kind: "or", left, right: this.parseAnd(), position: token.position };
    }
    return left;
  }

  private parseAnd(): Expression {
    let left = this.parseNot();
    for (let token = this.accept("and"); token; token = this.accept("and")) {
      left = { kind: "and", left, right: this.parseNot(), position: token.position };
    }
    return left;
  }

  private parseNot(): Expression {
    const token = this.accept("not");
    if (token) return this.nested(token.position, () => ({ kind: "not", operand: this.parseNot(), position: token.position }));
    return this.parseComparison();
  }

  private parseComparison(): Expression {
    const left = this.parseOperand();
    const token = this.peek();
    if (token.kind === "operator" && ["==", "!=", "<", "<=", ">", ">="].includes(token.text)) {
      this.next();
      return { kind: "compare", operator: token.text as ComparisonOperator, left, right: this.parseOperand(), position: token.position };
    }
    const negation = this.peek().kind === "keyword" && this.peek().text === "not" && this.tokens[this.index + 1]?.text === "in" ? this.next() : undefined;
    const membership = this.accept("in");
    if (membership) {
      return { kind: "in", negated: negation !== undefined, operand: left, list: this.parseList(), position: (negation ?? membership).position };
    }
    return left;
  }

  private parseList(): Expression[] {
    this.expect("[", 'after "in"');
    const list: Expression[] = [];
    if (this.accept("]")) return list;
    do {
      if (list.length === maxListLength) throw new ExpressionSyntaxError(`List has more than the maximum of ${maxListLength} values`, this.peek().position);
      list.push(this.parseOperand());
    } while (this.accept(","));
    this.expect("]", "to close the list");
    return list;
  }

  private parseOperand(): Expression {
    const token = this.next();
    switch (token.kind) {
      case "number":
      case "string":
        return { kind: "literal", value: token.value!, position: token.position };
      case "name":
        return { kind: "variable", name: token.text, position: token.position };
      case "keyword":
        if (token.text === "true" || token.text === "false") return { kind: "literal", value: token.text === "true", position: token.position };
        if (token.text === "null") return { kind: "literal", value: null, position: token.position };
        break;
      case "operator":
        if (token.text === "(") {
          const inner = this.nested(token.position, () => this.parseOr());
          this.expect(")", "to close the parenthesis");
          return inner;
        }
        break;
      case "end":
        break;
    }
    throw new ExpressionSyntaxError(`Unexpected ${describeToken(token)}; expected a value, a name or "("`, token.position);
  }
}

/** Parses a condition; throws ExpressionSyntaxError naming the position of the first problem. */
export function parseExpression(source: string): Expression {
  return new Parser(tokenize(source)).parse();
}

/** Lists the variable names an expression reads, in order of first use. */
export function variablesOf(expression: Expression): string[] {
  const names = new Set<string>();
  const visit = (node: Expression): void => {
    switch (node.kind) {
      case "variable":
        names.add(node.name);
        break;
      case "not":
        visit(node.operand);
        break;
      case "and":
      case "or":
      case "compare":
        visit(node.left);
        visit(node.right);
        break;
      case "in":
        visit(node.operand);
        node.list.forEach(visit);
        break;
      case "literal":
        break;
    }
  };
  visit(expression);
  return [...names];
}

export type Variables = ReadonlyMap<string, Value> | Readonly<Record<string, Value>>;

function lookup(variables: Variables, name: string): Value {
  if (variables instanceof Map) return variables.get(name) ?? null;
  // Own properties only, so that names such as "constructor" or "__proto__" read nothing from the prototype.
  const record = variables as Readonly<Record<string, Value>>;
  return Object.hasOwn(record, name) ? (record[name] ?? null) : null;
}

// Characteristic values often arrive as text ("5"); a number compared with numeric text compares as numbers.
function numericPair(left: Value, right: Value): [number, number] | undefined {
  const asNumber = (value: Value) => (typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)) ? Number(value) : undefined);
  if (typeof left !== "number" && typeof right !== "number") return undefined;
  const leftNumber = asNumber(left);
  const rightNumber = asNumber(right);
  return leftNumber === undefined || rightNumber === undefined ? undefined : [leftNumber, rightNumber];
}

function equals(left: Value, right: Value): boolean {
  const numbers = numericPair(left, right);
  return numbers ? numbers[0] === numbers[1] : left === right;
}

function compare(operator: ComparisonOperator, left: Value, right: Value): boolean {
  if (operator === "==") return equals(left, right);
  if (operator === "!=") return !equals(left, right);
  // An ordering comparison with an unknown value (null) or across types is false, so that a rule on a
  // telemetry figure that the cluster cannot report does not fire.
  const numbers = numericPair(left, right);
  const [a, b] = numbers ?? (typeof left === "string" && typeof right === "string" ? [left, right] : [undefined, undefined]);
  if (a === undefined || b === undefined) return false;
  switch (operator) {
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
  }
}

function evaluateNode(node: Expression, variables: Variables): Value {
  switch (node.kind) {
    case "literal":
      return node.value;
    case "variable":
      return lookup(variables, node.name);
    case "not":
      return !evaluateBoolean(node.operand, variables, '"not"');
    case "and":
      return evaluateBoolean(node.left, variables, '"and"') && evaluateBoolean(node.right, variables, '"and"');
    case "or":
      return evaluateBoolean(node.left, variables, '"or"') || evaluateBoolean(node.right, variables, '"or"');
    case "compare":
      return compare(node.operator, evaluateNode(node.left, variables), evaluateNode(node.right, variables));
    case "in": {
      const value = evaluateNode(node.operand, variables);
      const found = node.list.some((entry) => equals(value, evaluateNode(entry, variables)));
      return node.negated ? !found : found;
    }
  }
}

function evaluateBoolean(node: Expression, variables: Variables, context: string): boolean {
  const value = evaluateNode(node, variables);
  if (typeof value !== "boolean") {
    const shown = node.kind === "variable" ? `"${node.name}" is ${JSON.stringify(value)}` : `the value is ${JSON.stringify(value)}`;
    throw new ExpressionEvaluationError(`Expected true or false for ${context}, but ${shown}`, node.position);
  }
  return value;
}

/**
 * Evaluates a parsed condition with the given variables. A name that is not among them reads as null.
 * Throws ExpressionEvaluationError when the condition, or an operand of and/or/not, is not a boolean.
 */
export function evaluateCondition(expression: Expression, variables: Variables): boolean {
  return evaluateBoolean(expression, variables, "the condition");
}
