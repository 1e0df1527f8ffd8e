/**
 * Where JSON text first goes wrong, as a character offset. Node 20's JSON.parse often omits the
 * position ("Unexpected token '}'"), and users need line:col, so we scan the text ourselves.
 * Returns -1 when the text is valid JSON. Iterative (no recursion), so deep nesting cannot overflow.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const str = (): boolean => {
    if (text[i] !== '"') return false;
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return true;
      }
      if (c < 32) return false;
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else {
          i++;
          return false;
        }
      } else i++;
    }
    return false;
  };
  const NUM = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const scalar = (): boolean => {
    const c = text[i];
    if (c === '"') return str();
    for (const lit of ['true', 'false', 'null']) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return true;
      }
    }
    NUM.lastIndex = i;
    const m = NUM.exec(text);
    if (m && m[0].length > 0) {
      i += m[0].length;
      return true;
    }
    return false;
  };
  // Stack of open containers: '{' or '['.
  const stack: string[] = [];
  ws();
  for (;;) {
    // Expect a value.
    ws();
    if (text[i] === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
      } else {
        if (!str()) return Math.min(i, n);
        ws();
        if (text[i] !== ':') return Math.min(i, n);
        i++;
        stack.push('{');
        continue;
      }
    } else if (text[i] === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
      } else {
        stack.push('[');
        continue;
      }
    } else if (!scalar()) return Math.min(i, n);
    // After a value: close containers or move to the next member.
    for (;;) {
      ws();
      const top = stack[stack.length - 1];
      if (top === undefined) return i === n ? -1 : i;
      const c = text[i];
      if (c === ',') {
        i++;
        if (top === '{') {
          ws();
          if (!str()) return Math.min(i, n);
          ws();
          if (text[i] !== ':') return Math.min(i, n);
          i++;
        }
        break;
      }
      if ((top === '{' && c === '}') || (top === '[' && c === ']')) {
        i++;
        stack.pop();
        continue;
      }
      return Math.min(i, n);
    }
  }
}
