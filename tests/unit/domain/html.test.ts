import { describe, expect, it } from 'vitest';
import { escapeHtml, html, SafeHtml } from '../../../shared/domain/html';

describe('html builder', () => {
  it('escapes every character that can open a tag, close an attribute or start an entity', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\`</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;');
  });

  it('escapes interpolated values by default', () => {
    const name = '"><img src=x onerror=alert(1)>';
    expect(html`<input value="${name}">`.value).toBe('<input value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">');
  });

  it('inserts SafeHtml as it is, so nested templates are escaped exactly once', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner}</p>`.value).toBe('<p><b>&lt;i&gt;</b></p>');
  });

  it('joins arrays and drops undefined, null and false', () => {
    expect(html`${['<a>', new SafeHtml('<br>'), 3]}|${undefined}|${null}|${false}`.value).toBe('&lt;a&gt;<br>3|||');
  });

  it('escapes text that looks like an entity, so it shows as typed', () => {
    expect(html`${'&lt;'}`.value).toBe('&amp;lt;');
  });
});
