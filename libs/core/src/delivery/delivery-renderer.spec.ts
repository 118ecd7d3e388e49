import { defineConnector, largestSampleEvent, sampleEvent } from '@hookpost/connector-sdk';
import { nestedEach } from '../templating/budget-templates.fixture';
import { renderDeliveryContent } from './delivery-renderer';

const plain = defineConnector({
  type: 'plain',
  displayName: 'Plain',
  description: 'The message as the body',
  urlHint: 'https://example.com',
  defaultMessage: '%CLIENT_NAME%',
  render: (message) => ({ body: { text: message }, headers: { 'x-plain': '1' } }),
});

describe('renderDeliveryContent', () => {
  it('gives the rendered request when the template renders', () => {
    expect(renderDeliveryContent(plain, '%CLIENT_NAME%!', sampleEvent('ReportPublished'))).toEqual({
      body: '{"text":"Acme Corp!"}',
      headers: { 'x-plain': '1' },
      renderError: null,
    });
  });

  it('gives the reason instead of throwing when it does not', () => {
    expect(renderDeliveryContent(plain, nestedEach(3, ''), largestSampleEvent('ReportPublished'))).toEqual({
      body: null,
      headers: null,
      renderError: 'Template exceeds the render budget: more than 10000 loop iterations',
    });
    expect(
      renderDeliveryContent(plain, '{{#if @hookpost.escape}}x{{/if}}', sampleEvent('ReportPublished')),
    ).toEqual({
      body: null,
      headers: null,
      renderError: expect.stringMatching(
        /^Line 1, column 7: "@hookpost.escape" cannot be used in a template/,
      ),
    });
  });
});
