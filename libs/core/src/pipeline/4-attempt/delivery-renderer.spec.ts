import { defineConnector, largestSampleEvent, sampleEvent } from '@hookpost/connector-sdk';
import { nestedEach } from '../../templating/budget-templates.fixture';
import { TemplateError } from '../../templating/template-renderer';
import { renderDelivery } from './delivery-renderer';

const plain = defineConnector({
  type: 'plain',
  displayName: 'Plain',
  description: 'The message as the body',
  urlHint: 'https://example.com',
  defaultMessage: '%CLIENT_NAME%',
  render: (message) => ({ body: { text: message }, headers: { 'x-plain': '1' } }),
});

describe('renderDelivery', () => {
  it('gives the exact bytes to send and the connector’s headers', () => {
    expect(renderDelivery(plain, '%CLIENT_NAME%!', sampleEvent('ReportPublished'))).toEqual({
      body: '{"text":"Acme Corp!"}',
      headers: { 'x-plain': '1' },
    });
  });

  it('throws a TemplateError saying why when the template cannot be rendered', () => {
    // The clock held still (fake timers fake performance.now): on a loaded machine the 50 ms backstop
    // would otherwise stop this render before the counted limit it asserts.
    jest.useFakeTimers();
    try {
      expect(() => renderDelivery(plain, nestedEach(3, ''), largestSampleEvent('ReportPublished'))).toThrow(
        new TemplateError('Template exceeds the render budget: more than 10000 loop iterations'),
      );
    } finally {
      jest.useRealTimers();
    }
    expect(() =>
      renderDelivery(plain, '{{#if @hookpost.escape}}x{{/if}}', sampleEvent('ReportPublished')),
    ).toThrow(/^Line 1, column 7: "@hookpost.escape" cannot be used in a template/);
  });
});
