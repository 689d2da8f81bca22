/**
 * Mailer on SES (v1 API, as the design fixes @aws-sdk/client-ses). Only
 * addresses and fixed subjects reach headers; bodies were escaped when built.
 */
import { GetSendQuotaCommand, SendEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import { UnsendableEmail } from '../../domain/outbox';
import { isWellFormed } from '../../domain/text';
import type { Mailer, OutgoingEmail } from '../../ports';

export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESClient,
    private readonly from: string,
    private readonly options: {
      configurationSet?: string;
      /** The local SES emulator has no GetSendQuota; its health URL answers instead. */
      healthUrl?: string;
    } = {},
  ) {}

  async send(email: OutgoingEmail) {
    // Belt and braces: a CR or LF in a header value is how header injection starts.
    if (/[\r\n]/.test(email.to) || /[\r\n]/.test(email.subject)) throw new UnsendableEmail('Header values must be single lines');
    // A lone surrogate makes the SDK's form encoder throw (URIError) after the
    // client has taken a connection, and the client's next send then reads an
    // answer it cannot parse (seen with the SES emulator; a fresh client is
    // unaffected): such text never reaches the client.
    if (![email.to, email.subject, email.html, email.text].every(isWellFormed)) {
      throw new UnsendableEmail('The email holds text that cannot be encoded');
    }
    const out = await this.ses.send(
      new SendEmailCommand({
        Source: this.from,
        Destination: { ToAddresses: [email.to] },
        Message: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: { Html: { Data: email.html, Charset: 'UTF-8' }, Text: { Data: email.text, Charset: 'UTF-8' } },
        },
        ConfigurationSetName: this.options.configurationSet,
        Tags: [{ Name: 'template', Value: email.template }],
      }),
    );
    if (!out.MessageId) throw new Error('SES returned no MessageId');
    return { messageId: out.MessageId };
  }

  async ping() {
    if (this.options.healthUrl) {
      const response = await fetch(this.options.healthUrl, { signal: AbortSignal.timeout(2000) });
      if (!response.ok) throw new Error(`Mail service answered ${response.status}`);
      return;
    }
    await this.ses.send(new GetSendQuotaCommand({}));
  }
}
