import { describe, expect, test } from 'bun:test';
import { stringToMpdXml } from 'mpd-parser';
import { escapeXml, renderXmlDocument } from './xml-element.ts';

describe('escapeXml', () => {
  test('escapes markup, quotes and the whitespace attribute normalisation would eat', () => {
    expect(escapeXml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f');
    expect(escapeXml('tab\tlf\ncr\r')).toBe('tab&#9;lf&#10;cr&#13;');
    expect(escapeXml('plain/path_1.m4s?x=$Number$')).toBe('plain/path_1.m4s?x=$Number$');
    expect(escapeXml('emoji 🎥 and é')).toBe('emoji 🎥 and é');
  });

  test('refuses what XML 1.0 cannot carry at all', () => {
    for (const bad of [
      'nul\u0000',
      'bell\u0007',
      'esc\u001b',
      'lone \ud800 surrogate',
      'not a char \uffff',
    ]) {
      expect(() => escapeXml(bad)).toThrow(RangeError);
    }
  });
});

describe('renderXmlDocument', () => {
  test('declaration, two-space indent, self-closing leaves, text leaves, absent attributes dropped', () => {
    const text = renderXmlDocument({
      name: 'MPD',
      attributes: [
        ['type', 'dynamic'],
        ['absent', undefined],
      ],
      children: [
        { name: 'BaseURL', text: 'a&b/' },
        { name: 'Period', attributes: [['id', 'p"0']], children: [{ name: 'AdaptationSet' }] },
      ],
    });
    expect(text).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<MPD type="dynamic">',
        '  <BaseURL>a&amp;b/</BaseURL>',
        '  <Period id="p&quot;0">',
        '    <AdaptationSet/>',
        '  </Period>',
        '</MPD>',
        '',
      ].join('\n'),
    );
    const parsed = stringToMpdXml(text);
    expect(parsed.getElementsByTagName('Period')[0]?.getAttribute('id')).toBe('p"0');
  });

  test('refuses names that are not XML names and elements with both text and children', () => {
    expect(() => renderXmlDocument({ name: 'bad name' })).toThrow(RangeError);
    expect(() => renderXmlDocument({ name: 'A', attributes: [['x y', '1']] })).toThrow(RangeError);
    expect(() => renderXmlDocument({ name: 'A', text: 't', children: [{ name: 'B' }] })).toThrow(RangeError);
  });
});
