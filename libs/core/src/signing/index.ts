export * from './webhook-signer';
