import { describe, expect, it } from 'vitest';
import { escapeControls, terminalSafe } from '../src/terminal';

describe('escaping what reaches the terminal', () => {
  it('C0, DEL, C1 and bidi controls become \\uXXXX; newlines stay unless asked', () => {
    expect(escapeControls('a\u001b[2Jb\u0007\u007f\u009b\u202e\u2069\u200e\u061c\n')).toBe(
      'a\\u001b[2Jb\\u0007\\u007f\\u009b\\u202e\\u2069\\u200e\\u061c\n',
    );
    expect(escapeControls('a\nb\tc\r', { newlines: false })).toBe('a\\u000ab\\u0009c\\u000d');
    expect(escapeControls('ação 温度 👍 ŷ')).toBe('ação 温度 👍 ŷ');
  });
  it('the escape is JSON’s own: escaped --json output parses back to the same characters', () => {
    const json = JSON.stringify({ name: 'x\u202e\u0085\u007f' });
    expect(JSON.parse(escapeControls(json))).toEqual({ name: 'x\u202e\u0085\u007f' });
  });
  it('on a terminal, only the CLI’s own bold and dim pass', () => {
    expect(terminalSafe('\u001b[1mW\u001b[22m = \u001b[2m3\u001b[22m', true)).toBe(
      '\u001b[1mW\u001b[22m = \u001b[2m3\u001b[22m',
    );
    expect(terminalSafe('\u001b[31mred\u001b]0;t\u0007', true)).toBe('\\u001b[31mred\\u001b]0;t\\u0007');
    expect(terminalSafe('\u001b[1mW', false)).toBe('\\u001b[1mW');
  });
});
