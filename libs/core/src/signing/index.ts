export * from './server-signing-key';
export * from './signature-scheme';
export * from './webhook-signer';
