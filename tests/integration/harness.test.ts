/**
 * The shared test harness works over the wire: the global setup's DynamoDB
 * Local and SES emulator answer real SDK calls, and the helpers in
 * tests/support read the results back. If this file fails, every other
 * integration test's failure is probably the harness, not the app.
 */
import { randomUUID } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { SendEmailCommand } from '@aws-sdk/client-ses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTestTable, type TestTable } from '../support/dynamodb';
import { emulatorEndpoints } from '../support/endpoints';
import { extractLinks, listMail, localSesClient, uniqueAddress, waitForMail } from '../support/mail';
import { waitFor } from '../support/wait';

describe('DynamoDB Local through newTestTable', () => {
  let table: TestTable;
  beforeAll(async () => {
    table = await newTestTable();
  });
  afterAll(async () => {
    await table?.drop();
  });

  it('creates the table with the deployed keys, GSI and stream', async () => {
    const { Table } = await table.client.send(new DescribeTableCommand({ TableName: table.tableName }));
    expect(table.tableName).toMatch(/^mm-test-[0-9a-f]{12}$/);
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName)).toEqual(['gsi1']);
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
  });

  it('enforces a condition expression: a second create of the same key is refused', async () => {
    const pk = `P#${randomUUID()}`;
    const put = () =>
      table.client.send(
        new PutItemCommand({
          TableName: table.tableName,
          Item: { pk: { S: pk }, sk: { S: 'PROFILE' }, gsi1pk: { S: 'EMAIL#a' }, gsi1sk: { S: pk } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    await put();
    await expect(put()).rejects.toBeInstanceOf(ConditionalCheckFailedException);

    const { Item } = await table.client.send(
      new GetItemCommand({ TableName: table.tableName, Key: { pk: { S: pk }, sk: { S: 'PROFILE' } }, ConsistentRead: true }),
    );
    expect(Item?.gsi1pk).toEqual({ S: 'EMAIL#a' });
    const byIndex = await table.client.send(
      new QueryCommand({
        TableName: table.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :e',
        ExpressionAttributeValues: { ':e': { S: 'EMAIL#a' } },
      }),
    );
    expect(byIndex.Items?.map((i) => i.pk?.S)).toEqual([pk]);
  });

  it('applies a TransactWriteItems all-or-nothing: a failed condition cancels the other write', async () => {
    const pk = `M#${randomUUID()}`;
    const key = (sk: string) => ({ pk: { S: pk }, sk: { S: sk } });
    const accept = () =>
      table.client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Put: {
                TableName: table.tableName,
                Item: { ...key('MATCH'), status: { S: 'ACCEPTED' } },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: table.tableName,
                Key: key('CAPACITY'),
                UpdateExpression: 'ADD used :one',
                ConditionExpression: 'attribute_not_exists(used) OR used < :cap',
                ExpressionAttributeValues: { ':one': { N: '1' }, ':cap': { N: '5' } },
              },
            },
          ],
        }),
      );
    await accept();
    await expect(accept()).rejects.toBeInstanceOf(TransactionCanceledException);

    const { Item } = await table.client.send(new GetItemCommand({ TableName: table.tableName, Key: key('CAPACITY'), ConsistentRead: true }));
    expect(Item?.used).toEqual({ N: '1' });
  });
});

describe('SES emulator through the mail helpers', () => {
  it('stores an email sent with the SES SDK; waitForMail finds it by recipient and subject', async () => {
    const to = uniqueAddress('harness');
    const ses = localSesClient();
    try {
      await ses.send(
        new SendEmailCommand({
          Source: 'Mentor Match <no-reply@mentor-match.example.org>',
          Destination: { ToAddresses: [`Test Person <${to.toUpperCase()}>`] },
          Message: {
            Subject: { Data: 'Confirm your email' },
            Body: {
              Html: { Data: '<p>Hello &lt;you&gt;</p><p><a href="http://127.0.0.1:1/confirm-email?t=abc&amp;x=1">Confirm</a></p>' },
              Text: { Data: 'Hello <you>\n\nConfirm: http://127.0.0.1:1/confirm-email?t=abc&x=1.\n' },
            },
          },
        }),
      );
    } finally {
      ses.destroy();
    }

    const mail = await waitForMail({ to, subject: /Confirm your email/, timeoutMs: 5_000 });
    expect(mail.body.html).toContain('Hello &lt;you&gt;');
    expect(mail.body.text).toContain('Hello <you>');
    expect(extractLinks(mail.body.html ?? '')).toEqual(['http://127.0.0.1:1/confirm-email?t=abc&x=1']);
    expect(extractLinks(mail.body.text ?? '')).toEqual(['http://127.0.0.1:1/confirm-email?t=abc&x=1']);
    expect(await listMail({ to })).toHaveLength(1);
    expect(await listMail({ to: uniqueAddress('nobody') })).toEqual([]);
  });

  it('times out with a message naming what never arrived', async () => {
    const to = uniqueAddress('never');
    await expect(waitForMail({ to, timeoutMs: 300 })).rejects.toThrow(`an email to ${to}`);
  });

  it('exposes the endpoints to workers through inject and the environment alike', async () => {
    const { dynamodb, ses } = emulatorEndpoints();
    expect(process.env.DYNAMODB_ENDPOINT).toBe(dynamodb);
    expect(process.env.SES_ENDPOINT).toBe(ses);
    expect(await waitFor(async () => (await fetch(`${ses}/health-check`)).ok)).toBe(true);
  });
});
